"""Rehearsing a round (issue 20): `popflow tick --once --now …` applies the rules as at that
moment and sends the mails they make, now, once: alone, or beside a running service.

Real processes (the CLI, `popflow run` or a worker and a tick), a real SMTP sink, on SQLite
and on PostgreSQL + RabbitMQ where they run."""

from __future__ import annotations

import email
import email.policy
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from popflow.mailsink import start_sink
from tests.conftest import RABBIT_URL, RUN_ID, _cleanup_rabbitmq, _empty_pg, _require
from tests.integration.test_cli_beside_run import CSV, free_port, popflow
from tests.mails import all_mail

MEETING = "2030-01-14 10:00"
T_MINUS_10 = "2030-01-04 10:30"  # inside the first preparation reminder's window (T-10 d to T-8 d)
REHEARSAL_BACKENDS = ["sqlite+embedded", "postgresql+rabbitmq"]
CLI = [sys.executable, "-m", "popflow.cli"]


@pytest.fixture(params=REHEARSAL_BACKENDS)
def env(request, tmp_path):
    """The environment of every process of one installation, and its mail sink."""
    controller, sink = start_sink(tmp_path / "mail")
    values = {
        **os.environ,
        "POPFLOW_VAR": str(tmp_path / "var"),
        "SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
        "SECRET_KEY": "a-test-secret-of-at-least-32-chars",
        "TICK_SECONDS": "1",
    }
    prefix = None
    if request.param == "sqlite+embedded":
        values.update(DATABASE_URL=f"sqlite:///{tmp_path}/pop.db", BROKER_URL="embedded")
        assert popflow(values, "db", "upgrade").returncode == 0
    else:
        database = request.getfixturevalue("pg_database")
        _require(RABBIT_URL, "RabbitMQ")
        _empty_pg(database)
        prefix = f"{RUN_ID}r{free_port()}_"
        values.update(DATABASE_URL=database, BROKER_URL=RABBIT_URL, QUEUE_PREFIX=prefix)
    try:
        yield values, sink
    finally:
        controller.stop()
        if prefix:
            _cleanup_rabbitmq(prefix)


