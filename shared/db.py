"""Engine, sessions and the unit of work: commit at the edge, publish after commit."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import String, create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import GenericFunction

if TYPE_CHECKING:
    from datetime import datetime

    from shared.broker import Publisher


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # We issue BEGIN ourselves (below), so the driver must not.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            # WAL lets the web app read while the worker writes; FKs are off by default.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
            dbapi_conn.create_function("popflow_lower", 1, _lower, deterministic=True)

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):
            # Take the write lock up front: a deferred transaction that reads and then
            # writes fails at once ("database is locked") when another thread wrote.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # connect_timeout: a database host that hangs (rather than refuses) makes requests and
    # /readyz answer 503 after 5 s instead of waiting on the operating system's TCP timeout.
    engine = create_engine(url, pool_size=10, max_overflow=10, connect_args={"connect_timeout": 5})
    _ping_when_idle(engine)
    return engine


class unicode_lower(GenericFunction):  # noqa: N801 - an SQL function, named like one
    """lower() of a text in every script: PostgreSQL's lower() is, SQLite's changes A-Z only
    ('É' stays), so there it is Python's (registered on each connection above). For a
    search only: an index on lower(…) in SQLite would not match this function."""

    type = String()
    inherit_cache = True


@compiles(unicode_lower)
def _unicode_lower_default(element, compiler, **kw) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(unicode_lower, "sqlite")
def _unicode_lower_sqlite(element, compiler, **kw) -> str:
    return f"popflow_lower({compiler.process(element.clauses, **kw)})"


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text


def execute_alone(engine: Engine, statement, params: dict | list[dict]) -> None:
    """One statement that is a transaction of its own. On PostgreSQL in autocommit: one
    round trip instead of three (BEGIN, the statement, COMMIT); the notify worker records
    every mail's answer this way, as soon as it comes."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(statement, params)
    else:
        with engine.begin() as conn:
            conn.execute(statement, params)


# A pooled connection that sat unused this long is pinged before use; one back from work
# a moment ago is not. pool_pre_ping pinged every checkout: a round trip per unit of work,
# a tenth of a mail's cost in the notify worker. A connection that died within the last
# second (the server restarted under load) fails its statement instead; SQLAlchemy then
# drops every older pooled connection, and that one request or message is retried.
IDLE_BEFORE_PING = 1.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _note_idle_since(dbapi_conn, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_conn, record, proxy) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as error:  # the pool replaces the connection and tries again
            raise exc.DisconnectionError(str(error)) from error


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


GROUP_SIZE = 20  # ids per grouped message: small enough that one slow group delays little


class UnitOfWork:
    """One transaction. Rolls back unless committed; messages leave only after commit.

    Business functions take a UnitOfWork, add and flush, and queue messages with
    `publish`; only the edge (a view, an actor, a CLI command) calls `commit`.
    """

    def __init__(self, session_factory: sessionmaker[Session], publisher: Publisher) -> None:
        self._session_factory = session_factory
        self.publisher = publisher
        self._pending: list[tuple[str, tuple, int | None]] = []
        self._grouped: dict[str, list[int]] = {}
        self.session: Session
        # Dedupe keys of the mails this transaction queued (shared/outbox.py): a second
        # request for one of them needs no statement.
        self.mail_keys: set[str] = set()
        # Mails held to be written in one statement (shared/outbox.py: mails_in_one_statement).
        self.deferred_mails: list[dict] | None = None
        # Audit facts held likewise (shared/events.py: facts_in_one_statement).
        self.deferred_facts: list[dict] | None = None
        # The real time, set by a rehearsal (`popflow tick --once --now`, popflow/rehearsal.py):
        # its rules run at another moment, but its mails are dated and due now (shared/outbox.py).
        self.wall_clock: datetime | None = None

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._pending = []
        self._grouped = {}
        self.mail_keys = set()
        self.deferred_mails = None
        self.deferred_facts = None
        return self

    def __exit__(self, *exc) -> None:
        self.rollback()
        self.session.close()

    def publish(self, actor_name: str, *args, delay_ms: int | None = None) -> None:
        self._pending.append((actor_name, args, delay_ms))

    def publish_grouped(self, actor_name: str, row_id: int) -> None:
        """One message per GROUP_SIZE ids of this transaction instead of one per id (the
        actor takes an id or a list): a launch queues two mails per POP, and the notify
        worker claims and renders a group in one transaction."""
        self._grouped.setdefault(actor_name, []).append(row_id)

    def take_grouped(self, actor_name: str) -> list[int]:
        """The ids queued for that actor so far, no longer published at commit: for a process
        that handles them itself, after commit."""
        return self._grouped.pop(actor_name, [])

    @property
    def publishes(self) -> bool:
        """Whether a published message reaches a consumer (see Publisher.consumed)."""
        return self.publisher.consumed

    def commit(self) -> None:
        self.session.commit()
        pending, self._pending = self._pending, []
        grouped, self._grouped = self._grouped, {}
        for actor_name, args, delay_ms in pending:
            self.publisher.send(actor_name, *args, delay_ms=delay_ms)
        for actor_name, ids in grouped.items():
            for start in range(0, len(ids), GROUP_SIZE):
                group = ids[start : start + GROUP_SIZE]
                self.publisher.send(actor_name, group[0] if len(group) == 1 else group)

    def rollback(self) -> None:
        self.session.rollback()
        self._pending = []
        self._grouped = {}
        self.mail_keys = set()
        self.deferred_mails = None
        self.deferred_facts = None


@contextmanager
def rows_held(uow: UnitOfWork, attribute: str, write: Callable[[UnitOfWork], None]) -> Iterator[None]:
    """The rows collected inside in the list `uow.<attribute>` are written by `write` when
    the block ends: one statement for a group instead of one per row. Inside another such
    block for the same attribute, the outer one writes them."""
    if getattr(uow, attribute) is not None:
        yield
        return
    setattr(uow, attribute, [])
    try:
        yield
        write(uow)
    finally:
        setattr(uow, attribute, None)
