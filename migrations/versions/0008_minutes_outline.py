"""minutes.outline (the facilitator's outline of the document), minutes.next_month and
minutes.next_when (a next meeting as a month or in words), vote_candidates.reworded_from
(a candidate reworded on its own)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 09:00:00

Written by hand (minutes the organisers send unchanged).
"""

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_month", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("next_when", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("outline", sa.JSON(), server_default="{}", nullable=False))
    with op.batch_alter_table("vote_candidates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reworded_from", sa.String(length=200), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("vote_candidates", schema=None) as batch_op:
        batch_op.drop_column("reworded_from")
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_column("outline")
        batch_op.drop_column("next_when")
        batch_op.drop_column("next_month")
