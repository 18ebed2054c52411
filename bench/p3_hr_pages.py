"""P3: HR's round dashboard, POP list, search, table per manager and people list at 100,000
POPs (small: 5,000) on PostgreSQL.

The data is generated in the database itself (INSERT … SELECT generate_series): a
manager per ten employees, twenty departments, one launched round, POPs over every
phase with overdue marks, the conversation of every POP past planning with both
attendees (some declined, some unanswered, a share in the coming two weeks).

Server time is measured inside the Flask app (the test client, no network), as the
median of ten requests after two warm-ups, logged in as HR. The same pages are
measured at 1,000 POPs in the same run: that is the floor, and each page must cost
the same number of SQL statements at both sizes. The dashboard must not grow with the
round (at most 3 × its time at 1,000 POPs); the lists (POPs, a search, the table per
manager, people) must answer within 200 ms.
"""

from __future__ import annotations

import re
import statistics
import time
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import event, text

from bench.common import figure, note, temporary_pg_database

SIZES = {"full": 100_000, "small": 5_000}
FLOOR_SIZE = 1_000
GOAL_MS = 200
DASHBOARD_GROWTH = 3  # the dashboard at full size against the same page at FLOOR_SIZE
WARMUP, REPEAT = 2, 10
DEPARTMENTS = 20
HR_EMAIL, HR_PASSWORD = "hr@bench.example", "bench-wachtwoord"

# Phase by employee number mod 20: planning 3, announcement 5, alignment 3, agreements 3,
# action 4, completed 1, cancelled 1.
STATE_SQL = """CASE
    WHEN g % 20 < 3 THEN 'planning' WHEN g % 20 < 8 THEN 'announcement'
    WHEN g % 20 < 11 THEN 'alignment' WHEN g % 20 < 14 THEN 'agreements'
    WHEN g % 20 < 18 THEN 'action' WHEN g % 20 < 19 THEN 'completed' ELSE 'cancelled' END"""

SEED_SQL = [
    # Managers first (no manager of their own), then the employees, a manager per ten.
    """INSERT INTO people (name, email, department, language, active, link_epoch, created_at)
       SELECT 'Leidinggevende ' || g, 'manager' || g || '@bench.example', 'Directie', 'nl', true, 0, :now
       FROM generate_series(1, :managers) g""",
    """INSERT INTO people (name, email, manager_id, department, language, active, link_epoch, created_at)
       SELECT 'Medewerker ' || g, 'medewerker' || g || '@bench.example',
              (SELECT min(id) FROM people) + g % :managers, 'Afdeling ' || (g % :departments),
              CASE WHEN g % 4 = 0 THEN 'en' ELSE 'nl' END, true, 0, :now
       FROM generate_series(1, :pops) g""",
    f"""INSERT INTO pops (round_id, employee_id, manager_id, department, state, state_changed_at, question_set,
                          overdue, created_at)
        SELECT :round_id, p.id, p.manager_id, p.department, s.state, :now, 'v1',
               CASE WHEN s.state = 'announcement' AND g % 7 = 0 THEN 'preparation:employee'
                    WHEN s.state = 'alignment' AND g % 5 = 0 THEN 'preparation:employee,preparation:manager'
                    WHEN s.state = 'agreements' AND g % 3 = 0 THEN 'signature:manager'
                    ELSE '' END, :now
        FROM (SELECT id AS g, * FROM people) p
        CROSS JOIN LATERAL (SELECT {STATE_SQL} AS state) s
        WHERE p.manager_id IS NOT NULL""",
    # The conversation: ahead (within 60 days; within a week in alignment) before the
    # meeting, behind after it.
    """INSERT INTO meetings (pop_id, round_id, kind, uid, sequence, starts_at, ends_at, location, created_at)
       SELECT id, :round_id, 'conversation', 'bench-' || id || '@popflow', id % 3, t, t + interval '1 hour',
              'Kamer 2.14', :now
       FROM (SELECT id, CASE state
                 WHEN 'announcement' THEN :now + (id % 60 + 1) * interval '1 day'
                 WHEN 'alignment' THEN :now + (id % 7 + 1) * interval '1 day'
                 ELSE :now - (id % 300 + 1) * interval '1 day' END AS t
             FROM pops WHERE state <> 'planning') m""",
    """INSERT INTO attendees (meeting_id, person_id, role, partstat)
       SELECT m.id, p.employee_id, 'employee',
              CASE WHEN m.id % 30 = 0 THEN 'DECLINED' WHEN m.id % 3 = 0 THEN 'NEEDS-ACTION' ELSE 'ACCEPTED' END
       FROM meetings m JOIN pops p ON p.id = m.pop_id""",
    """INSERT INTO attendees (meeting_id, person_id, role, partstat)
       SELECT m.id, p.manager_id, 'manager', CASE WHEN m.id % 4 = 0 THEN 'NEEDS-ACTION' ELSE 'ACCEPTED' END
       FROM meetings m JOIN pops p ON p.id = m.pop_id""",
    # What Meeting.tally_answers keeps: the answers in short.
    """UPDATE meetings SET
           someone_declined = EXISTS (SELECT 1 FROM attendees a WHERE a.meeting_id = meetings.id
                                      AND a.partstat = 'DECLINED'),
           someone_unanswered = EXISTS (SELECT 1 FROM attendees a WHERE a.meeting_id = meetings.id
                                        AND a.partstat = 'NEEDS-ACTION')""",
]


