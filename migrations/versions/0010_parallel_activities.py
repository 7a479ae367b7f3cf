"""activities.with_previous: an activity for one sub-group that runs at the same time as
the one before it (another group's), so that groups vote or write in parallel

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:40:00

Written by hand.
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("with_previous", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("with_previous")
