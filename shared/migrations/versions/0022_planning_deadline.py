"""a round's planning deadline (so many days before the end of its period) and the days of
its planning reminders around it (issue 20)

The POPs of a launched round still in planning get a check at the deadline, so the tick
marks those still unplanned then as overdue ("nog niet gepland").

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


# Not in a batch: SQLite adds and drops a column in place (3.35+); a batch would copy rounds,
# whose DROP TABLE the foreign keys of pops refuse.
def upgrade() -> None:
    op.add_column('rounds', sa.Column('plan_by_days_before_end', sa.Integer(), nullable=False, server_default='14'))
    op.add_column(
        'rounds', sa.Column('planning_reminder_days', sa.JSON(), nullable=False, server_default='[-7, 0, 7]')
    )
    # Looked at again now: the next advance sets the real next check (the deadline).
    op.execute(
        "UPDATE pops SET next_check_at = CURRENT_TIMESTAMP WHERE state = 'planning' AND next_check_at IS NULL"
        " AND round_id IN (SELECT id FROM rounds WHERE launched_at IS NOT NULL)"
    )


def downgrade() -> None:
    op.drop_column('rounds', 'planning_reminder_days')
    op.drop_column('rounds', 'plan_by_days_before_end')
