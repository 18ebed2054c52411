"""Dramatiq actors of the workflow queue: small, take ids, call a service, commit.

Each takes one id, or the group of ids one transaction queued (UnitOfWork.publish_grouped:
a manager who plans twenty conversations in one submit): a group is handled in one
transaction, and if any of it fails, each id goes again in a message of its own, so one
bad event never holds back the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import dramatiq

from shared.broker import queue_name
from shared.db import UnitOfWork
from shared.log_context import bind_pop
from shared.runtime import Runtime
from workflow import services

log = logging.getLogger(__name__)


def declare(runtime: Runtime) -> list[dramatiq.Actor]:
    """Declare the actors on this runtime's broker (never on Dramatiq's global default)."""
    tz = runtime.config.timezone

    def handle_event(event_ids: int | list[int]) -> None:
        _in_one_transaction(
            runtime,
            "workflow.handle_event",
            event_ids,
            lambda uow, ids: services.handle_events(uow, ids, runtime.now(), tz),
        )

    def advance(pop_ids: int | list[int]) -> None:
        _in_one_transaction(
            runtime, "workflow.advance", pop_ids, lambda uow, ids: services.advance_many(uow, ids, runtime.now(), tz)
        )

    return [
        dramatiq.actor(
            actor_name=name,
            queue_name=queue_name(runtime.config, name),
            broker=runtime.broker,
            max_retries=10,
            min_backoff=500,
            max_backoff=60_000,
        )(fn)
        for name, fn in (("workflow.handle_event", handle_event), ("workflow.advance", advance))
    ]


def _in_one_transaction(
    runtime: Runtime, actor_name: str, ids: int | list[int], handle: Callable[[UnitOfWork, list[int]], None]
) -> None:
    if isinstance(ids, int):
        ids = [ids]
    try:
        with runtime.uow() as uow:
            handle(uow, ids)
            uow.commit()
    except Exception:
        if len(ids) == 1:
            raise  # Dramatiq retries it with backoff
        log.warning("%s failed for group %s; handling them one by one", actor_name, ids, exc_info=True)
        for row_id in ids:
            runtime.publisher.send(actor_name, row_id)
        return
    if len(ids) > 1:
        bind_pop(None)  # the message's own last line is about no single POP
