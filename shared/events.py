"""Recording events: a row in the same transaction, a nudge to the worker after commit."""
from __future__ import annotations

from datetime import datetime

from shared.db import UnitOfWork
from shared.models import Event

HANDLE_EVENT = "workflow.handle_event"


def record_event(
    uow: UnitOfWork, now: datetime, pop_id: int | None, kind: str, actor: str, data: dict | None = None
) -> Event:
    return record_events(uow, now, [(pop_id, kind, actor, data)])[0]


def record_events(uow: UnitOfWork, now: datetime,
                  events: list[tuple[int | None, str, str, dict | None]]) -> list[Event]:
    """Several events (pop_id, kind, actor, data) written in one statement, each nudged after commit."""
    rows = [Event(pop_id=pop_id, kind=kind, actor=actor, data=data or {}, created_at=now,
                  published_at=now if uow.publishes else None) for pop_id, kind, actor, data in events]
    uow.session.add_all(rows)
    uow.session.flush()
    for row in rows:
        uow.publish_grouped(HANDLE_EVENT, row.id)
    return rows


def record_fact(uow: UnitOfWork, now: datetime, pop_id: int | None, kind: str, actor: str, data: dict | None = None) -> Event:
    """An audit entry that needs no handling (a transition, an ignored message)."""
    event = Event(pop_id=pop_id, kind=kind, actor=actor, data=data or {}, created_at=now,
                  published_at=now, handled_at=now)
    uow.session.add(event)
    return event
