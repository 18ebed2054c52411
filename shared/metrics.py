"""What popflow measures for Prometheus.

Two sources, because the processes are many and short-lived counters in each would
not add up:

- figures read from the database at scrape time (POPs per state, the outbox, and the
  transitions and mails so far as counters, so `rate()` gives them per second across
  every process). The web app serves these on /metrics; a few GROUP BYs per scrape.
- how long each actor takes, measured in the worker processes by a Dramatiq
  middleware and served by each worker on its own port (`popflow worker
  --metrics-port N`).
"""

from __future__ import annotations

import logging
import threading
import time

import dramatiq
from prometheus_client import CollectorRegistry, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from shared.event_types import EventKind
from shared.log_context import end_scope, new_scope
from shared.models import Event, OutboxMail, Pop
from shared.pop_states import State

log = logging.getLogger("popflow.worker")

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed", "dropped")


class DatabaseFigures(Collector):
    """Reads the figures when Prometheus scrapes: three queries, each one GROUP BY."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def collect(self):
        up = GaugeMetricFamily("popflow_database_up", "1 when the database answered this scrape.")
        try:
            with self.engine.connect() as conn:
                states = dict(conn.execute(select(Pop.state, func.count()).group_by(Pop.state)).all())
                outbox = dict(conn.execute(select(OutboxMail.status, func.count()).group_by(OutboxMail.status)).all())
                target = Event.data["to"].as_string()
                moves = conn.execute(
                    select(target, func.count()).where(Event.kind == EventKind.STATE_CHANGED).group_by(target)
                ).all()
        except SQLAlchemyError as error:
            log.warning("metrics: database not reachable: %s", error.__class__.__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        pops = GaugeMetricFamily("popflow_pops", "POPs per state.", labels=["state"])
        for state in State:  # every state, also at 0: a missing series is not a zero
            pops.add_metric([state.value], states.get(state.value, 0))
        yield pops
        mails = GaugeMetricFamily("popflow_outbox_mails", "Outbox mails per status.", labels=["status"])
        for status in sorted(set(OUTBOX_STATUSES) | set(outbox)):
            mails.add_metric([status], outbox.get(status, 0))
        yield mails
        sent = CounterMetricFamily("popflow_emails_sent", "E-mails accepted by the SMTP server, ever.")
        sent.add_metric([], outbox.get("sent", 0))
        yield sent
        transitions = CounterMetricFamily(
            "popflow_transitions", "State transitions of POPs, ever, by target.", labels=["to"]
        )
        for to, count in sorted((to or "", count) for to, count in moves):
            transitions.add_metric([to], count)
        yield transitions


def database_registry(engine) -> CollectorRegistry:
    """A registry of its own per app: the figures come from this app's database only."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseFigures(engine))
    return registry


# -- in the worker processes ----------------------------------------------------------------

ACTOR_SECONDS = Histogram(
    "popflow_actor_duration_seconds",
    "Time an actor took for one message.",
    ["actor", "outcome"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)


class ActorMetrics(dramatiq.Middleware):
    """Times every message and gives it a log scope of its own (the POP id it binds ends with it).

    Dramatiq calls before/after in the worker thread that runs the message."""

    def __init__(self) -> None:
        self._local = threading.local()

    def before_process_message(self, broker, message) -> None:
        self._local.started = time.perf_counter(), new_scope()

    def after_process_message(self, broker, message, *, result=None, exception=None) -> None:
        started = getattr(self._local, "started", None)
        if started is None:  # an earlier middleware skipped the message before us
            return
        self._local.started = None
        begin, scope = started
        seconds = time.perf_counter() - begin
        outcome = "error" if exception is not None else "ok"
        ACTOR_SECONDS.labels(message.actor_name, outcome).observe(seconds)
        # Said while the POP id is still bound, so the line names the POP.
        log.debug("%s %s in %.3fs", message.actor_name, outcome, seconds)
        end_scope(scope)

    after_skip_message = after_process_message


def install(broker: dramatiq.Broker) -> None:
    """Once per broker: start_worker calls this for every worker it starts."""
    if not any(isinstance(m, ActorMetrics) for m in broker.middleware):
        broker.add_middleware(ActorMetrics())


def serve(port: int, host: str = "127.0.0.1") -> None:
    """The worker's /metrics (any path answers), in a daemon thread of its own."""
    start_http_server(port, addr=host)
