"""ix_pops_behind: the POPs that can make a manager behind (overdue, or still unplanned)

The round dashboard shows who is most behind (intake/manager_table.most_behind). It reads
only these POPs, through this partial index, so it does not grow with the round
(bench/p3_hr_pages.py at 100,000 POPs).

Revision ID: 0027
Revises: 0026
"""
import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

WHERE = "overdue <> '' OR state = 'planning'"  # shared/models/pops.py BEHIND_WHERE


def upgrade() -> None:
    op.create_index(
        'ix_pops_behind',
        'pops',
        ['round_id', 'manager_id', 'state', 'overdue'],
        unique=False,
        postgresql_where=sa.text(WHERE),
        sqlite_where=sa.text(WHERE),
    )


def downgrade() -> None:
    op.drop_index('ix_pops_behind', table_name='pops')
