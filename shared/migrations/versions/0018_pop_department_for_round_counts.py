"""pops.department: the employee's department on the POP, for HR's round counts

The round dashboard counts POPs by department, phase and overdue. With the department on
the POP and one index over (round_id, state, overdue, department), PostgreSQL reads that
index alone, in order, instead of joining every POP of the round to its employee
(bench/p3_hr_pages.py, docs/benchmarks.md). Filled from people here; kept current by the
people import.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('pops', sa.Column('department', sa.String(length=200), server_default='', nullable=False))
    op.execute("UPDATE pops SET department = (SELECT people.department FROM people WHERE people.id = pops.employee_id)")
    op.create_index('ix_pops_round_counts', 'pops', ['round_id', 'state', 'overdue', 'department'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_pops_round_counts', table_name='pops')
    # Not a batch: SQLite drops a column in place (3.35+), without reflecting pops and people.
    op.drop_column('pops', 'department')
