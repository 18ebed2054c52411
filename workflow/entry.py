"""What happens on entering each state: mails, progress reviews, cancellations."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update

from shared.db import UnitOfWork
from shared.event_types import CancelRequested, EventKind
from shared.models import Attendee, Event, Meeting, OutboxMail, Pop
from shared.outbox import add_mail, dedupe_key, write_deferred_mails
from workflow import machine
from workflow.facts import conversation_in, of_kinds
from workflow.machine import ROLES, Facts, Settings, State
from workflow.rules import review_invite_at

# Which meetings carry an invite in which states, and the mail kind of that invite.
INVITE_KIND = {"conversation": "invitation", "review": "review_invite", "followup": "followup_invite"}


def mail_both(
    uow: UnitOfWork, pop: Pop, now: datetime, kind: str, sequence: int | str = 0, data: dict | None = None
) -> None:
    """To employee and manager; not to an employee who has left."""
    for role in ROLES if pop.employee.active else ("manager",):
        add_mail(uow, now, pop_id=pop.id, kind=kind, recipient_id=pop.person_in(role).id, sequence=sequence, data=data)


def ensure_invites(
    uow: UnitOfWork, pop: Pop, now: datetime, facts: Facts, settings: Settings, meetings: list[Meeting]
) -> None:
    """Both hold the invite of each live meeting's current SEQUENCE (a move raises it).

    The conversation is invited until it has taken place; follow-up meetings while they
    are still ahead, progress reviews from their invitation's lead time on (rules.py).
    """
    if pop.state in (State.ANNOUNCEMENT, State.ALIGNMENT):
        meeting = conversation_in(meetings)
        if meeting is not None:
            exchange = machine.exchange_at(facts, settings)
            mail_both(
                uow,
                pop,
                now,
                "invitation",
                meeting.sequence,
                {
                    "meeting_id": meeting.id,
                    "sequence": meeting.sequence,
                    "exchange_at": exchange.isoformat() if exchange else None,
                },
            )
    if pop.state in (State.AGREEMENTS, State.ACTION):
        kinds = ("followup", "review") if pop.state == State.ACTION else ("followup",)
        for number, meeting in enumerate(of_kinds(meetings, kinds), start=1):
            if meeting.ends_at > now and _invite_due(uow, pop, meeting, now, settings):
                mail_both(
                    uow,
                    pop,
                    now,
                    INVITE_KIND[meeting.kind],
                    f"{meeting.id}-{meeting.sequence}",
                    {"meeting_id": meeting.id, "sequence": meeting.sequence, "number": number},
                )


def _invite_due(uow: UnitOfWork, pop: Pop, meeting: Meeting, now: datetime, settings: Settings) -> bool:
    """A review's invitation waits for its lead time; once it went out, a move's update goes at once
    (the old time is in people's calendars). Only a moved review (SEQUENCE > 0) can be that."""
    if meeting.kind != "review" or now >= review_invite_at(meeting.starts_at, settings):
        return True
    return meeting.sequence > 0 and was_invited(uow, pop, meeting)


def was_invited(uow: UnitOfWork, pop: Pop, meeting: Meeting, person_id: int | None = None) -> bool:
    """Whether an invitation of the meeting was ever queued (for this person, or anyone): a review
    called off before its invitation was due gets no CANCEL either. Other kinds are invited at once."""
    if meeting.kind != "review":
        return True
    kind = INVITE_KIND["review"]
    # The dedupe key is pop:kind:recipient:meeting-sequence (shared/outbox.py).
    mine = dedupe_key(pop.id, kind, person_id, f"{meeting.id}-") if person_id is not None else None
    ours = f"{pop.id}:{kind}:"
    if any(
        key.startswith(mine) if mine else key.startswith(ours) and f":{meeting.id}-" in key for key in uow.mail_keys
    ):
        return True
    where = (
        OutboxMail.dedupe_key.startswith(mine, autoescape=True)
        if mine
        else OutboxMail.dedupe_key.contains(f":{meeting.id}-", autoescape=True)
    )
    found = select(OutboxMail.id).where(OutboxMail.pop_id == pop.id, OutboxMail.kind == kind, where).limit(1)
    return uow.session.scalar(found) is not None


def ensure_decline_notices(uow: UnitOfWork, pop: Pop, now: datetime, meetings: list[Meeting]) -> None:
    """The manager is asked for another time when the employee declined a meeting still
    ahead, once per meeting SEQUENCE (a move raises it and everyone answers again)."""
    for meeting in meetings:
        if meeting.starts_at <= now:
            continue
        for attendee in meeting.attendees:
            if (
                attendee.role == "employee"
                and attendee.partstat == "DECLINED"
                and attendee.answered_sequence == meeting.sequence
            ):
                add_mail(
                    uow,
                    now,
                    pop_id=pop.id,
                    kind="meeting_declined",
                    recipient_id=pop.manager_id,
                    sequence=f"{meeting.id}-{meeting.sequence}-{attendee.person_id}",
                    data={"meeting_id": meeting.id, "sequence": meeting.sequence},
                )


def ensure_sign_request(uow: UnitOfWork, pop: Pop, now: datetime, facts: Facts) -> None:
    """When one side has signed the plan as it stands, the other is told, once per version of
    the plan (an edit voids the signatures; whoever signs the new version first tells the other)."""
    if facts.state != State.AGREEMENTS or facts.plan_hash is None:
        return
    signed = [role for role in ROLES if facts.signed_current(role)]
    if len(signed) != 1:
        return
    waiting = "manager" if signed[0] == "employee" else "employee"
    add_mail(
        uow,
        now,
        pop_id=pop.id,
        kind="sign_request",
        recipient_id=pop.person_in(waiting).id,
        sequence=f"plan-{facts.plan_hash[:16]}",
        data={"signed_by": signed[0]},
    )


def on_announcement(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    ensure_invites(uow, pop, now, facts, settings, meetings)


def on_alignment(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    # The points are for preparing the conversation: once it has begun (a tick that was down,
    # a worker that caught up late), a mail "here is what to expect" only confuses.
    if facts.meeting_start is not None and now >= facts.meeting_start:
        return
    mail_both(uow, pop, now, "exchange")


def on_agreements(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    mail_both(uow, pop, now, "agreements_open")


def on_action(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    """The reviews, and one mail each: the signed plan, with the review dates and the link to
    the evaluation of the conversation (004 step 8). Each review's invitation follows at its
    lead time (ensure_invites), not all at signing (issue 19)."""
    mail_both(uow, pop, now, "plan_signed")
    meeting = conversation_in(meetings)
    if meeting is None or of_kinds(meetings, ("review",)):
        return
    for start in machine.review_starts(meeting.starts_at, settings, settings.timezone):
        uow.session.add(
            Meeting(
                pop_id=pop.id,
                round_id=pop.round_id,
                kind="review",
                uid=f"{uuid.uuid4()}@popflow",
                sequence=0,
                starts_at=start,
                ends_at=start + timedelta(minutes=settings.review_minutes),
                location=meeting.location,
                created_at=now,
                attendees=[
                    Attendee(person_id=pop.employee_id, role="employee"),
                    Attendee(person_id=pop.manager_id, role="manager"),
                ],
            )
        )
    uow.session.flush()


def on_completed(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    """Done; reviews still ahead (a newer POP took over) are called off. A plan that a new POP
    took over did not finish: its mail says where the open agreements went."""
    mail_both(uow, pop, now, "plan_taken_over" if facts.superseded else "completed")
    _cancel_future_meetings(uow, pop, now)


def on_cancelled(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    """Pending mails are no longer wanted; every future meeting gets a CANCEL."""
    write_deferred_mails(uow)  # mails queued earlier in this group are pending too
    uow.session.execute(
        update(OutboxMail).where(OutboxMail.pop_id == pop.id, OutboxMail.status == "pending").values(status="dropped")
    )
    reason = CancelRequested.from_json(
        uow.session.scalar(
            select(Event.data)
            .where(Event.pop_id == pop.id, Event.kind == EventKind.CANCEL_REQUESTED)
            .order_by(Event.id)
            .limit(1)
        )
        or {}
    ).reason
    if not pop.employee.active:
        reason = reason or "employee_left"
    mail_both(uow, pop, now, "pop_cancelled", data={"reason": reason})
    _cancel_future_meetings(uow, pop, now)


def _cancel_future_meetings(uow: UnitOfWork, pop: Pop, now: datetime) -> None:
    future = uow.session.scalars(
        select(Meeting).where(Meeting.pop_id == pop.id, Meeting.cancelled_at.is_(None), Meeting.ends_at > now)
    ).all()
    for meeting in future:
        meeting.cancelled_at = now
        meeting.sequence += 1
        for role in ROLES if pop.employee.active else ("manager",):
            person_id = pop.person_in(role).id
            if not was_invited(uow, pop, meeting, person_id):
                continue
            add_mail(
                uow,
                now,
                pop_id=pop.id,
                kind="meeting_cancelled",
                recipient_id=person_id,
                sequence=f"{meeting.id}-{meeting.sequence}",
                data={"meeting_id": meeting.id, "sequence": meeting.sequence},
            )


# Entering these only queues mail; the others change meetings, which the facts describe.
MAIL_ONLY_ENTRY = frozenset({State.ANNOUNCEMENT, State.ALIGNMENT, State.AGREEMENTS})

ENTRY = {
    State.ANNOUNCEMENT: on_announcement,
    State.ALIGNMENT: on_alignment,
    State.AGREEMENTS: on_agreements,
    State.ACTION: on_action,
    State.COMPLETED: on_completed,
    State.CANCELLED: on_cancelled,
}
