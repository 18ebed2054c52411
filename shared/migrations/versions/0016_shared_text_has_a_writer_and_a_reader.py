"""agenda points record their writer (author_id), as preparations do since 0015: only the
writer edits them, and they go with the writer's erasure; a preparation records with whom
its shared points were shared (shared_with_id): consent was given to a named person, so a
new manager reads them only once the employee shares them with him

Existing agenda points get whoever holds their role now, except a manager's point written
before a manager change: that one is the former manager's (as 0015 decides). Existing
preparations are shared with whoever held the other role when they were last saved.

Revision ID: 0016
Revises: 0015
"""
import json
import warnings
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _as_dict(data):
    return json.loads(data) if isinstance(data, str) else (data or {})


def _former_managers(conn) -> dict:
    """pop id -> [(when, manager before the change)], oldest first."""
    changes = conn.execute(sa.text(
        "SELECT pop_id, created_at, data FROM events WHERE kind = 'manager_changed' AND actor = 'system' "
        "ORDER BY created_at, id")).all()
    by_pop: dict = {}
    for pop_id, at, data in changes:
        by_pop.setdefault(pop_id, []).append((at, _as_dict(data).get('from')))
    return by_pop


def _manager_then(changes, written):
    """The manager when the text was written: whom the first later change left, if any."""
    return next((who for at, who in changes if written is not None and at > written and who is not None), None)


def _backfill() -> None:
    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE agenda_points SET author_id = (SELECT CASE WHEN agenda_points.author_role = 'employee' "
        "THEN pops.employee_id ELSE pops.manager_id END FROM pops WHERE pops.id = agenda_points.pop_id)"))
    # The other side's present holder; for an employee's text that is the manager now.
    conn.execute(sa.text(
        "UPDATE preparations SET shared_with_id = (SELECT CASE WHEN preparations.role = 'employee' "
        "THEN pops.manager_id ELSE pops.employee_id END FROM pops WHERE pops.id = preparations.pop_id)"))
    by_pop = _former_managers(conn)
    if not by_pop:
        return
    for row_id, pop_id, written in conn.execute(sa.text(
            "SELECT id, pop_id, updated_at FROM agenda_points WHERE author_role = 'manager'")).all():
        former = _manager_then(by_pop.get(pop_id, ()), written)
        if former is not None:
            conn.execute(sa.text("UPDATE agenda_points SET author_id = :who WHERE id = :id"),
                         {'who': int(former), 'id': row_id})
    for row_id, pop_id, written in conn.execute(sa.text(
            "SELECT id, pop_id, updated_at FROM preparations WHERE role = 'employee'")).all():
        former = _manager_then(by_pop.get(pop_id, ()), written)
        if former is not None:
            conn.execute(sa.text("UPDATE preparations SET shared_with_id = :who WHERE id = :id"),
                         {'who': int(former), 'id': row_id})


@contextmanager
def _rebuilt(table: str):
    """A batch that rebuilds the table on SQLite (see 0015: the people table's expression
    index cannot be reflected, and is never rebuilt here)."""
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', 'Skipped unsupported reflection of expression-based index',
                                sa.exc.SAWarning)
        with op.batch_alter_table(table) as batch:
            yield batch


def upgrade() -> None:
    with op.batch_alter_table('agenda_points') as batch:  # in place: nullable, no default
        batch.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('preparations') as batch:
        batch.add_column(sa.Column('shared_with_id', sa.Integer(), nullable=True))
    _backfill()
    with _rebuilt('agenda_points') as batch:
        batch.alter_column('author_id', existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key('fk_agenda_points_author_id_people', 'people', ['author_id'], ['id'])
        batch.create_index('ix_agenda_points_author_id', ['author_id'], unique=False)
    with _rebuilt('preparations') as batch:  # nullable: a preparation without a counterpart yet
        batch.create_foreign_key('fk_preparations_shared_with_id_people', 'people', ['shared_with_id'], ['id'])


def downgrade() -> None:
    with _rebuilt('preparations') as batch:
        batch.drop_constraint('fk_preparations_shared_with_id_people', type_='foreignkey')
        batch.drop_column('shared_with_id')
    # Only the points of whoever holds the role now fit the old by-role agenda.
    op.execute(sa.text(
        "DELETE FROM agenda_points WHERE author_id <> (SELECT CASE WHEN agenda_points.author_role = 'employee' "
        "THEN pops.employee_id ELSE pops.manager_id END FROM pops WHERE pops.id = agenda_points.pop_id)"))
    with _rebuilt('agenda_points') as batch:
        batch.drop_index('ix_agenda_points_author_id')
        batch.drop_constraint('fk_agenda_points_author_id_people', type_='foreignkey')
        batch.drop_column('author_id')
