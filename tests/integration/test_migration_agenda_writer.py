"""Migration 0016: existing agenda points get their writer and existing preparations the
person their points were shared with: whoever held the role when the text was written
(a manager change after it: the former manager). On SQLite and PostgreSQL, and back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from shared.migrate import alembic_config, upgrade
from tests.integration.test_migration_writer import EMPLOYEE, NEW, OLD, _database, _engine, _seed_0013


def _seed_agenda(conn) -> None:
    for pop_id, role, written in (
        (1, "manager", "2027-02-01"),
        (1, "employee", "2027-02-01"),
        (2, "manager", "2027-04-01"),
    ):
        conn.execute(
            sa.text(
                "INSERT INTO agenda_points (pop_id, author_role, position, text, priority, joint, updated_at) "
                "VALUES (:pop, :role, 0, :text, 2, false, :written)"
            ),
            {"pop": pop_id, "role": role, "text": f"{role}-{pop_id}", "written": written},
        )


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_existing_agenda_points_and_sharing_get_the_people_of_their_time(tmp_path, dialect):
    with _database(dialect, tmp_path) as url:
        upgrade(url, "0013")
        engine = _engine(url)
        with engine.begin() as conn:
            _seed_0013(conn)
            _seed_agenda(conn)
        upgrade(url)
        with engine.connect() as conn:
            writers = set(conn.execute(sa.text("SELECT pop_id, author_role, author_id FROM agenda_points")))
            shared = set(conn.execute(sa.text("SELECT pop_id, role, shared_with_id FROM preparations")))
        # POP 1 moved from OLD to NEW on 1 March; POP 2's manager wrote after its change.
        assert writers == {(1, "manager", OLD), (1, "employee", EMPLOYEE), (2, "manager", NEW)}
        # Jan shared with the manager of February; each manager with Jan.
        assert shared == {(1, "employee", OLD), (1, "manager", EMPLOYEE), (2, "manager", EMPLOYEE)}
        command.downgrade(alembic_config(url), "0015")
        with engine.connect() as conn:  # the former manager's point does not fit the by-role agenda
            left = set(conn.execute(sa.text("SELECT pop_id, author_role FROM agenda_points")))
        assert left == {(1, "employee"), (2, "manager")}
        upgrade(url)
        engine.dispose()
