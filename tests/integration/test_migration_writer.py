"""Migration 0015 gives every existing preparation and evaluation its writer: whoever holds
the role now, except a manager's text last saved before a manager change, which is the
former manager's. On SQLite and PostgreSQL, and back down again."""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from alembic import command

from shared.migrate import alembic_config, upgrade
from tests.conftest import PG_URL

OLD, NEW, EMPLOYEE = 1, 2, 3


@contextmanager
def _database(dialect: str, tmp_path):
    """An empty database of this test's own."""
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'writer.db'}"
        return
    name = f"popflow_writer_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def _seed_0013(conn) -> None:
    """A POP whose manager changed after the old manager's draft, one not handed over, and evaluations."""
    conn.execute(
        sa.text(
            "INSERT INTO people (id, name, email, department, language, active, link_epoch, created_at) VALUES "
            "(1, 'Oud', 'oud@x.nl', '', 'nl', true, 0, '2027-01-01'), (2, 'Nieuw', 'nieuw@x.nl', '', 'nl', true, 0, "
            "'2027-01-01'), (3, 'Jan', 'jan@x.nl', '', 'nl', true, 0, '2027-01-01')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO rounds (id, name, question_set, exchange_days, review_every_months, plan_months,"
            " review_minutes, prepare_reminder_days, sign_reminder_days, due_reminder_days, review_reminder_days,"
            " created_at) VALUES "
            "(1, 'R', 'v1', 7, 3, 12, 30, '[10]', '[3]', 7, 2, '2027-01-01')"
        )
    )
    for pop_id in (1, 2):
        conn.execute(
            sa.text(
                "INSERT INTO pops (id, round_id, employee_id, manager_id, state, state_changed_at, question_set,"
                " overdue, created_at, plan_goal)"
                " VALUES (:id, 1, 3, 2, 'action', '2027-01-01', 'v1', '', '2027-01-01', '')"
            ),
            {"id": pop_id},
        )
    answers = json.dumps({"q": {"text": "x", "share": False}})
    for pop_id, role, saved in (
        (1, "manager", "2027-02-01"),
        (1, "employee", "2027-02-01"),
        (2, "manager", "2027-04-01"),
    ):
        conn.execute(
            sa.text(
                "INSERT INTO preparations (pop_id, role, question_set, answers, updated_at, version) "
                "VALUES (:pop, :role, 'v1', :answers, :saved, 1)"
            ),
            {"pop": pop_id, "role": role, "answers": answers, "saved": saved},
        )
    conn.execute(
        sa.text(
            "INSERT INTO evaluations (pop_id, role, question_set, answers, submitted_at, shared) "
            "VALUES (1, 'manager', 'v1', '{}', '2027-02-02', false)"
        )
    )
    # POP 1 moved from the old to the new manager on 1 March; POP 2's manager wrote after its change.
    for pop_id in (1, 2):
        conn.execute(
            sa.text(
                "INSERT INTO events (pop_id, kind, actor, data, outcome, created_at) VALUES "
                "(:pop, 'manager_changed', 'system', :data, '', '2027-03-01')"
            ),
            {"pop": pop_id, "data": json.dumps({"from": OLD, "to": NEW})},
        )


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_existing_text_gets_its_writer_and_the_way_back_keeps_the_present_holders(tmp_path, dialect):
    with _database(dialect, tmp_path) as url:
        upgrade(url, "0013")
        engine = _engine(url)
        with engine.begin() as conn:
            _seed_0013(conn)
        upgrade(url)
        with engine.connect() as conn:
            writers = set(
                conn.execute(
                    sa.text(
                        "SELECT 'p', pop_id, role, author_id FROM preparations UNION ALL "
                        "SELECT 'e', pop_id, role, author_id FROM evaluations"
                    )
                )
            )
            assert conn.execute(sa.text("SELECT DISTINCT feed_epoch FROM people")).scalars().all() == [0]
        assert writers == {
            ("p", 1, "manager", OLD),
            ("p", 1, "employee", EMPLOYEE),
            ("p", 2, "manager", NEW),
            ("e", 1, "manager", OLD),
        }
        command.downgrade(alembic_config(url), "0013")
        with engine.connect() as conn:  # the former manager's text does not fit one-per-role
            left = set(conn.execute(sa.text("SELECT pop_id, role FROM preparations")))
        assert left == {(1, "employee"), (2, "manager")}
        upgrade(url)
        engine.dispose()
