"""Migrations 0018 and 0019 fill what HR's round counts read for rows that exist already: a
POP's department (its employee's) and a meeting's round and answer marks (someone declined,
someone has not answered); 0020 drops 0017's indexes that no query reads, keeping the
counts' own. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from shared.migrate import alembic_config, upgrade
from tests.integration.test_migration_writer import _database, _engine

ROWS = [
    "INSERT INTO rounds (id, name, question_set, exchange_days, review_every_months, plan_months, review_minutes,"
    " prepare_reminder_days, sign_reminder_days, due_reminder_days, review_reminder_days, created_at)"
    " VALUES (1, 'R', 'v1', 7, 3, 12, 30, '[10]', '[3]', 7, 2, '2027-01-01')",
    "INSERT INTO people (id, name, email, department, language, active, link_epoch, created_at) VALUES"
    " (1, 'Jan', 'jan@x.nl', 'Zorg', 'nl', true, 0, '2027-01-01'),"
    " (2, 'Marieke', 'marieke@x.nl', 'Staf', 'nl', true, 0, '2027-01-01'),"
    " (3, 'Emma', 'emma@x.nl', 'ICT', 'en', true, 0, '2027-01-01')",
    "INSERT INTO pops (id, round_id, employee_id, manager_id, state, state_changed_at, question_set, created_at)"
    " VALUES (1, 1, 1, 2, 'announcement', '2027-01-01', 'v1', '2027-01-01'),"
    " (2, 1, 3, 2, 'announcement', '2027-01-01', 'v1', '2027-01-01')",
    "INSERT INTO meetings (id, pop_id, kind, uid, sequence, starts_at, ends_at, location, created_at) VALUES"
    " (1, 1, 'conversation', 'u1', 0, '2027-02-01', '2027-02-01', 'K', '2027-01-01'),"
    " (2, 2, 'conversation', 'u2', 0, '2027-02-02', '2027-02-02', 'K', '2027-01-01')",
    "INSERT INTO attendees (id, meeting_id, person_id, role, partstat) VALUES"
    " (1, 1, 1, 'employee', 'DECLINED'), (2, 1, 2, 'manager', 'ACCEPTED'),"
    " (3, 2, 3, 'employee', 'ACCEPTED'), (4, 2, 2, 'manager', 'NEEDS-ACTION')",
]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_existing_pops_and_meetings_are_counted_after_the_upgrade(dialect, tmp_path):
    with _database(dialect, tmp_path) as url:
        upgrade(url, "0017")
        engine = _engine(url)
        with engine.begin() as conn:
            for statement in ROWS:
                conn.execute(sa.text(statement))
        upgrade(url)
        with engine.connect() as conn:
            pops = conn.execute(sa.text("SELECT id, department FROM pops ORDER BY id")).all()
            meetings = conn.execute(
                sa.text("SELECT id, round_id, someone_declined, someone_unanswered FROM meetings ORDER BY id")
            ).all()
        engine.dispose()
    assert [tuple(row) for row in pops] == [(1, "Zorg"), (2, "ICT")]
    assert [tuple(row) for row in meetings] == [(1, 1, True, False), (2, 1, False, True)]


def _indexes(engine: sa.Engine) -> set[str]:
    found = sa.inspect(engine)
    return {index["name"] for table in ("meetings", "attendees") for index in found.get_indexes(table)}


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_unread_dashboard_indexes_go_and_come_back_with_a_downgrade(dialect, tmp_path):
    unread = {"ix_meetings_ahead", "ix_attendees_open_answer"}
    counts = {"ix_meetings_declined_ahead", "ix_meetings_unanswered_ahead"}
    with _database(dialect, tmp_path) as url:
        upgrade(url)
        engine = _engine(url)
        after = _indexes(engine)
        command.downgrade(alembic_config(url), "0019")
        restored = _indexes(engine)  # a new inspector: it reads the schema afresh
        engine.dispose()
    assert counts <= after and not unread & after
    assert unread | counts <= restored
