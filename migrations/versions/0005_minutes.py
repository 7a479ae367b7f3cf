"""minutes: status, free texts, next workshop, actions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 15:00:00

Written by hand (0004, the votes, was being written at the same time).
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=5), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("closing", sa.Text(), nullable=False),
        sa.Column("left_out", sa.JSON(), nullable=False),
        sa.Column("people_by_category", sa.Boolean(), nullable=False),
        sa.Column("next_date", sa.Date(), nullable=True),
        sa.Column("next_deepens", sa.String(length=500), nullable=False),
        sa.Column("next_objectives", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'final')", name=op.f("ck_minutes_status")),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_minutes_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("workshop_id", name=op.f("uq_minutes_workshop_id")),
    )
    op.create_table(
        "minutes_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("shared_group_ids", sa.JSON(), nullable=False),
        sa.Column("referents", sa.JSON(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("orientation", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_minutes_actions_group_id_groups"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_minutes_actions_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_actions")),
    )
    with op.batch_alter_table("minutes_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_actions_workshop_id"), ["workshop_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("minutes_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_actions_workshop_id"))
    op.drop_table("minutes_actions")
    op.drop_table("minutes")