def seed(url: str, pops: int) -> int:
    """The data set; returns the round's id."""
    from popflow.demo import add_hr_user
    from shared.db import make_engine
    from shared.models import Round

    now = datetime.now(UTC)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            round_id = conn.execute(
                Round.__table__.insert()
                .values(
                    name="Ronde bench",
                    departments=[],
                    question_set="v1",
                    exchange_days=7,
                    review_every_months=3,
                    plan_months=12,
                    review_minutes=30,
                    prepare_reminder_days=[10, 8],
                    sign_reminder_days=[3, 7],
                    due_reminder_days=7,
                    review_reminder_days=2,
                    launched_at=now,
                    created_at=now,
                )
                .returning(Round.__table__.c.id)
            ).scalar_one()
            params = {
                "now": now,
                "managers": max(1, pops // 10),
                "pops": pops,
                "departments": DEPARTMENTS,
                "round_id": round_id,
            }
            for sql in SEED_SQL:
                conn.execute(text(sql), params)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))  # as autovacuum would have, long before HR looks
        from shared.db import UnitOfWork, make_session_factory

        with UnitOfWork(make_session_factory(engine), publisher=None) as uow:  # publishes nothing
            add_hr_user(uow, HR_EMAIL, HR_PASSWORD)
            uow.session.commit()
    finally:
        engine.dispose()
    return round_id


@contextmanager
def logged_in_client(url: str):
    """The real app (CSRF on) on this database, and a client logged in as HR."""
    from intake.app import create_app
    from popflow.processes import declare_all_actors
    from shared.config import Config
    from shared.runtime import build_runtime

    runtime = build_runtime(Config.from_env({}, database_url=url, secret_key="bench"), consumed=False)
    declare_all_actors(runtime)
    try:
        client = create_app(runtime).test_client()
        login = client.get("/hr/login").data.decode()
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
        answer = client.post("/hr/login", data={"email": HR_EMAIL, "password": HR_PASSWORD, "csrf_token": csrf})
        assert answer.status_code == 302, f"HR login answered {answer.status_code}"
        yield client, runtime.engine
    finally:
        runtime.close()


def measure(url: str, round_id: int) -> dict[str, tuple[float, int]]:
    """Per page: (median ms, SQL statements of one request)."""
    results: dict[str, tuple[float, int]] = {}
    with logged_in_client(url) as (client, engine):
        first = client.get("/hr/").data.decode()
        later = re.search(r'href="(/hr/\?[^"]*before=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
        pages = {
            "dashboard": f"/hr/rounds/{round_id}",
            "list": "/hr/",
            "list-filtered": f"/hr/?round={round_id}&phase=announcement&department=Afdeling+7&overdue=1",
            "list-page2": later,
            # A part of a manager's name: about a hundred POPs at any size, found through
            # the people table (the trigram indexes of migration 0022 where pg_trgm is there).
            "list-search": "/hr/?q=leidinggevende+42",
            # The whole table per manager (the dashboard shows only who is most behind):
            # a page of 50 of the round's managers, sorted by overdue, and only those behind.
            "managers": f"/hr/rounds/{round_id}/managers?sort=overdue&dir=desc",
            "managers-behind": f"/hr/rounds/{round_id}/managers?behind=1",
            "people": "/hr/people",
            "people-search": "/hr/people?q=medewerker+42",
        }
        statements: list[str] = []
        listener = lambda _c, _cur, statement, *_a: statements.append(statement)  # noqa: E731
        for name, path in pages.items():
            for _ in range(WARMUP):
                assert client.get(path).status_code == 200, path
            times = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                answer = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200, path
            event.listen(engine, "before_cursor_execute", listener)
            statements.clear()
            client.get(path)
            event.remove(engine, "before_cursor_execute", listener)
            results[name] = (statistics.median(times), len(statements))
    return results


def _at(size: int) -> dict[str, tuple[float, int]]:
    with temporary_pg_database(f"p3_{size}") as url:
        started = time.monotonic()
        round_id = seed(url, size)
        note(f"P3: {size:,} POPs generated in {time.monotonic() - started:.1f} s")
        found = measure(url, round_id)
    note("P3 at {:,}: {}".format(size, ", ".join(f"{k} {ms:.1f} ms / {n} SQL" for k, (ms, n) in found.items())))
    return found


def run(scale: str) -> list[dict]:
    floor = _at(FLOOR_SIZE)
    large = _at(SIZES[scale])
    figures = []
    for name, (ms, _n) in large.items():
        ratio = ms / floor[name][0]
        if name == "dashboard":  # its counts must not grow with the round
            goal, passed = f"<= {DASHBOARD_GROWTH} x at {FLOOR_SIZE:,} POPs", ratio <= DASHBOARD_GROWTH
        else:
            goal, passed = f"< {GOAL_MS} ms at {SIZES[scale]:,} POPs", ms < GOAL_MS
        figures.append(figure(f"P3-{name}-ms", ms, "ms", goal, passed, floor=floor[name][0], ratio=ratio))
    same = all(large[name][1] == floor[name][1] for name in large)
    figures.append(
        figure(
            "P3-statements",
            sum(n for _ms, n in large.values()),
            "statements",
            f"the same per page at {FLOOR_SIZE:,} and {SIZES[scale]:,} POPs",
            same,
            floor=sum(n for _ms, n in floor.values()),
            ratio=sum(n for _ms, n in large.values()) / max(1, sum(n for _ms, n in floor.values())),
        )
    )
    return figures
