"""Writing the agenda: each writer edits their own points and marks the other side's as joint.

A point belongs to whoever wrote it (author_id), not to the role: after a manager change
the new manager starts with none of their own, and the former manager's points stay on
the agenda under her name, for nobody to change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from intake.commands import Conflict, InputError, lock_for_edit
from shared.agenda import points_hash
from shared.db import UnitOfWork
from shared.event_types import AgendaUpdated, EventKind
from shared.events import record_event
from shared.models import AgendaPoint, Meeting, Person, Pop
from shared.pop_states import BEFORE_MEETING


@dataclass
class PointInput:
    text: str
    priority: int = 2
    minutes: int | None = None


def agenda_of(uow: UnitOfWork, pop: Pop) -> list[AgendaPoint]:
    return list(
        uow.session.scalars(
            select(AgendaPoint)
            .where(AgendaPoint.pop_id == pop.id)
            .order_by(AgendaPoint.position, AgendaPoint.id)
            .execution_options(populate_existing=True)
        )
    )


def split_agenda(points: list[AgendaPoint], pop: Pop, person_id: int) -> tuple[list, list, list]:
    """(mine, theirs, former): this writer's points, the other side's present holder's, and
    those of anyone no longer in the POP (a former manager)."""
    role = pop.role_of(person_id)
    other = pop.person_id_in("manager" if role == "employee" else "employee")
    mine = [p for p in points if p.author_id == person_id]
    theirs = [p for p in points if p.author_id == other]
    former = [p for p in points if p.author_id not in (person_id, other)]
    return mine, theirs, former


def conversation_minutes(uow: UnitOfWork, pop: Pop) -> int | None:
    """The time available: the length of the planned conversation."""
    meeting = uow.session.scalar(
        select(Meeting)
        .where(Meeting.pop_id == pop.id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None))
        .order_by(Meeting.id.desc())
    )
    if meeting is None:
        return None
    return int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)


def save_agenda(
    uow: UnitOfWork,
    now: datetime,
    pop: Pop,
    person: Person,
    points: list[PointInput],
    joint_ids: set[int],
    loaded_hash: str | None,
) -> None:
    """Replace this side's points; `joint_ids` are the other side's points marked 'mine too'."""
    role = pop.role_of(person.id)
    if role is None:
        raise InputError("not_yours")
    lock_for_edit(uow, pop)
    if pop.state not in BEFORE_MEETING:
        raise InputError("agenda_closed")
    mine, theirs, _former = split_agenda(agenda_of(uow, pop), pop, person.id)
    if loaded_hash is not None and points_hash(mine) != loaded_hash:
        raise Conflict("stale_agenda")
    kept_joint = {p.text for p in mine if p.joint}  # the other side's mark stays on an unchanged text
    for point in mine:
        uow.session.delete(point)
    for position, item in enumerate(points):
        uow.session.add(
            AgendaPoint(
                pop_id=pop.id,
                author_role=role,
                author_id=person.id,
                position=position,
                text=item.text,
                priority=item.priority,
                minutes=item.minutes,
                joint=item.text in kept_joint,
                updated_at=now,
            )
        )
    for point in theirs:
        point.joint = point.id in joint_ids
    uow.session.flush()
    record_event(
        uow,
        now,
        pop.id,
        EventKind.AGENDA_UPDATED,
        f"person:{person.id}",
        AgendaUpdated(role=role, points=len(points), joint=len(joint_ids)),
    )
