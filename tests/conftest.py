"""Fixtures: a whole popflow system per test on a chosen backend, with real parts.

Backends: SQLite + in-process broker always; PostgreSQL + RabbitMQ and PostgreSQL +
Redis where those answer (TEST_DATABASE_URL, TEST_RABBITMQ_URL, TEST_REDIS_URL, or
the usual local ports). With CI=true those are required, not skipped. Each test run
uses a database, queue prefix and key namespace of its own and removes them after.
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import socket
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from popflow.mailsink import start_sink
from popflow.processes import Embedded, start_embedded
from shared.clock import SettableClock
from shared.config import Config
from shared.migrate import upgrade

RUN_ID = f"t{os.getpid()}{secrets.token_hex(3)}"
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
RABBIT_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() == "true"

BACKENDS = ["sqlite+embedded", "postgresql+rabbitmq", "postgresql+redis"]


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


def _require(url: str, what: str) -> None:
    if not _answers(url):
        if IN_CI:
            pytest.fail(f"{what} does not answer at {url}; CI requires it")
        pytest.skip(f"{what} does not answer at {url} (required when CI=true)")


@pytest.fixture(scope="session")
def pg_database():
    """A database of this test run's own on the PostgreSQL server, migrated, dropped after."""
    _require(PG_URL, "PostgreSQL")
    name = f"popflow_{RUN_ID}"
    # pool_pre_ping: a fault test restarts the server, and the DROP below must still work.
    admin = create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT", pool_pre_ping=True
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """Migrated once; every test gets a copy (a fresh database in milliseconds)."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


TABLES = (
    "offered_slots, slot_offer_invitees, slot_offers, question_set_versions, question_sets, department_question_sets, "
    "attendees, signatures, agreements, preparations, outbox, events, meetings, pops, rounds, people, hr_users"
)


def _empty_pg(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _cleanup_rabbitmq(prefix: str) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(RABBIT_URL))
    channel = connection.channel()
    for queue in ("workflow", "notify"):
        for suffix in ("", ".DQ", ".XQ"):
            channel.queue_delete(queue=f"{prefix}{queue}{suffix}")
    connection.close()


def _cleanup_redis(namespace: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{namespace}*"))
    if keys:
        client.delete(*keys)
    client.close()


@dataclass
class System:
    """A running popflow: worker on the chosen broker, a real SMTP sink, a clock to move."""

    embedded: Embedded
    clock: SettableClock
    sink: object
    sink_controller: object
    config: Config

    @property
    def runtime(self):
        return self.embedded.runtime

    def app(self):
        from intake.app import create_app

        app = create_app(self.runtime, testing=True)
        app.config["WTF_CSRF_ENABLED"] = False
        return app

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until every event is handled and every mail is out of the outbox."""
        from sqlalchemy import func, select

        from shared.models import Event, OutboxMail

        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            with self.runtime.uow() as uow:
                busy = uow.session.scalar(select(func.count()).select_from(Event).where(Event.handled_at.is_(None)))
                # A mail on its way: being sent, or due and published. One held for a later
                # moment (a manager's reminder waiting for tomorrow's bundle) is not, even once
                # the clock passes that moment: the next tick publishes it.
                busy += uow.session.scalar(
                    select(func.count())
                    .select_from(OutboxMail)
                    .where(
                        (OutboxMail.status == "sending")
                        | (
                            (OutboxMail.status == "pending")
                            & (OutboxMail.next_attempt_at <= self.runtime.now())
                            & OutboxMail.published_at.is_not(None)
                        )
                    )
                )
            quiet = quiet + 1 if busy == 0 else 0
            if quiet >= 3:  # stable for a few polls: no message still on its way
                return
            time.sleep(0.04)
        raise AssertionError("the worker did not settle in time")

    def tick(self, timeout: float = 30.0):
        """One tick pass; then wait until the worker has advanced every POP it nudged.

        A nudged POP carries the tick's provisional next check (now + republish delay)
        until the worker's advance replaces it.
        """
        from sqlalchemy import func, select

        from popflow.processes import tick_once
        from shared.models import Pop

        now = self.runtime.now()
        report = tick_once(self.runtime)
        provisional = now + timedelta(seconds=self.config.republish_after_seconds)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.runtime.uow() as uow:
                waiting = uow.session.scalar(
                    select(func.count()).select_from(Pop).where(Pop.next_check_at == provisional)
                )
            if not waiting:
                return report
            time.sleep(0.04)
        raise AssertionError("the worker did not advance the nudged POPs in time")


