"""Workflow use cases: load a POP's facts, ask the machine, write the outcome.

Functions here take a UnitOfWork and flush; the actor (or CLI) commits. Intake never
calls these: it records input and an event, and the worker comes here.
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update

from shared.db import UnitOfWork
from shared.events import record_fact
from shared.models import Agreement, Attendee, Event, Meeting, OutboxMail, Pop, Preparation, Signature
from shared.outbox import add_mail
from shared.plan import plan_hash
from workflow import machine
from workflow.machine import ROLES, Facts, Settings, State, Transition

log = logging.getLogger(__name__)


DEFAULT_TZ = Settings.timezone


def settings_of(pop: Pop, tz: str = DEFAULT_TZ) -> Settings:
    r = pop.round
    return Settings(exchange_days=r.exchange_days, review_every_months=r.review_every_months,
                    plan_months=r.plan_months, review_minutes=r.review_minutes, timezone=tz)


def conversation_of(uow: UnitOfWork, pop_id: int) -> Meeting | None:
    return uow.session.scalar(
        select(Meeting).where(Meeting.pop_id == pop_id, Meeting.kind == "conversation",
                              Meeting.cancelled_at.is_(None)).order_by(Meeting.id.desc()).limit(1))


def load_facts(uow: UnitOfWork, pop: Pop) -> Facts:
    s = uow.session
    meeting = conversation_of(uow, pop.id)
    prepared = s.scalars(select(Preparation.role).where(
        Preparation.pop_id == pop.id, Preparation.submitted_at.is_not(None))).all()
    agreements = s.scalars(select(Agreement).where(Agreement.pop_id == pop.id)).all()
    signatures = s.scalars(select(Signature).where(Signature.pop_id == pop.id).order_by(Signature.id)).all()
    last_review = s.scalar(select(Meeting.ends_at).where(
        Meeting.pop_id == pop.id, Meeting.kind == "review", Meeting.cancelled_at.is_(None)
    ).order_by(Meeting.ends_at.desc()).limit(1))
    cancel = s.scalar(select(Event.id).where(Event.pop_id == pop.id, Event.kind == "cancel_requested").limit(1))
    return Facts(
        state=State(pop.state),
        meeting_start=meeting.starts_at if meeting else None,
        meeting_end=meeting.ends_at if meeting else None,
        scheduled_at=meeting.created_at if meeting else None,
        prepared=frozenset(prepared),
        plan_hash=plan_hash(agreements),
        signed={sig.role: sig.content_hash for sig in signatures},
        open_agreements=sum(1 for a in agreements if a.status == "open"),
        last_review_end=last_review,
        cancel_requested=cancel is not None,
    )


def handle_event(uow: UnitOfWork, event_id: int, now: datetime, tz: str = DEFAULT_TZ) -> None:
    """Apply one event. Handling the same event twice changes nothing the second time."""
    event = uow.session.get(Event, event_id)
    if event is None or event.handled_at is not None:
        return
    event.handled_at = now
    event.outcome = advance(uow, event.pop_id, now, tz) if event.pop_id else "no POP"


def advance(uow: UnitOfWork, pop_id: int, now: datetime, tz: str = DEFAULT_TZ) -> str:
    """Walk the POP through every transition that applies now; say what happened."""
    pop = uow.session.get(Pop, pop_id, with_for_update=True)
    if pop is None:
        return "unknown POP"
    settings = settings_of(pop, tz)
    walked: list[str] = []
    while True:
        facts = load_facts(uow, pop)
        transition = machine.next_transition(facts, now, settings)
        if transition is None:
            break
        _enter(uow, pop, transition, now, settings)
        walked.append(transition.target)
    _ensure_current_invitation(uow, pop, now, facts, settings)
    _apply_late_exchange(uow, pop, facts, now)
    pop.next_check_at = machine.next_check(facts, now, settings)
    uow.session.flush()
    if walked:
        return "advanced to " + " → ".join(walked)
    return f"no change: state is {pop.state}"


def _enter(uow: UnitOfWork, pop: Pop, t: Transition, now: datetime, settings: Settings) -> None:
    pop.state = t.target
    pop.state_changed_at = now
    record_fact(uow, now, pop.id, "state_changed", "system",
                {"from": t.source.value, "to": t.target.value, "reason": t.reason})
    uow.session.flush()
    ENTRY[t.target](uow, pop, now, settings)


def _mail_both(uow: UnitOfWork, pop: Pop, now: datetime, kind: str, sequence: int | str = 0,
               data: dict | None = None) -> None:
    for role in ROLES:
        add_mail(uow, now, pop_id=pop.id, kind=kind, recipient_id=pop.person_in(role).id,
                 sequence=sequence, data=data)


def _on_announcement(uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings) -> None:
    _ensure_current_invitation(uow, pop, now, load_facts(uow, pop), settings)


def _ensure_current_invitation(uow: UnitOfWork, pop: Pop, now: datetime, facts: Facts,
                               settings: Settings) -> None:
    """Both hold the invite of the meeting's current SEQUENCE (a reschedule raises it)."""
    if pop.state not in (State.ANNOUNCEMENT, State.ALIGNMENT):
        return
    meeting = conversation_of(uow, pop.id)
    if meeting is not None:
        exchange = machine.exchange_at(facts, settings)
        _mail_both(uow, pop, now, "invitation", meeting.sequence,
                   {"meeting_id": meeting.id, "sequence": meeting.sequence,
                    "exchange_at": exchange.isoformat() if exchange else None})


