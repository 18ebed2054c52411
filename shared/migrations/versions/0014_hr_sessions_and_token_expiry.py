"""HR sessions can be ended (session_epoch), an HR user disabled, and API tokens expire

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

import shared.models.base

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hr_users') as batch:
        batch.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('disabled_at', shared.models.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('api_tokens') as batch:
        batch.add_column(sa.Column('expires_at', shared.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_tokens') as batch:
        batch.drop_column('expires_at')
    with op.batch_alter_table('hr_users') as batch:
        batch.drop_column('disabled_at')
        batch.drop_column('session_epoch')
