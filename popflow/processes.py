"""The pieces a process is made of: worker, tick loop, web app, embedded everything.

Only this module (and cli.py) knows intake, workflow and notifier together.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import dramatiq

from shared.config import Config
from shared.runtime import Runtime, build_runtime

if TYPE_CHECKING:
    from aiosmtpd.controller import Controller

log = logging.getLogger("popflow")


def declare_all_actors(runtime: Runtime) -> None:
    from notifier import actors as notifier_actors
    from workflow import actors as workflow_actors

    workflow_actors.declare(runtime)
    notifier_actors.declare(runtime)


def start_worker(runtime: Runtime, queues: set[str] | None = None, threads: int | None = None) -> dramatiq.Worker:
    """A Dramatiq worker consuming this runtime's queues (actors must be declared first)."""
    from shared import metrics
    from shared.broker import physical_queue

    metrics.install(runtime.broker)  # actor latency for /metrics, a log scope per message
    names = {physical_queue(runtime.config, q) for q in queues} if queues else None
    worker = dramatiq.Worker(
        runtime.broker, queues=names, worker_threads=threads or runtime.config.worker_threads, worker_timeout=100
    )
    worker.start()
    return worker


def tick_once(runtime: Runtime, now=None, inline: bool = False):
    from workflow.tick import tick

    with runtime.uow() as uow:
        report = tick(
            uow, now or runtime.now(), runtime.config.republish_after_seconds, inline=inline, tz=runtime.config.timezone
        )
        uow.commit()
    return report


@dataclass
class TickLoop:
    runtime: Runtime
    stop_event: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                tick_once(self.runtime)
            except Exception:  # the next pass tries again; never let the scheduler die
                log.exception("tick failed")
            try:  # once a day: private answers and old plans past their retention period
                from shared.retention import run_daily_retention

                run_daily_retention(self.runtime)
            except Exception:
                log.exception("retention failed")
            self.stop_event.wait(self.runtime.config.tick_seconds)

    def start(self) -> TickLoop:
        self.thread = threading.Thread(target=self.run, name="popflow-tick", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        if self.thread:
            self.thread.join(timeout=10)


@dataclass
class Embedded:
    """Web + worker + tick (+ optionally a mail sink) in one process: `popflow run` and tests."""

    runtime: Runtime
    worker: dramatiq.Worker
    tick: TickLoop
    sink: Controller | None = None

    def stop(self) -> None:
        self.tick.stop()
        self.worker.stop()
        if self.sink is not None:
            self.sink.stop()
        self.runtime.close()


def start_embedded(config: Config, *, with_sink: bool = False, with_tick: bool = True, clock=None) -> Embedded:
    """With a sink: on SMTP_URL's port, or on a free one if that is taken (then the
    runtime's smtp_url says which)."""
    sink = None
    if with_sink:
        from popflow.mailsink import start_sink_preferring

        parts = urlsplit(config.smtp_url)
        host = parts.hostname or "127.0.0.1"
        sink, _ = start_sink_preferring(config.mail_dir, host=host, port=parts.port or 1025)
        config = config.with_(smtp_url=f"smtp://{host}:{sink.port}")
    runtime = build_runtime(config, clock=clock, consumed=True)
    declare_all_actors(runtime)
    worker = start_worker(runtime)
    tick = TickLoop(runtime)
    if with_tick:
        tick.start()
    return Embedded(runtime=runtime, worker=worker, tick=tick, sink=sink)


@contextmanager
def cli_runtime(config: Config):
    """A runtime for a one-shot command: it publishes only to a broker someone reads."""
    runtime = build_runtime(config, consumed=config.broker_url != "embedded")
    if runtime.publisher.consumed:
        declare_all_actors(runtime)  # declares the queues the messages go to
    try:
        yield runtime
    finally:
        runtime.close()