def _on_alignment(uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings) -> None:
    _mail_both(uow, pop, now, "exchange")


def _apply_late_exchange(uow: UnitOfWork, pop: Pop, facts: Facts, now: datetime) -> None:
    """A side that prepares after the exchange still reaches the other side, once."""
    if pop.state != State.ALIGNMENT:
        return
    for role in facts.prepared:
        submitted = uow.session.scalar(select(Preparation.submitted_at).where(
            Preparation.pop_id == pop.id, Preparation.role == role))
        if submitted and submitted > pop.state_changed_at:
            other = "manager" if role == "employee" else "employee"
            add_mail(uow, now, pop_id=pop.id, kind="exchange", recipient_id=pop.person_in(other).id,
                     sequence="late", data={"late": True})


def _on_agreements(uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings) -> None:
    _mail_both(uow, pop, now, "agreements_open")


def _on_action(uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings) -> None:
    _mail_both(uow, pop, now, "plan_signed")
    meeting = conversation_of(uow, pop.id)
    assert meeting is not None
    existing = uow.session.scalar(select(Meeting.id).where(Meeting.pop_id == pop.id, Meeting.kind == "review"))
    if existing:
        return
    for number, start in enumerate(machine.review_starts(meeting.starts_at, settings, settings.timezone), start=1):
        review = Meeting(
            pop_id=pop.id, kind="review", uid=f"{uuid.uuid4()}@popflow", sequence=0,
            starts_at=start, ends_at=start + timedelta(minutes=settings.review_minutes),
            location=meeting.location, created_at=now,
            attendees=[Attendee(person_id=pop.employee_id, role="employee"),
                       Attendee(person_id=pop.manager_id, role="manager")],
        )
        uow.session.add(review)
        uow.session.flush()
        _mail_both(uow, pop, now, "review_invite", f"{review.id}-0",
                   {"meeting_id": review.id, "sequence": 0, "number": number})


def _on_completed(uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings) -> None:
    _mail_both(uow, pop, now, "completed")


def _on_cancelled(uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings) -> None:
    # Mails not yet sent are no longer wanted; future meetings get a CANCEL.
    uow.session.execute(update(OutboxMail).where(
        OutboxMail.pop_id == pop.id, OutboxMail.status == "pending").values(status="dropped"))
    meetings = uow.session.scalars(select(Meeting).where(
        Meeting.pop_id == pop.id, Meeting.cancelled_at.is_(None), Meeting.ends_at > now)).all()
    for meeting in meetings:
        meeting.cancelled_at = now
        meeting.sequence += 1
        _mail_both(uow, pop, now, "meeting_cancelled", f"{meeting.id}-{meeting.sequence}",
                   {"meeting_id": meeting.id, "sequence": meeting.sequence})


ENTRY = {
    State.ANNOUNCEMENT: _on_announcement,
    State.ALIGNMENT: _on_alignment,
    State.AGREEMENTS: _on_agreements,
    State.ACTION: _on_action,
    State.COMPLETED: _on_completed,
    State.CANCELLED: _on_cancelled,
}
