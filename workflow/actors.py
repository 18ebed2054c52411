"""Dramatiq actors of the workflow queue: small, take ids, call a service, commit."""
from __future__ import annotations

import dramatiq

from shared.broker import queue_name
from shared.log_context import bind_pop
from shared.runtime import Runtime
from workflow import services


def declare(runtime: Runtime) -> list[dramatiq.Actor]:
    """Declare the actors on this runtime's broker (never on Dramatiq's global default)."""
    options = dict(broker=runtime.broker, max_retries=10, min_backoff=500, max_backoff=60_000)

    def handle_event(event_id: int) -> None:
        with runtime.uow() as uow:
            services.handle_event(uow, event_id, runtime.now(), runtime.config.timezone)
            uow.commit()

    def advance(pop_id: int) -> None:
        bind_pop(pop_id)  # log lines name the POP; the worker's middleware scopes it per message
        with runtime.uow() as uow:
            services.advance(uow, pop_id, runtime.now(), runtime.config.timezone)
            uow.commit()

    return [
        dramatiq.actor(fn, actor_name=name, queue_name=queue_name(runtime.config, name), **options)
        for name, fn in (("workflow.handle_event", handle_event), ("workflow.advance", advance))
    ]
