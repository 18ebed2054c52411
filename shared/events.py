"""Recording events: a row in the same transaction, a nudge to the worker after commit."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from shared.db import UnitOfWork, rows_held
from shared.event_types import EventKind, Payload
from shared.models import Event
from shared.rows_at_once import insert_rows

HANDLE_EVENT = "workflow.handle_event"
# A payload of its dataclass, or a plain object for data without a fixed shape (counts, reports).
Data = Payload | dict[str, Any] | None


def _columns(kind: EventKind | str, data: Data) -> tuple[str, dict[str, Any]]:
    """The row's kind and data: a kind that is not an EventKind, or a payload of another kind, is refused."""
    kind = EventKind(kind)
    if isinstance(data, Payload):
        if kind not in data.kinds:
            raise ValueError(f"a {type(data).__name__} is no payload of {kind.value!r}")
        return kind.value, data.as_json()
    return kind.value, dict(data or {})


def record_event(
    uow: UnitOfWork, now: datetime, pop_id: int | None, kind: EventKind, actor: str, data: Data = None
) -> Event:
    return record_events(uow, now, [(pop_id, kind, actor, data)])[0]


def record_events(uow: UnitOfWork, now: datetime, events: list[tuple[int | None, EventKind, str, Data]]) -> list[Event]:
    """Several events (pop_id, kind, actor, data) written in one statement, each nudged after commit."""
    rows = [_event(uow, now, *event) for event in events]
    uow.session.add_all(rows)
    uow.session.flush()
    for row in rows:
        uow.publish_grouped(HANDLE_EVENT, row.id)
    return rows


def _event(uow: UnitOfWork, now: datetime, pop_id: int | None, kind: EventKind, actor: str, data: Data) -> Event:
    column, values = _columns(kind, data)
    return Event(
        pop_id=pop_id,
        kind=column,
        actor=actor,
        data=values,
        created_at=now,
        published_at=now if uow.publishes else None,
    )


def record_fact(
    uow: UnitOfWork, now: datetime, pop_id: int | None, kind: EventKind, actor: str, data: Data = None
) -> None:
    """An audit entry that needs no handling (a transition, an ignored message)."""
    column, values = _columns(kind, data)
    row = dict(
        pop_id=pop_id,
        kind=column,
        actor=actor,
        data=values,
        created_at=now,
        published_at=now,
        handled_at=now,
        outcome="",
    )
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
    rows, uow.deferred_facts = uow.deferred_facts or [], []
    insert_rows(uow.session, Event.__table__, rows)
