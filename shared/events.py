"""Recording events: a row in the same transaction, a nudge to the worker after commit."""
from __future__ import annotations

from datetime import datetime

from shared.db import UnitOfWork
from shared.models import Event

HANDLE_EVENT = "workflow.handle_event"


def record_event(
    uow: UnitOfWork, now: datetime, pop_id: int | None, kind: str, actor: str, data: dict | None = None
) -> Event:
    event = Event(
        pop_id=pop_id, kind=kind, actor=actor, data=data or {}, created_at=now,
        published_at=now if uow.publishes else None,
    )
    uow.session.add(event)
    uow.session.flush()
    uow.publish_grouped(HANDLE_EVENT, event.id)
    return event


def record_fact(uow: UnitOfWork, now: datetime, pop_id: int | None, kind: str, actor: str, data: dict | None = None) -> Event:
    """An audit entry that needs no handling (a transition, an ignored message)."""
    event = Event(pop_id=pop_id, kind=kind, actor=actor, data=data or {}, created_at=now,
                  published_at=now, handled_at=now)
    uow.session.add(event)
    return event
