"""drop 0017's partial indexes: no query reads them, and one misleads the planner

0019 gave the dashboard's counts indexes of their own, so nothing reads ix_meetings_ahead
or ix_attendees_open_answer any more (EXPLAIN of the dashboard, the list, the feed and the
workers' reads). Worse, while the meetings table has no statistics yet (a launch inserts
thousands of meetings at once), PostgreSQL takes "cancelled_at IS NULL" for a rare case
and ANDs all of ix_meetings_ahead into every read of one POP's meetings (the link life of
each mail, the workflow's facts): a scan of the whole round per read (docs/benchmarks.md).

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

NOT_CANCELLED = "cancelled_at IS NULL"
OPEN_ANSWER = "partstat IN ('DECLINED', 'NEEDS-ACTION')"


def upgrade() -> None:
    op.drop_index('ix_attendees_open_answer', table_name='attendees')
    op.drop_index('ix_meetings_ahead', table_name='meetings')


def downgrade() -> None:
    op.create_index('ix_meetings_ahead', 'meetings', ['starts_at'], unique=False,
                    postgresql_include=['pop_id', 'id'],
                    postgresql_where=sa.text(NOT_CANCELLED), sqlite_where=sa.text(NOT_CANCELLED))
    op.create_index('ix_attendees_open_answer', 'attendees', ['meeting_id'], unique=False,
                    postgresql_include=['partstat'],
                    postgresql_where=sa.text(OPEN_ANSWER), sqlite_where=sa.text(OPEN_ANSWER))
