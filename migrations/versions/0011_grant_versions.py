"""grant versions: logging out and replacing a link revoke every earlier cookie
(workshops.facilitator_grant, workshops.screen_grant)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 07:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('facilitator_grant', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column('screen_grant', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('screen_grant')
        batch_op.drop_column('facilitator_grant')
