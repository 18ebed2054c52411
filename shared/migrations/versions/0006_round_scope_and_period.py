"""round scope, period and launch

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

import shared.models.base


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('departments', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('meetings_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('meetings_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('launched_at', shared.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('launched_at')
        batch_op.drop_column('meetings_until')
        batch_op.drop_column('meetings_from')
        batch_op.drop_column('departments')
