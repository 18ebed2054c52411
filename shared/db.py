"""Engine, sessions and the unit of work: commit at the edge, publish after commit."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
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
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10,
                         connect_args={"connect_timeout": 5})


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


class UnitOfWork:
    """One transaction. Rolls back unless committed; messages leave only after commit.

    Business functions take a UnitOfWork, add and flush, and queue messages with
    `publish`; only the edge (a view, an actor, a CLI command) calls `commit`.
    """

    def __init__(self, session_factory: sessionmaker[Session], publisher: "Publisher") -> None:
        self._session_factory = session_factory
        self.publisher = publisher
        self._pending: list[tuple[str, tuple, int | None]] = []
        self.session: Session
        # Dedupe keys of the mails this transaction queued (shared/outbox.py): a second
        # request for one of them needs no statement.
        self.mail_keys: set[str] = set()

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        self._pending = []
        self.mail_keys = set()
        return self

    def __exit__(self, *exc) -> None:
        self.rollback()
        self.session.close()

    def publish(self, actor_name: str, *args, delay_ms: int | None = None) -> None:
        self._pending.append((actor_name, args, delay_ms))

    @property
    def publishes(self) -> bool:
        """Whether a published message reaches a consumer (see Publisher.consumed)."""
        return self.publisher.consumed

    def commit(self) -> None:
        self.session.commit()
        pending, self._pending = self._pending, []
        for actor_name, args, delay_ms in pending:
            self.publisher.send(actor_name, *args, delay_ms=delay_ms)

    def rollback(self) -> None:
        self.session.rollback()
        self._pending = []
        self.mail_keys = set()