@contextmanager
def service_beside(env: dict, tmp_path: Path):
    """What runs on staging: `popflow run` on SQLite; a worker and the tick on PostgreSQL. Its
    tick republishes every due mail after half a second, so its worker reaches for the
    rehearsal's mails while the rehearsal sends them: the claim must give each to one."""
    env = {**env, "REPUBLISH_AFTER_SECONDS": "0.5"}
    log = open(tmp_path / "service.log", "w")
    if env["BROKER_URL"] == "embedded":
        port = free_port()
        commands = [["run", "--port", str(port), "--no-demo"]]
    else:
        port = None
        commands = [["worker", "--queues", "workflow,notify", "--threads", "2"], ["tick"]]
    processes = [subprocess.Popen(CLI + c, env=env, stdout=log, stderr=subprocess.STDOUT) for c in commands]
    try:
        if port is not None:
            _wait_for_port(port)
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        log.close()


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("popflow run did not start")


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _plan_jan(env: dict, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(CSV, encoding="utf-8")
    _ok(popflow(env, "people", "import", str(people)))
    _ok(popflow(env, "pop", "schedule", "--employee", "jan@voorbeeld.nl", "--at", MEETING))


def _rehearse(env: dict, at: str) -> dict:
    return json.loads(_ok(popflow(env, "tick", "--once", "--now", at)))


def _reminders(sink) -> list:
    """The preparation reminders received (an invitation carries a calendar item)."""
    return [m for m in all_mail(sink.directory) if m.calendar_raw is None]


def _wait_for_mails(sink, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(all_mail(sink.directory)) < count:
        time.sleep(0.2)


def _date_header(mail) -> datetime:
    message = email.message_from_bytes(mail.path.read_bytes(), policy=email.policy.default)
    return parsedate_to_datetime(str(message["date"]))


def test_a_rehearsal_alone_sends_what_it_makes_once_dated_now(env, tmp_path):
    env, sink = env
    _plan_jan(env, tmp_path)  # nobody runs: the invitation waits in the outbox
    before = datetime.now(UTC).replace(microsecond=0)
    report = _rehearse(env, T_MINUS_10)
    after = datetime.now(UTC) + timedelta(seconds=1)
    mails = all_mail(sink.directory)
    # The invitations (made by the rehearsal's pass, as at T-10) and both reminders, at once.
    assert report["sent"] == 4 and report["not_sent"] == {}, report
    assert sorted(m.to for m in _reminders(sink)) == [
        "Jan Jansen <jan@voorbeeld.nl>",
        "Marieke de Vries <marieke@voorbeeld.nl>",
    ]
    assert len(mails) == 4 and len({m.message_id for m in mails}) == 4
    assert all(before <= _date_header(m) <= after for m in mails), [_date_header(m) for m in mails]
    # The rehearsed moment stays the POP's: what it shows is as at T-10.
    shown = json.loads(_ok(popflow(env, "pop", "show", "1", "--json")))
    assert shown["state"] == "announcement"
    # Again, or a little later in the same window: everything was sent already.
    assert _rehearse(env, T_MINUS_10)["sent"] == 0
    assert _rehearse(env, "2030-01-05 09:00")["sent"] == 0
    assert len(all_mail(sink.directory)) == 4


def test_a_rehearsal_beside_a_running_service_sends_each_mail_once(env, tmp_path):
    env, sink = env
    with service_beside(env, tmp_path):
        _plan_jan(env, tmp_path)
        _wait_for_mails(sink, 2)
        assert len(all_mail(sink.directory)) == 2  # the invitations, from the service
        report = _rehearse(env, T_MINUS_10)
        _wait_for_mails(sink, 4)
        time.sleep(3)  # the service's ticks republish what is due: nothing may go twice
        again = _rehearse(env, T_MINUS_10)
        time.sleep(2)
    log = (tmp_path / "service.log").read_text()
    reminders = _reminders(sink)
    assert sorted(m.to for m in reminders) == [
        "Jan Jansen <jan@voorbeeld.nl>",
        "Marieke de Vries <marieke@voorbeeld.nl>",
    ], log
    assert len(all_mail(sink.directory)) == 4, log
    # The rehearsal sent them, or the service's worker did where it claimed one first.
    assert report["sent"] <= 2 and again["sent"] == 0, report
    assert all(abs(_date_header(m) - datetime.now(UTC)) < timedelta(minutes=2) for m in reminders)


def test_a_rehearsed_managers_reminder_goes_now_not_the_next_morning(system):
    """Two reports' reminders rehearsed at two moments of one rehearsed day, both rehearsed
    within one real day: the manager gets each now (a held one would wait for a morning the
    rehearsal never reaches, or for the real one after it)."""
    from sqlalchemy import select

    from intake.scheduling import schedule_meeting
    from popflow.rehearsal import rehearse
    from shared.models import OutboxMail, Person
    from tests.integration.helpers import MANAGER, MEETING_UTC, schedule, seed

    seed(system)
    with system.runtime.uow() as uow:
        marieke = uow.session.scalars(select(Person).where(Person.email == MANAGER)).one()
        uow.session.add(Person(name="Anna Bakker", email="anna@voorbeeld.nl", language="nl", manager=marieke))
        uow.commit()
    schedule(system)
    with system.runtime.uow() as uow:
        schedule_meeting(
            uow,
            system.clock.now(),
            employee_email="anna@voorbeeld.nl",
            start=MEETING_UTC + timedelta(hours=5),
            location="Kamer 2.14",
        )
        uow.commit()
    system.settle()
    before = len(all_mail(system.sink.directory))
    jans = rehearse(system.runtime, MEETING_UTC - timedelta(days=10, minutes=-1))
    annas = rehearse(system.runtime, MEETING_UTC - timedelta(days=10) + timedelta(hours=5, minutes=1))
    system.settle()
    assert jans["sent"] == 2 and annas["sent"] == 2, (jans, annas)
    to_marieke = [m for m in all_mail(system.sink.directory)[before:] if MANAGER in m.to]
    assert len(to_marieke) == 2 and "Jan Jansen" in to_marieke[0].subject and "Anna Bakker" in to_marieke[1].subject
    with system.runtime.uow() as uow:
        rows = uow.session.scalars(select(OutboxMail).where(OutboxMail.kind == "prepare_reminder")).all()
        # Due at the real time (the system's clock), the rehearsed moment kept in the row's data.
        assert {(row.status, row.next_attempt_at) for row in rows} == {("sent", system.clock.now())}
        assert sorted({row.data["rehearsed_at"][:16] for row in rows}) == ["2027-03-26T08:01", "2027-03-26T13:01"]


@pytest.mark.parametrize("text", ["morgen", "2030-13-01 10:00", "2030-01-04\x0010:00", "٢٠٣٠-٠١-٠٤ 10:00", "9" * 500])
def test_a_rehearsal_moment_that_is_no_time_is_refused_clearly(sqlite_system, monkeypatch, text):
    from click.testing import CliRunner

    from popflow.cli import main

    monkeypatch.setenv("DATABASE_URL", sqlite_system.config.database_url)
    monkeypatch.setenv("SECRET_KEY", "a-test-secret-of-at-least-32-chars")
    refused = CliRunner().invoke(main, ["tick", "--once", "--now", text])
    assert refused.exit_code == 2 and '--now moet eruitzien als "2026-12-08 10:00"' in refused.output, refused.output
