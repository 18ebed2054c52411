"""Recording events: a row in the same transaction, a nudge to the worker after commit."""
from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime

from shared.db import UnitOfWork, rows_held
from shared.models import Event
from shared.rows_at_once import insert_rows

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


def record_fact(uow: UnitOfWork, now: datetime, pop_id: int | None, kind: str, actor: str,
                data: dict | None = None) -> None:
    """An audit entry that needs no handling (a transition, an ignored message)."""
    row = dict(pop_id=pop_id, kind=kind, actor=actor, data=data or {}, created_at=now, published_at=now,
               handled_at=now, outcome="")
    if uow.deferred_facts is not None:
        uow.deferred_facts.append(row)  # written by facts_in_one_statement
    else:
        uow.session.add(Event(**row))


def facts_in_one_statement(uow: UnitOfWork) -> AbstractContextManager[None]:
    """The facts record_fact adds inside are written together when the block ends: one
    INSERT for a group of POPs' transitions. Nothing in the block reads them back (the
    workflow reads only cancellation requests, which are events, not facts)."""
    return rows_held(uow, "deferred_facts", _write_deferred_facts)


def _write_deferred_facts(uow: UnitOfWork) -> None:
    rows, uow.deferred_facts = uow.deferred_facts, []
    insert_rows(uow.session, Event.__table__, rows)