MX_AUTHSERV_ID = "mx.popflow.test"  # the receiving mail server the tests stand in for


def _backend_config(backend: str, database_url: str) -> Config:
    if backend == "sqlite+embedded":
        return Config(database_url=database_url, broker_url="embedded")
    if backend == "postgresql+rabbitmq":
        _require(RABBIT_URL, "RabbitMQ")
        return Config(database_url=database_url, broker_url=RABBIT_URL, queue_prefix=f"{RUN_ID}_")
    _require(REDIS_URL, "Redis")
    return Config(database_url=database_url, broker_url=REDIS_URL, queue_prefix=f"popflow-{RUN_ID}")


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def _sqlite_copy(tmp_path: Path, template: Path) -> str:
    path = tmp_path / "popflow.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@contextmanager
def _running_system(base: Config, tmp_path: Path, smtp_url: str | None = None):
    """Worker on the configured broker, a real SMTP sink (or the server at smtp_url), a clock
    standing at 15 March 2027."""
    controller, sink = start_sink(tmp_path / "mail")
    config = base.with_(
        smtp_url=smtp_url or f"smtp://127.0.0.1:{controller.port}",
        base_url="http://popflow.test",
        secret_key="test-secret",
        mail_from="pop@popflow.test",
        mail_dir=tmp_path / "mail",
        worker_threads=2,
        tick_seconds=3600,
        inbound_authserv_id=MX_AUTHSERV_ID,  # tests/replies.py writes its results
        # No per-client limits: a test of them sets its own (tests/integration/test_accounts.py).
        login_limit="",
        link_request_limit="",
        api_limit="",
    )
    clock = SettableClock(datetime(2027, 3, 15, 9, 0, tzinfo=UTC))
    embedded = start_embedded(config, clock=clock, with_tick=False)
    system = System(embedded=embedded, clock=clock, sink=sink, sink_controller=controller, config=config)
    try:
        yield system
    finally:
        embedded.stop()
        system.sink_controller.stop()  # a test may have replaced it


@pytest.fixture
def system(backend, request, tmp_path, sqlite_template):
    if backend == "sqlite+embedded":
        database_url = _sqlite_copy(tmp_path, sqlite_template)
    else:
        database_url = request.getfixturevalue("pg_database")
        _empty_pg(database_url)
    base = _backend_config(backend, database_url)
    with _running_system(base, tmp_path) as running:
        yield running
    if backend == "postgresql+rabbitmq":
        _cleanup_rabbitmq(base.queue_prefix)
    elif backend == "postgresql+redis":
        _cleanup_redis(base.queue_prefix)


@pytest.fixture
def sqlite_system(tmp_path, sqlite_template):
    """The embedded system only, for tests of behaviour that does not depend on the backend."""
    with _running_system(Config(database_url=_sqlite_copy(tmp_path, sqlite_template)), tmp_path) as running:
        yield running


@pytest.fixture
def system_mailing_to(tmp_path, sqlite_template):
    """make(smtp_url): an embedded system that sends its mail to that SMTP server."""
    made = itertools.count(1)

    def make(smtp_url: str):
        folder = tmp_path / f"system{next(made)}"
        folder.mkdir()
        return stack.enter_context(
            _running_system(Config(database_url=_sqlite_copy(folder, sqlite_template)), folder, smtp_url=smtp_url)
        )

    with ExitStack() as stack:
        yield make


REPO = Path(__file__).resolve().parents[1]
# Per test: a real browser 300 s; a fault test 600 s, above the sum of its own bounded waits.
TIMEOUTS = {"browser": 300, "faults": 600}


@pytest.hookimpl(tryfirst=True)  # before -m deselects: every test in tests/faults is a fault test
def pytest_collection_modifyitems(items):
    for item in items:
        parts = Path(item.path).parts
        folder = parts[parts.index("tests") + 1] if "tests" in parts[:-1] else ""
        if folder == "faults":
            item.add_marker(pytest.mark.faults)
        if folder in TIMEOUTS:
            item.add_marker(pytest.mark.timeout(TIMEOUTS[folder]))
