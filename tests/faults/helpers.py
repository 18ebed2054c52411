"""What the fault tests share: popflow processes started and killed like an operator
would, a round seeded in bulk, the real SMTP sink, and bounded waits that say what
was still missing.

Every process runs in a session of its own (start_new_session=True), so a kill takes
its whole process group, as `docker kill` or the OOM killer would.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select

from popflow.mailsink import MailSink
from shared.models import Event, OutboxMail, Person, Pop
from tests.conftest import RABBIT_URL

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "popflow.cli"]
MAIL_FROM = "pop@faults.test"
# Short enough for a test, honest for production's shape: a claim outlives the SMTP
# timeout (10 s) twice over, and the tick waits a few passes before republishing.
CLAIM_TIMEOUT_SECONDS = 20
REPUBLISH_AFTER_SECONDS = 10


def fault_env(database_url: str, prefix: str, smtp_port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "BROKER_URL": RABBIT_URL,
        "QUEUE_PREFIX": prefix,
        "SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SECRET_KEY": "a-test-secret-of-at-least-32-chars",
        "MAIL_FROM": MAIL_FROM,
        "BASE_URL": "http://popflow.test",
        "TICK_SECONDS": "1",
        "REPUBLISH_AFTER_SECONDS": str(REPUBLISH_AFTER_SECONDS),
        "CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT_SECONDS),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


# -- processes ----------------------------------------------------------------------------------
class Proc:
    """One `popflow …` process; restarts append to the same log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name, self.args, self.env = name, args, env
        self.log_path = log_dir / f"{name}.log"
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> Proc:
        self.starts += 1
        with open(self.log_path, "a") as log:
            log.write(f"\n===== start {self.starts} at {time.strftime('%H:%M:%S')} =====\n")
            log.flush()
            self.popen = subprocess.Popen(
                CLI + self.args, env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill_group(self) -> None:
        """SIGKILL to the whole process group: no handler runs, nothing is flushed."""
        if self.alive:
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.popen is not None:
            self.popen.wait(timeout=30)

    def terminate(self, grace: float) -> tuple[int | None, float]:
        """SIGTERM; returns (exit code or None if still running after grace, seconds taken)."""
        started = time.monotonic()
        self.popen.send_signal(signal.SIGTERM)
        try:
            code = self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            code = None
        return code, time.monotonic() - started

    def log_tail(self, chars: int = 6000) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return text[-chars:]


class Fleet:
    """The processes of one test; whatever happens, none outlives it. On failure their
    logs are printed (pytest shows them with the failure)."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env, self.log_dir, self.procs = env, log_dir, {}

    def start(self, name: str, *args: str) -> Proc:
        self.procs[name] = Proc(name, list(args), self.env, self.log_dir).start()
        return self.procs[name]

    def __enter__(self) -> Fleet:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for proc in self.procs.values():
            proc.kill_group()
        if exc_type is not None:
            for proc in self.procs.values():
                print(f"\n----- {proc.name} ({proc.log_path}) -----\n{proc.log_tail()}")


def tear_down(runtime, sink: Sink, db: Db, prefix: str) -> None:
    """After a fault test, pass or fail: the publisher, the sink, the database and the queues."""
    from tests.conftest import _cleanup_rabbitmq

    if runtime is not None:
        runtime.close()
    sink.stop()
    db.close()
    _cleanup_rabbitmq(prefix)


def wait_until(check, timeout: float, what: str, interval: float = 0.5):
    """check() -> (done, detail). Fails after `timeout` seconds with what was still missing."""
    deadline = time.monotonic() + timeout
    while True:
        done, detail = check()
        if done:
            return detail
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout:.0f} s: {detail}")
        time.sleep(interval)


# -- the database, read from outside ------------------------------------------------------------
class Db:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))

    def close(self) -> None:
        self.engine.dispose()

    def outbox(self) -> list:
        with self.engine.connect() as conn:
            return conn.execute(
                select(
                    OutboxMail.id,
                    OutboxMail.kind,
                    OutboxMail.status,
                    OutboxMail.attempts,
                    OutboxMail.message_id,
                    OutboxMail.next_attempt_at,
                    OutboxMail.published_at,
                    OutboxMail.claimed_at,
                    OutboxMail.last_error,
                    Person.email,
                )
                .join(Person, Person.id == OutboxMail.recipient_id)
                .order_by(OutboxMail.id)
            ).all()

    def statuses(self) -> Counter:
        with self.engine.connect() as conn:
            rows = conn.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all()
        return Counter(dict(rows))

    def sending(self) -> dict[int, datetime]:
        """Rows claimed by a worker and not yet recorded: id -> claimed_at."""
        with self.engine.connect() as conn:
            return dict(
                conn.execute(select(OutboxMail.id, OutboxMail.claimed_at).where(OutboxMail.status == "sending")).all()
            )

    def pop_states(self) -> Counter:
        with self.engine.connect() as conn:
            return Counter(dict(conn.execute(select(Pop.state, func.count()).group_by(Pop.state)).all()))

    def unhandled_events(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(Event).where(Event.handled_at.is_(None)))

    def settled(self, pops: int) -> tuple[bool, str]:
        """Every POP announced, every event handled, every mail sent."""
        states, statuses, events = self.pop_states(), self.statuses(), self.unhandled_events()
        done = (
            states.get("announcement", 0) == pops
            and events == 0
            and statuses
            and set(statuses) == {"sent"}
            and statuses["sent"] >= 2 * pops
        )
        return bool(done), f"POPs {dict(states)}, unhandled events {events}, outbox {dict(statuses)}"


# -- a round in bulk ----------------------------------------------------------------------------
def seed_round(runtime, employees: int, managers: int) -> int:
    """People (employees spread over `managers`) and a launched round: a POP each, in planning."""
    from intake.people import import_people
    from intake.rounds import RoundInput, create_round, launch_round

    now = runtime.now()
    rows = [
        {"name": f"Leidinggevende {m}", "email": f"m{m}@faults.test", "department": "Zorg"} for m in range(managers)
    ]
    rows += [
        {
            "name": f"Medewerker {e}",
            "email": f"e{e}@faults.test",
            "department": "Zorg",
            "manager_email": f"m{e % managers}@faults.test",
            "language": "en" if e % 5 == 0 else "nl",
        }
        for e in range(employees)
    ]
    with runtime.uow() as uow:
        report = import_people(uow, rows, now)
        assert not report.problems, report.messages("en")[:5]
        rnd = create_round(
            uow,
            now,
            RoundInput(
                name="Storingsronde",
                meetings_from=now.date() + timedelta(days=20),
                meetings_until=now.date() + timedelta(days=80),
            ),
            "test",
        )
        uow.session.flush()
        launch_round(uow, now, rnd.id, "test")
        uow.commit()
        return rnd.id


def schedule_all(runtime, per_transaction: int = 250, pause: float = 0.0) -> int:
    """A conversation for every POP in planning, as the managers' planning page does it
    (one transaction per batch); each commit publishes its events to the workers."""
    from intake.scheduling import schedule_meeting

    with runtime.uow() as uow:
        emails = list(
            uow.session.scalars(
                select(Person.email)
                .join(Pop, Pop.employee_id == Person.id)
                .where(Pop.state == "planning")
                .order_by(Pop.id)
            )
        )
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
    for first in range(0, len(emails), per_transaction):
        with runtime.uow() as uow:
            for slot, address in enumerate(emails[first : first + per_transaction]):
                schedule_meeting(
                    uow,
                    runtime.now(),
                    employee_email=address,
                    start=start + timedelta(minutes=30 * (first + slot)),  # one after another: no double booking
                    minutes=30,
                    location="Kamer 2.14",
                    actor="test",
                )
            uow.commit()
        time.sleep(pause)
    return len(emails)


def publishing_runtime(env: dict[str, str]):
    """The test's own process as a publisher on the test's broker (like the web app)."""
    from popflow.processes import declare_all_actors
    from shared.config import Config
    from shared.runtime import build_runtime

    runtime = build_runtime(Config.from_env(env))
    declare_all_actors(runtime)  # declares the queues this process publishes to
    return runtime


# -- the SMTP sink ------------------------------------------------------------------------------
class SlowSink(MailSink):
    """The real sink, answering after `delay` seconds like a relay across a network."""

    def __init__(self, directory: Path, delay: float = 0.0) -> None:
        super().__init__(directory)
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


class Sink:
    """An aiosmtpd server on a fixed port that can be stopped and started again on it."""

    def __init__(self, directory: Path, port: int, delay: float = 0.0) -> None:
        self.directory, self.port, self.delay = Path(directory), port, delay
        self.controller = None

    def start(self) -> Sink:
        from aiosmtpd.controller import Controller

        self.controller = Controller(
            SlowSink(self.directory, self.delay), hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def count(self) -> int:
        return sum(1 for _ in self.directory.glob("*.eml"))


@dataclass(frozen=True)
class Received:
    message_id: str
    to: str
    calendar_method: str | None


def received(directory: Path) -> list[Received]:
    """Every mail the sink accepted: its Message-ID, recipient and calendar METHOD."""
    parser = email.parser.BytesParser(policy=email.policy.default)
    found = []
    for path in sorted(Path(directory).glob("*.eml")):
        with open(path, "rb") as handle:
            msg = parser.parse(handle)
        method = next(
            (part.get_param("method") for part in msg.walk() if part.get_content_type() == "text/calendar"), None
        )
        found.append(Received(str(msg["message-id"]), str(msg["to"]), method))
    return found


def check_every_row_received(rows, mails: list[Received]) -> Counter:
    """Each outbox row reached the sink at least once under its own Message-ID, addressed to
    its recipient, invitations with their REQUEST. Returns how often each Message-ID came."""
    by_id = Counter(m.message_id for m in mails)
    missing = [(r.id, r.kind, r.email) for r in rows if not r.message_id or by_id[r.message_id] == 0]
    assert not missing, f"{len(missing)} outbox rows never reached the sink, e.g. {missing[:10]}"
    unknown = set(by_id) - {r.message_id for r in rows}
    assert not unknown, f"the sink has mails no outbox row sent: {sorted(unknown)[:10]}"
    first = {}
    for mail in mails:
        first.setdefault(mail.message_id, mail)
    for row in rows:
        mail = first[row.message_id]
        assert row.email in mail.to, f"outbox row {row.id} went to {mail.to}, not {row.email}"
        if row.kind == "invitation":
            assert mail.calendar_method == "REQUEST", f"invitation {row.id} came without its calendar REQUEST"
    return by_id
