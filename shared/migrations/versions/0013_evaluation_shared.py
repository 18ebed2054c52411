"""an evaluation its writer shares with the other side (004 step 8: the manager collects the
employee's feedback); existing evaluations stay private

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # '0' rather than sa.false(): a constant lets SQLite add the column in place (an expression
    # makes alembic rebuild the table); PostgreSQL reads '0' as false.
    with op.batch_alter_table('evaluations') as batch:
        batch.add_column(sa.Column('shared', sa.Boolean(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('evaluations') as batch:
        batch.drop_column('shared')
