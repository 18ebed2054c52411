"""index the cancellation requests by POP: a partial index, nearly always empty

The worker asks for a group of twenty POPs at once whether a cancellation was asked
(workflow/group_reads.py). Without this index PostgreSQL may answer that by reading every
event (a launch writes tens of thousands), more so in a plan it prepared while the table
was still small; with it, the answer is read from an index of the few requests there are.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_events_cancel_requested', 'events', ['pop_id'], unique=False,
                    postgresql_where=sa.text("kind = 'cancel_requested'"),
                    sqlite_where=sa.text("kind = 'cancel_requested'"))


def downgrade() -> None:
    op.drop_index('ix_events_cancel_requested', table_name='events')
