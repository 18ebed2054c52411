"""PostgreSQL stops and comes back while popflow runs (R4).

The real local server is stopped for a few seconds with pg_ctlcluster. Meanwhile every
page answers a friendly 503 in the reader's language (the API its JSON error), /readyz
says the database is away and /healthz still answers. Once the server is back the same
app serves the pages again without a restart, also from a connection pooled before the
outage, and the work queued during the outage is done: a message the worker got while
the database was away (Dramatiq retries it) and an event the tick publishes once it can.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select, update

from intake.app import create_app
from intake.scheduling import schedule_meeting
from popflow.demo import add_hr_user
from popflow.processes import TickLoop
from shared.broker import Publisher
from shared.db import UnitOfWork
from shared.models import Event, Person
from shared.runtime import build_runtime
from tests.integration.helpers import EMPLOYEE, MEETING_UTC, seed
from tests.mails import mail_to

CLUSTERS = Path("/etc/postgresql")
DUTCH = "popflow is even niet bereikbaar"
ENGLISH = "popflow can&#39;t be reached just now"

pytestmark = [pytest.mark.faults, pytest.mark.restarts_services]


def _cluster_version() -> str:
    if shutil.which("pg_ctlcluster") is None or not CLUSTERS.is_dir() or os.geteuid() != 0:
        pytest.skip("needs the local PostgreSQL cluster and root to stop it (pg_ctlcluster)")
    versions = sorted(p.name for p in CLUSTERS.iterdir() if (p / "main").is_dir())
    if not versions:
        pytest.skip("no local PostgreSQL cluster 'main' here")
    return versions[-1]


def _pg(version: str, action: str, check: bool = True) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=check,
        timeout=120,
        capture_output=True,
    )


def _wait_until_accepting(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _wait_for_mail(directory: Path, address: str, count: int, timeout: float = 90.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mails = mail_to(directory, address)
        if len(mails) >= count:
            return mails
        time.sleep(0.2)
    raise AssertionError(f"{address} got {len(mail_to(directory, address))} mails, expected {count}")


def _schedule_unpublished(runtime, email: str, hours_later: int) -> int:
    """Schedule as a CLI beside no worker would: the event row waits, nothing is sent. The
    same manager as Jan's: hours after his conversation, not at the same time."""
    start = MEETING_UTC + timedelta(hours=hours_later)
    with UnitOfWork(runtime.session_factory, Publisher(runtime.broker, runtime.config, consumed=False)) as uow:
        done = schedule_meeting(
            uow, runtime.now(), employee_email=email, start=start, minutes=60, location="Kamer 2.14", actor="test"
        )
        uow.commit()
        return uow.session.scalars(select(Event.id).where(Event.pop_id == done.pop.id)).one()


def _failed_handle_events() -> float:
    """Messages workflow.handle_event that ended in an error, as the worker's metrics count them."""
    return (
        REGISTRY.get_sample_value(
            "popflow_actor_duration_seconds_count", {"actor": "workflow.handle_event", "outcome": "error"}
        )
        or 0.0
    )


