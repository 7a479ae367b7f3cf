"""vote_runoffs (a run-off linked to the vote it settles); every group of origin of a
candidate; the breakdown the projector shows

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 06:15:00

Written by hand (issue 5: the follow-up of a vote settled by a run-off).
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vote_runoffs",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("runoff_of_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_vote_runoffs_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["runoff_of_id"],
            ["activities.id"],
            name=op.f("fk_vote_runoffs_runoff_of_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_vote_runoffs")),
    )
    with op.batch_alter_table("vote_runoffs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vote_runoffs_runoff_of_id"), ["runoff_of_id"], unique=False
        )
    with op.batch_alter_table("vote_candidates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin_group_ids", sa.JSON(), server_default="[]", nullable=False)
        )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("screen_breakdown", sa.String(length=8), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_column("screen_breakdown")
    with op.batch_alter_table("vote_candidates", schema=None) as batch_op:
        batch_op.drop_column("origin_group_ids")
    with op.batch_alter_table("vote_runoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_runoffs_runoff_of_id"))
    op.drop_table("vote_runoffs")
