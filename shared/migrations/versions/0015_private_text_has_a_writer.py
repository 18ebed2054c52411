"""private text belongs to its writer: preparations and evaluations record author_id (a new
manager writes their own, the former one's stays theirs); people.feed_epoch lets the owner
replace their calendar feed's URL without touching their personal links

Existing rows get the person who holds the role now, except a manager's preparation or
evaluation last saved before a manager change: that one is the former manager's.

Revision ID: 0015
Revises: 0014
"""
import json
import warnings
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

WRITTEN = {'preparations': 'updated_at', 'evaluations': 'submitted_at'}


def _as_dict(data):
    return json.loads(data) if isinstance(data, str) else (data or {})


def _backfill(table: str) -> None:
    conn = op.get_bind()
    conn.execute(sa.text(
        f"UPDATE {table} SET author_id = (SELECT CASE WHEN {table}.role = 'employee' THEN pops.employee_id "
        f"ELSE pops.manager_id END FROM pops WHERE pops.id = {table}.pop_id)"))
    # A manager change after the text was written: the writer is whom the first later change left.
    changes = conn.execute(sa.text(
        "SELECT pop_id, created_at, data FROM events WHERE kind = 'manager_changed' AND actor = 'system' "
        "ORDER BY created_at, id")).all()
    by_pop: dict = {}
    for pop_id, at, data in changes:
        by_pop.setdefault(pop_id, []).append((at, _as_dict(data).get('from')))
    if not by_pop:
        return
    rows = conn.execute(sa.text(f"SELECT id, pop_id, {WRITTEN[table]} FROM {table} WHERE role = 'manager'")).all()
    for row_id, pop_id, written in rows:
        former = next((who for at, who in by_pop.get(pop_id, ()) if written is not None and at > written
                       and who is not None), None)
        if former is not None:
            conn.execute(sa.text(f"UPDATE {table} SET author_id = :who WHERE id = :id"),
                         {'who': int(former), 'id': row_id})


@contextmanager
def _rebuilt(table: str):
    """A batch that rebuilds the table on SQLite. Its reflection follows the foreign keys to
    people, whose expression index (0009) SQLAlchemy cannot reflect and warns about; that
    table is only referred to, never rebuilt, so the index is not lost."""
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', 'Skipped unsupported reflection of expression-based index',
                                sa.exc.SAWarning)
        with op.batch_alter_table(table) as batch:
            yield batch


def upgrade() -> None:
    for table in ('preparations', 'evaluations'):
        with op.batch_alter_table(table) as batch:  # in place: a nullable column without default
            batch.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        _backfill(table)
        with _rebuilt(table) as batch:
            batch.alter_column('author_id', existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(f'fk_{table}_author_id_people', 'people', ['author_id'], ['id'])
            batch.create_index(f'ix_{table}_author_id', ['author_id'], unique=False)
            batch.drop_constraint(f'uq_{table}_pop_id', type_='unique')
            batch.create_unique_constraint(f'uq_{table}_pop_id', ['pop_id', 'role', 'author_id'])
    # Not batch: SQLite adds a column with a constant default in place, and reflecting people
    # for a batch would trip over its expression index (0009).
    op.add_column('people', sa.Column('feed_epoch', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    op.drop_column('people', 'feed_epoch')  # SQLite 3.35+ drops a plain column in place
    for table in ('evaluations', 'preparations'):
        # Only the text of whoever holds the role now fits the old one-per-role key.
        op.execute(sa.text(
            f"DELETE FROM {table} WHERE author_id <> (SELECT CASE WHEN {table}.role = 'employee' "
            f"THEN pops.employee_id ELSE pops.manager_id END FROM pops WHERE pops.id = {table}.pop_id)"))
        with _rebuilt(table) as batch:
            batch.drop_constraint(f'uq_{table}_pop_id', type_='unique')
            batch.create_unique_constraint(f'uq_{table}_pop_id', ['pop_id', 'role'])
            batch.drop_index(f'ix_{table}_author_id')
            batch.drop_constraint(f'fk_{table}_author_id_people', type_='foreignkey')
            batch.drop_column('author_id')
