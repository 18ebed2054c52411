"""A POP as HR may see it, for the API's GET /pops/<id> and `popflow pop show/list --json`
(intake/api/schema.to_json makes the JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from intake.api.schema import Doc, Id, named
from intake.commands import current_plan, timeline
from intake.pop_query import Phase
from shared.db import UnitOfWork
from shared.models import Meeting, Pop, Signature
from shared.plan import plan_hash


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def pop_summaries(uow: UnitOfWork) -> list[dict]:
    rows = uow.session.execute(
        select(Pop, Meeting)
        .outerjoin(
            Meeting, (Meeting.pop_id == Pop.id) & (Meeting.kind == "conversation") & Meeting.cancelled_at.is_(None)
        )
        .options(joinedload(Pop.employee), joinedload(Pop.manager))
        .order_by(Pop.id)
    ).all()
    return [
        {
            "id": pop.id,
            "employee": pop.employee.email,
            "manager": pop.manager.email,
            "state": pop.state,
            "meeting_start": _iso(meeting.starts_at) if meeting else None,
        }
        for pop, meeting in rows
    ]


@named
@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    actor: str
    data: dict[str, Any]
    outcome: str
    handled: bool


@dataclass(frozen=True)
class AttendeeReply:
    email: str
    role: str
    status: str
    answered_sequence: int | None
    answered_at: datetime | None


@dataclass(frozen=True)
class MeetingReply:
    kind: str
    uid: str
    sequence: int
    start: datetime
    end: datetime
    location: str
    cancelled: bool
    attendees: list[AttendeeReply]


@dataclass(frozen=True)
class AgreementReply:
    what: str
    measurable_result: str
    owner: str
    due_date: date | None
    kind: str
    activity: str
    cost_eur: Annotated[str | None, Doc('Decimal, e.g. "1250.00"')]
    hours: int | None
    support: str
    status: str


@dataclass(frozen=True)
class SignatureReply:
    role: str
    signed_at: datetime
    content_hash: str
    valid: Annotated[bool, Doc("Signed the current content of the plan.")]


@named
@dataclass(frozen=True)
class PopDetail:
    id: Id
    state: Phase
    employee: str
    manager: str
    question_set: str
    meetings: list[MeetingReply]
    agreements: list[AgreementReply]
    plan_goal: Annotated[str, Doc("The desired development above the agreements; signed with them.")]
    plan_hash: Annotated[str | None, Doc("SHA-256 of the plan; null while it is empty.")]
    signatures: list[SignatureReply]
    timeline: list[TimelineEntry]


def timeline_entries(uow: UnitOfWork, pop: Pop) -> list[TimelineEntry]:
    """Every event of the POP, oldest first: event data only, never a preparation answer."""
    return [
        TimelineEntry(
            at=e.created_at,
            kind=e.kind,
            actor=e.actor,
            data=e.data,
            outcome=e.outcome,
            handled=e.handled_at is not None,
        )
        for e in timeline(uow, pop)
    ]


def pop_detail(uow: UnitOfWork, pop: Pop) -> PopDetail:
    s = uow.session
    meetings = s.scalars(select(Meeting).where(Meeting.pop_id == pop.id).order_by(Meeting.starts_at)).all()
    agreements = current_plan(uow, pop)
    current = plan_hash(agreements, pop.plan_goal)
    signatures = s.scalars(select(Signature).where(Signature.pop_id == pop.id).order_by(Signature.id)).all()
    return PopDetail(
        id=pop.id,
        state=pop.state,
        employee=pop.employee.email,
        manager=pop.manager.email,
        question_set=pop.question_set,
        meetings=[
            MeetingReply(
                kind=m.kind,
                uid=m.uid,
                sequence=m.sequence,
                start=m.starts_at,
                end=m.ends_at,
                location=m.location,
                cancelled=m.cancelled_at is not None,
                attendees=[
                    AttendeeReply(
                        email=a.person.email,
                        role=a.role,
                        status=a.partstat,
                        answered_sequence=a.answered_sequence,
                        answered_at=a.answered_at,
                    )
                    for a in m.attendees
                ],
            )
            for m in meetings
        ],
        agreements=[
            AgreementReply(
                what=a.what,
                measurable_result=a.measurable_result,
                owner=a.owner,
                due_date=a.due_date,
                kind=a.kind,
                activity=a.activity,
                cost_eur=str(a.cost_eur) if a.cost_eur is not None else None,
                hours=a.hours,
                support=a.support,
                status=a.status,
            )
            for a in agreements
        ],
        plan_goal=pop.plan_goal,
        plan_hash=current,
        signatures=[
            SignatureReply(
                role=sig.role, signed_at=sig.signed_at, content_hash=sig.content_hash, valid=sig.content_hash == current
            )
            for sig in signatures
        ],
        timeline=timeline_entries(uow, pop),
    )
