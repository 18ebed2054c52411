"""index for HR's round dashboard: the invitations ahead that someone declined or left open

The dashboard counts the meetings ahead with a declined or unanswered invitation. Two
partial indexes hold just what that count reads (the meetings not cancelled, by start,
with their POP; the attendees whose answer is DECLINED or NEEDS-ACTION), so PostgreSQL
reads them alone instead of both tables (bench/p3_hr_pages.py, docs/benchmarks.md).

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

NOT_CANCELLED = "cancelled_at IS NULL"
OPEN_ANSWER = "partstat IN ('DECLINED', 'NEEDS-ACTION')"


def upgrade() -> None:
    op.create_index('ix_meetings_ahead', 'meetings', ['starts_at'], unique=False,
                    postgresql_include=['pop_id', 'id'],
                    postgresql_where=sa.text(NOT_CANCELLED), sqlite_where=sa.text(NOT_CANCELLED))
    op.create_index('ix_attendees_open_answer', 'attendees', ['meeting_id'], unique=False,
                    postgresql_include=['partstat'],
                    postgresql_where=sa.text(OPEN_ANSWER), sqlite_where=sa.text(OPEN_ANSWER))


def downgrade() -> None:
    op.drop_index('ix_attendees_open_answer', table_name='attendees')
    op.drop_index('ix_meetings_ahead', table_name='meetings')
