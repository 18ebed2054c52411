"""HR API tokens (the JSON API /api/v1/)

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

import shared.models.base


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('hr_user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', shared.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', shared.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', shared.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['hr_user_id'], ['hr_users.id'], name=op.f('fk_api_tokens_hr_user_id_hr_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_hr_user_id'), ['hr_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_token_hash'), ['token_hash'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_token_hash'))
        batch_op.drop_index(batch_op.f('ix_api_tokens_hr_user_id'))
    op.drop_table('api_tokens')