@pytest.mark.parametrize("backend", ["postgresql+rabbitmq"])
def test_pages_say_503_while_postgresql_is_down_and_everything_recovers(system, caplog):
    version = _cluster_version()
    admin_url = system.config.database_url
    seed(system)
    with system.runtime.uow() as uow:
        manager = uow.session.query(Person).filter_by(email="marieke@voorbeeld.nl").one()
        uow.session.add_all(
            [
                Person(name="Piet Peters", email="piet@voorbeeld.nl", language="nl", manager=manager),
                Person(name="Emma Clarke", email="emma@voorbeeld.nl", language="en", manager=manager),
            ]
        )
        add_hr_user(uow, "hr2@voorbeeld.nl", "nog-een-wachtwoord")
        uow.commit()
    # Jan's POP is running; his link and HR's list are the pages we watch.
    with system.runtime.uow() as uow:
        schedule_meeting(
            uow,
            system.clock.now(),
            employee_email=EMPLOYEE,
            start=MEETING_UTC,
            minutes=60,
            location="Kamer 2.14",
            actor="test",
        )
        uow.commit()
    system.settle()
    home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path

    app = create_app(system.runtime)  # not testing: a failure would show as the 500 page
    app.config["WTF_CSRF_ENABLED"] = False
    hr = app.test_client()
    assert hr.post("/hr/login", data={"email": "hr@voorbeeld.nl", "password": "geheim-wachtwoord"}).status_code == 302
    person, english = app.test_client(), app.test_client()
    # A second web process whose pooled connection will be stale after the restart.
    other_runtime = build_runtime(system.config)
    other = create_app(other_runtime).test_client()
    for client, path in ((hr, "/hr/"), (person, home), (other, home)):
        assert client.get(path).status_code == 200

    # Work for after the outage: Piet's event is "published" (the message goes out while the
    # database is away, so the worker must retry it); Emma's is not, so only the tick can.
    piet_event = _schedule_unpublished(system.runtime, "piet@voorbeeld.nl", 1)
    with system.runtime.uow() as uow:
        uow.session.execute(update(Event).where(Event.id == piet_event).values(published_at=system.clock.now()))
        uow.commit()
    _schedule_unpublished(system.runtime, "emma@voorbeeld.nl", 2)
    ticking = TickLoop(dataclasses.replace(system.runtime, config=system.config.with_(tick_seconds=0.3)))

    failed_before = _failed_handle_events()
    outage_started = time.monotonic()
    try:
        _pg(version, "stop")
        ticking.start()
        system.runtime.publisher.send("workflow.handle_event", piet_event)

        for client, path in ((hr, "/hr/"), (hr, "/hr/pop/1"), (person, home), (person, home + "/prepare")):
            down = client.get(path)
            page = down.get_data(as_text=True)
            assert down.status_code == 503, (path, down.status_code)
            assert down.headers["Retry-After"] == "60"
            assert DUTCH in page and "Traceback" not in page, path
        down = english.get(home, headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert down.status_code == 503 and ENGLISH in down.get_data(as_text=True)
        sent = person.post(home + "/prepare", data={"q1": "Meer leren over data."})
        assert sent.status_code == 503 and "niet opgeslagen" in sent.get_data(as_text=True)
        api = app.test_client().get(
            "/api/v1/pops", headers={"Authorization": "Bearer whatever", "Accept-Language": "en"}
        )
        assert api.status_code == 503 and api.headers["Retry-After"] == "60"
        assert api.get_json() == {
            "error": "unavailable",
            "message": "popflow can't be reached just now — please try again in a minute.",
        }

        ready = hr.get("/readyz")
        assert ready.status_code == 503 and ready.get_json()["database"].startswith("unreachable")
        assert ready.get_json()["broker"] == "ok"
        assert hr.get("/healthz").status_code == 200
        metrics = hr.get("/metrics")
        assert metrics.status_code == 200 and "popflow_database_up 0.0" in metrics.get_data(as_text=True)
        time.sleep(1)  # a few tick passes fail meanwhile
    finally:
        _pg(version, "start", check=False)  # "already running" is fine too; the wait decides
        _wait_until_accepting(admin_url)
    outage = time.monotonic() - outage_started

    try:
        # The app that never saw the outage takes a connection pooled before it: no 500.
        assert other.get(home).status_code == 200
        for client, path in ((hr, "/hr/"), (person, home), (person, home + "/prepare")):
            assert client.get(path).status_code == 200, path
        assert english.get(home, headers={"Accept-Language": "en"}).status_code == 200
        assert hr.get("/readyz").status_code == 200
        # Queued during the outage, done after it: invitations to both, for Piet and Emma.
        for address in ("piet@voorbeeld.nl", "emma@voorbeeld.nl"):
            assert [m.calendar_method_param for m in _wait_for_mail(system.sink.directory, address, 1)] == ["REQUEST"]
        _wait_for_mail(system.sink.directory, "marieke@voorbeeld.nl", 3)
        system.settle()
        # Piet's message failed in the worker during the outage and was retried (Dramatiq's backoff).
        assert _failed_handle_events() > failed_before
        assert ticking.thread.is_alive()
        assert any(r.getMessage() == "tick failed" for r in caplog.records)
    finally:
        ticking.stop()
        other_runtime.close()
    assert outage < 30
