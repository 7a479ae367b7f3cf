"""participants.role (printed in the minutes where chosen), participants.merged_into_id
(two roster lines found to be one person), workshops.names_in_minutes (all, agreed, none)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 05:00:00

Written by hand (minutes the organisers send unchanged: one person, one line).
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("names_in_minutes", sa.String(length=8), server_default="all", nullable=False)
        )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=80), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_participants_merged_into_id_participants"),
            "participants",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_participants_merged_into_id_participants"), type_="foreignkey"
        )
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("role")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("names_in_minutes")
