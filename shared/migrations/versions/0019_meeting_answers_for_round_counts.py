"""meetings: their round and their answers in short, for HR's round counts

The round dashboard counts the meetings ahead that someone declined or has not answered.
With the round on the meeting (its POP's) and two flags that follow the attendees' answers
(Meeting.tally_answers), each count reads one partial index alone, the round's entries by
start, instead of joining meetings, POPs and attendees (bench/p3_hr_pages.py,
docs/benchmarks.md). Filled here from pops and attendees.

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

DECLINED = "cancelled_at IS NULL AND someone_declined"
UNANSWERED = "cancelled_at IS NULL AND someone_unanswered"


# Whether someone of the meeting gave this answer (a bound parameter: :declined, :unanswered).
ANSWERED = "EXISTS (SELECT 1 FROM attendees WHERE attendees.meeting_id = meetings.id AND attendees.partstat = :{})"


def upgrade() -> None:
    # Not a batch (SQLite adds columns in place): a batch would reflect pops and people too.
    # round_id is a copy of pops.round_id (no foreign key of its own), filled below.
    op.add_column('meetings', sa.Column('round_id', sa.Integer(), nullable=True))
    op.add_column('meetings', sa.Column('someone_declined', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('meetings', sa.Column('someone_unanswered', sa.Boolean(), server_default=sa.true(),
                                        nullable=False))
    op.get_bind().execute(sa.text(
        "UPDATE meetings SET round_id = (SELECT pops.round_id FROM pops WHERE pops.id = meetings.pop_id), "
        "someone_declined = " + ANSWERED.format("declined") + ", someone_unanswered = " + ANSWERED.format("unanswered")),
        {"declined": "DECLINED", "unanswered": "NEEDS-ACTION"})
    op.create_index('ix_meetings_declined_ahead', 'meetings', ['round_id', 'starts_at'], unique=False,
                    postgresql_where=sa.text(DECLINED), sqlite_where=sa.text(DECLINED))
    op.create_index('ix_meetings_unanswered_ahead', 'meetings', ['round_id', 'starts_at'], unique=False,
                    postgresql_where=sa.text(UNANSWERED), sqlite_where=sa.text(UNANSWERED))


def downgrade() -> None:
    op.drop_index('ix_meetings_unanswered_ahead', table_name='meetings')
    op.drop_index('ix_meetings_declined_ahead', table_name='meetings')
    for column in ('someone_unanswered', 'someone_declined', 'round_id'):
        op.drop_column('meetings', column)
