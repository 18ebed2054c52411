"""Everything a process needs at run time, built once from a Config."""

from __future__ import annotations

from dataclasses import dataclass, field

import dramatiq
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.broker import Publisher, make_broker
from shared.clock import SystemClock
from shared.config import Config
from shared.db import UnitOfWork, make_engine, make_session_factory


@dataclass
class Runtime:
    config: Config
    engine: Engine
    session_factory: sessionmaker[Session]
    broker: dramatiq.Broker
    publisher: Publisher
    clock: object = field(default_factory=SystemClock)
    # Called on close, e.g. to end SMTP connections that outlive a single message.
    closers: list = field(default_factory=list)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.publisher)

    def now(self):
        return self.clock.now()

    def close(self) -> None:
        for closer in self.closers:
            closer()
        self.broker.close()
        self.engine.dispose()


def build_runtime(config: Config, *, clock=None, consumed: bool = True) -> Runtime:
    """consumed=False: this process's broker has no reader (a CLI on the embedded broker)."""
    engine = make_engine(config.database_url)
    broker = make_broker(config)
    return Runtime(
        config=config,
        engine=engine,
        session_factory=make_session_factory(engine),
        broker=broker,
        publisher=Publisher(broker, config, consumed=consumed),
        clock=clock or SystemClock(),
    )
