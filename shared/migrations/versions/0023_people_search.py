"""indexes for HR's search by name, e-mail or employee number, and the people list by name

HR searches for a part of a name, address or number (intake/pop_query.py people_matching:
lower(column) LIKE '%…%'). On PostgreSQL a trigram GIN index on each lower(column) answers
that without reading every person, when the pg_trgm extension can be had: it is trusted
(PostgreSQL 13+), so the database's owner may create it without being a superuser. Where
it cannot be created, nothing breaks: the search reads the people table, a few
milliseconds per 100,000 people. Everywhere: the people list in order of name
(intake/people_query.py) reads an index on (name, id) instead of sorting everyone.

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

SEARCHED = ('name', 'email', 'employee_number')


def _trigrams_available(bind) -> bool:
    if bind.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")):
        return True
    if not bind.scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")):
        return False
    try:
        with bind.begin_nested():  # a refusal (no CREATE right) must not end the migration
            bind.execute(sa.text('CREATE EXTENSION IF NOT EXISTS pg_trgm'))
    except sa.exc.DBAPIError:
        return False
    return True


def upgrade() -> None:
    op.create_index('ix_people_name_id', 'people', ['name', 'id'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql' and _trigrams_available(bind):
        for column in SEARCHED:
            op.execute(f'CREATE INDEX ix_people_{column}_trgm ON people USING gin (lower({column}) gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for column in SEARCHED:
            op.execute(f'DROP INDEX IF EXISTS ix_people_{column}_trgm')
    op.drop_index('ix_people_name_id', table_name='people')
