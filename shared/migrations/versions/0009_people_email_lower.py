"""index people by lower(email): finding a person by address, whatever its case

A manager's planning page and the CLI find each employee this way; without the index
every lookup read the whole people table (10,000 rows: a sequential scan per POP).

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_people_email_lower', 'people', [sa.text('lower(email)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_people_email_lower', table_name='people')
