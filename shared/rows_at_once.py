"""Many rows of one table in one INSERT (or UPDATE) whose text never changes (PostgreSQL).

An INSERT … VALUES (…), (…) with a row's worth of parameters per row has a different
text for every number of rows and hundreds of parameters: the driver parses such a
text anew each time (psycopg caches only short ones) and SQLAlchemy builds it row by
row. For the worker's groups that was a fifth of its time. Here the rows travel as one
JSON document (encoded by the json module's C encoder) and the statement is
`INSERT … SELECT … FROM json_to_recordset(…)`: one short text, parsed once per
connection, whatever the number of rows. (Arrays per column, with unnest, cost as
much again: the driver dumps arrays element by element in Python.)

`write_columns` does the same for an UPDATE of loaded ORM objects: the session's flush
sends one UPDATE per object (an executemany): a quarter of a worker group's time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import cast

from sqlalchemy import CursorResult, Table, TextClause, bindparam, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

# Public API: SQLAlchemy documents both under "Attribute and State Management Utilities"
# (orm/session_api), for code that writes a column itself and tells the session so.
from sqlalchemy.orm.attributes import get_history, set_committed_value
from sqlalchemy.orm.exc import StaleDataError

_DIALECT = postgresql.dialect()


@cache
def _statement(table: Table, columns: tuple[str, ...], unique: str | None, returning: tuple[str, ...]) -> TextClause:
    names = ", ".join(columns)
    types = ", ".join(f"{name} {table.c[name].type.compile(_DIALECT)}" for name in columns)
    sql = (
        f"INSERT INTO {table.name} ({names}) SELECT {names} "
        # WITH ORDINALITY … ORDER BY: the ids follow the order the rows were given in.
        f"FROM ROWS FROM (json_to_recordset(CAST(:rows AS JSON)) AS ({types})) WITH ORDINALITY "
        f"AS r({names}, row_number) ORDER BY row_number"
    )
    if unique:
        sql += f" ON CONFLICT ({unique}) DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    return text(sql)


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


@cache
def _insert_each_statement(table: Table, unique: str | None, returning: tuple[str, ...]):
    statement = sqlite.insert(table)
    if unique:
        statement = statement.on_conflict_do_nothing(index_elements=[unique])
    return statement.returning(*(table.c[name] for name in returning)) if returning else statement


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict],
    *,
    skip_same: str | None = None,
    returning: tuple[str, ...] = (),
) -> list[tuple]:
    """Insert `rows` (dicts with the same keys) in one statement on PostgreSQL (SQLite:
    Core's executemany); `skip_same`: a unique column whose existing values make a row be
    skipped (ON CONFLICT DO NOTHING). Returns the `returning` columns of the rows written."""
    if not rows:
        return []
    with session.no_autoflush:  # the caller's pending changes go out in its own flush
        if session.get_bind().dialect.name == "postgresql":
            statement = _statement(table, tuple(rows[0]), skip_same, returning)
            result = session.execute(statement, {"rows": json.dumps(rows, default=_iso)})
        else:
            result = session.execute(_insert_each_statement(table, skip_same, returning), list(rows))
        return [tuple(row) for row in result] if returning else []


@cache
def _update_statement(table: Table, columns: tuple[str, ...]) -> TextClause:
    types = ", ".join(f"{name} {table.c[name].type.compile(_DIALECT)}" for name in ("id", *columns))
    sets = ", ".join(f"{name} = r.{name}" for name in columns)
    return text(
        f"UPDATE {table.name} SET {sets} FROM json_to_recordset(CAST(:rows AS JSON)) AS r({types}) "
        f"WHERE {table.name}.id = r.id"
    )


@cache
def _update_each_statement(table: Table, columns: tuple[str, ...]):
    return update(table).where(table.c.id == bindparam("row_id")).values({name: bindparam(name) for name in columns})


def update_rows(session: Session, table: Table, rows: Sequence[dict]) -> None:
    """UPDATE the rows (dicts with the same keys, `id` among them) by id, in one statement
    on PostgreSQL; each must exist."""
    if not rows:
        return
    columns = tuple(name for name in rows[0] if name != "id")
    with session.no_autoflush:  # the caller's pending changes go out in its own flush
        if session.get_bind().dialect.name == "postgresql":
            # cast: an UPDATE answers a CursorResult (Session.execute is typed for any statement).
            result = cast(
                CursorResult,
                session.execute(_update_statement(table, columns), {"rows": json.dumps(rows, default=_iso)}),
            )
            written = result.rowcount
        else:
            session.execute(
                _update_each_statement(table, columns),
                [{"row_id": row["id"], **{name: row[name] for name in columns}} for row in rows],
            )
            written = len(rows)
    if written != len(rows):
        raise StaleDataError(f"{table.name}: {written} of {len(rows)} rows updated")


def write_columns(session: Session, objects: Sequence, columns: tuple[str, ...]) -> None:
    """Write these columns of these loaded ORM objects (of one class, keyed by `id`) in
    one UPDATE, and tell the session they are written: its flush leaves them out. Only
    objects with a change in one of the columns are written; their other changes (and
    every other object) still go out in the session's flush."""
    changed = [obj for obj in objects if any(get_history(obj, name).has_changes() for name in columns)]
    if not changed:
        return
    update_rows(
        session,
        type(changed[0]).__table__,
        [{"id": obj.id, **{name: getattr(obj, name) for name in columns}} for obj in changed],
    )
    for obj in changed:
        for name in columns:
            set_committed_value(obj, name, getattr(obj, name))
