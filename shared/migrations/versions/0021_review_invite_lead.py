"""a round's lead of a progress review's invitation: each goes out this many days before its
review, not all at signing (issue 19)

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rounds') as batch:
        batch.add_column(sa.Column('review_invite_days_before', sa.Integer(), nullable=False, server_default='28'))


def downgrade() -> None:
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('review_invite_days_before')
