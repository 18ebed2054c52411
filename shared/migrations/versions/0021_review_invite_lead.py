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


# Not in a batch: SQLite adds and drops a column in place (3.35+); a batch would copy rounds,
# whose DROP TABLE the foreign keys of pops refuse.
def upgrade() -> None:
    op.add_column('rounds', sa.Column('review_invite_days_before', sa.Integer(), nullable=False, server_default='28'))


def downgrade() -> None:
    op.drop_column('rounds', 'review_invite_days_before')
