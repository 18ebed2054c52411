"""A manager offers times; each report picks one from their own link (first come, first served).

No Flask here (like scheduling.py): rows and mails, flushed; the caller commits. A pick takes
its time with one conditional UPDATE (… WHERE taken_by_pop_id IS NULL) and plans the
conversation through scheduling.schedule_meetings in the same transaction, so the
invitations follow as for any planned conversation, and a pick that cannot be planned
leaves the time free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, exists, select, update
from sqlalchemy.orm import joinedload

from intake import scheduling
from intake.commands import InputError, lock_for_edit
from shared.db import UnitOfWork
from shared.models import Meeting, OfferedSlot, OfferInvitee, Person, Pop, Round, SlotOffer
from shared.outbox import add_mail
from shared.pop_states import State
from shared.schedule_rules import overlaps
from shared.slots import generate_slots

SLOT_OFFER = "slot_offer"  # the mail to each chosen report: "pick a time"
MAX_SLOTS = 100  # per offer: more than a manager's reports need, few enough for one page
MAX_SCAN_DAYS = 120  # the generator looks this far ahead at most


def slot_times(
    first_day: date,
    day_start: time,
    day_end: time,
    minutes: int,
    between: int,
    count: int,
    skip_weekends: bool = True,
) -> list[tuple[date, time]]:
    """`count` times from first_day on, as the planning grid's generator makes them
    (shared/slots.py), within the offer's limits: MAX_SLOTS times, MAX_SCAN_DAYS ahead."""
    if minutes <= 0 or between < 0:
        return []
    until = first_day + timedelta(days=MAX_SCAN_DAYS - 1)
    return generate_slots(first_day, day_start, day_end, minutes, between, skip_weekends, min(count, MAX_SLOTS), until)


@dataclass(frozen=True)
class SlotInput:
    start: datetime  # UTC
    minutes: int = 60
    location: str = ""

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Period:
    first: date
    last: date


def slot_problem(slot: SlotInput, now: datetime, periods: Iterable[Period], tz: str) -> tuple[str, dict] | None:
    """Why this time cannot be offered (an error code and its details), or None."""
    if slot.start <= now:
        return "start_in_past", {}
    if not 10 <= slot.minutes <= 480:
        return "bad_duration", {}
    day = slot.start.astimezone(ZoneInfo(tz)).date()
    for period in periods:
        if not period.first <= day <= period.last:
            return "slot_outside_round", {
                "start": period.first.strftime("%d-%m-%Y"),
                "end": period.last.strftime("%d-%m-%Y"),
            }
    return None


def overlapping(slots: Sequence[SlotInput]) -> set[int]:
    """The positions of times that overlap another: the manager is at every one of them."""
    order = sorted(range(len(slots)), key=lambda i: slots[i].start)
    clash: set[int] = set()
    for before, after in zip(order, order[1:], strict=False):
        if slots[after].start < slots[before].end:
            clash |= {before, after}
    return clash


def periods_of(rounds: Iterable[Round]) -> list[Period]:
    return [Period(r.meetings_from, r.meetings_until) for r in rounds if r.meetings_from and r.meetings_until]


def waiting_reports(uow: UnitOfWork, manager_id: int) -> list[Pop]:
    """The manager's reports whose POP waits for a conversation (as the planning page lists them)."""
    return list(
        uow.session.scalars(
            select(Pop)
            .where(Pop.manager_id == manager_id, Pop.state == State.PLANNING)
            .options(joinedload(Pop.employee), joinedload(Pop.round))
            .order_by(Pop.id)
        )
    )


def open_offer(uow: UnitOfWork, manager_id: int) -> SlotOffer | None:
    return uow.session.scalars(
        select(SlotOffer)
        .where(SlotOffer.manager_id == manager_id, SlotOffer.withdrawn_at.is_(None))
        .order_by(SlotOffer.id.desc())
        .limit(1)
    ).first()


def _check_times(uow: UnitOfWork, now: datetime, manager: Person, pops, every, slots, tz: str) -> None:
    """Each new time in the future and in the round, no two of the offer's overlapping, and
    none at a moment the manager already has a meeting (it would fail when picked)."""
    periods = periods_of({pop.round for pop in pops})
    for slot in slots:
        problem = slot_problem(slot, now, periods, tz)
        if problem is not None:
            raise InputError(problem[0], **problem[1])
    if overlapping(every):
        raise InputError("offer_slots_overlap")
    # A time the manager already has a meeting at would fail when a report picks it: say so now.
    ends = [s.start + timedelta(minutes=s.minutes) for s in slots]
    busy = scheduling.busy_times(uow, {manager.id}, min(s.start for s in slots), max(ends))
    if any(overlaps(s.start, end, b.start, b.end) for s, end in zip(slots, ends, strict=True) for b in busy):
        raise InputError("offer_slot_busy")


def make_offer(
    uow: UnitOfWork, now: datetime, manager: Person, pops: Sequence[Pop], slots: Sequence[SlotInput], tz: str
) -> SlotOffer:
    """Offer these times to these reports (added to the manager's open offer, if any) and mail
    each report new to it a link to pick. InputError when a time or a report cannot be offered."""
    if not slots:
        raise InputError("offer_no_slots")
    if not pops:
        raise InputError("offer_no_reports")
    if any(pop.manager_id != manager.id or pop.state != State.PLANNING for pop in pops):
        raise InputError("offer_report_not_waiting")
    offer = open_offer(uow, manager.id)
    existing = [SlotInput(s.starts_at, s.minutes, s.location) for s in offer.slots] if offer else []
    if len(existing) + len(slots) > MAX_SLOTS:
        raise InputError("offer_too_many_slots", n=MAX_SLOTS)
    _check_times(uow, now, manager, pops, [*existing, *slots], slots, tz)
    if offer is None:
        offer = SlotOffer(manager_id=manager.id, created_at=now)
        uow.session.add(offer)
    offer.slots.extend(OfferedSlot(starts_at=s.start, minutes=s.minutes, location=s.location) for s in slots)
    invited = {invitee.pop_id for invitee in offer.invitees}
    new = [pop for pop in pops if pop.id not in invited]
    offer.invitees.extend(OfferInvitee(pop_id=pop.id, invited_at=now) for pop in new)
    uow.session.flush()
    for pop in new:
        add_mail(
            uow,
            now,
            pop_id=pop.id,
            kind=SLOT_OFFER,
            recipient_id=pop.employee_id,
            sequence=f"offer-{offer.id}",
            data={"offer_id": offer.id},
        )
    return offer


def withdraw_offer(uow: UnitOfWork, now: datetime, offer: SlotOffer) -> None:
    """Its free times can no longer be picked; the times already picked stay planned."""
    offer.withdrawn_at = now
    uow.session.flush()


def offer_of(uow: UnitOfWork, pop: Pop) -> SlotOffer | None:
    """The open offer this POP may pick from."""
    return uow.session.scalars(
        select(SlotOffer)
        .join(OfferInvitee, OfferInvitee.offer_id == SlotOffer.id)
        # The POP's manager now: after a manager change the old manager's times are not theirs to offer.
        .where(OfferInvitee.pop_id == pop.id, SlotOffer.manager_id == pop.manager_id, SlotOffer.withdrawn_at.is_(None))
        .order_by(SlotOffer.id.desc())
        .limit(1)
    ).first()


def free_slots(uow: UnitOfWork, offer: SlotOffer, now: datetime) -> list[OfferedSlot]:
    return list(
        uow.session.scalars(
            select(OfferedSlot)
            .where(OfferedSlot.offer_id == offer.id, OfferedSlot.taken_by_pop_id.is_(None), OfferedSlot.starts_at > now)
            .order_by(OfferedSlot.starts_at)
        )
    )


def picked_slot(uow: UnitOfWork, pop: Pop) -> OfferedSlot | None:
    return uow.session.scalars(select(OfferedSlot).where(OfferedSlot.taken_by_pop_id == pop.id)).first()


def has_conversation(uow: UnitOfWork, pop: Pop) -> bool:
    return bool(
        uow.session.scalar(
            select(
                exists().where(Meeting.pop_id == pop.id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None))
            )
        )
    )


def pick_slot(uow: UnitOfWork, now: datetime, pop: Pop, slot_id: int, actor: str) -> OfferedSlot:
    """The report takes this time, and their conversation is planned at it. One pick per POP:
    a report whose conversation is planned (by a pick, by the manager or by HR) cannot pick
    again; moving it is the manager's (the meeting page), as for any planned conversation."""
    lock_for_edit(uow, pop)  # one pick per POP at a time (two tabs): the second sees the first
    if pop.state != State.PLANNING or has_conversation(uow, pop) or picked_slot(uow, pop) is not None:
        raise InputError("pick_already_planned")
    offer = offer_of(uow, pop)
    if offer is None:
        raise InputError("pick_offer_closed")
    # The rule itself: PostgreSQL makes a second UPDATE of the same row wait for the first,
    # then finds taken_by_pop_id set and changes nothing (SQLite writes one at a time).
    taken = cast(
        CursorResult,
        uow.session.execute(
            update(OfferedSlot)
            .where(
                OfferedSlot.id == slot_id,
                OfferedSlot.offer_id == offer.id,
                OfferedSlot.taken_by_pop_id.is_(None),
                OfferedSlot.starts_at > now,
            )
            .values(taken_by_pop_id=pop.id, taken_at=now)
            .execution_options(synchronize_session=False)
        ),
    )
    if taken.rowcount != 1:
        raise InputError("slot_taken")
    slot = uow.session.get(OfferedSlot, slot_id, populate_existing=True)
    assert slot is not None  # just updated
    employee = uow.session.get(Person, pop.employee_id)
    assert employee is not None
    scheduling.schedule_meetings(
        uow, now, [scheduling.MeetingRequest(employee.email, slot.starts_at, slot.minutes, slot.location)], actor
    )
    return slot


@dataclass(frozen=True)
class OfferView:
    """Who picked what, for the manager: each time with its report (or None), and who has not picked."""

    offer: SlotOffer
    slots: list[tuple[OfferedSlot, Person | None]]
    waiting: list[Person]  # invited, no time picked, conversation not planned otherwise
    planned_otherwise: list[Person]  # invited, planned by the manager or HR instead


def offer_view(uow: UnitOfWork, offer: SlotOffer) -> OfferView:
    s = uow.session
    pops = {
        pop.id: pop
        for pop in s.scalars(
            select(Pop).join(OfferInvitee, OfferInvitee.pop_id == Pop.id).where(OfferInvitee.offer_id == offer.id)
        )
    }
    taken_by = {slot.taken_by_pop_id for slot in offer.slots if slot.taken_by_pop_id}
    extra = taken_by - set(pops)  # picked, then the report left the offer: still shown
    if extra:
        pops.update({pop.id: pop for pop in s.scalars(select(Pop).where(Pop.id.in_(extra)))})
    slots = [(slot, pops[slot.taken_by_pop_id].employee if slot.taken_by_pop_id else None) for slot in offer.slots]
    planned = set(
        s.scalars(
            select(Meeting.pop_id).where(
                Meeting.pop_id.in_(list(pops)), Meeting.kind == "conversation", Meeting.cancelled_at.is_(None)
            )
        )
    )
    not_picked = [pop for pop in pops.values() if pop.id not in taken_by]
    return OfferView(
        offer=offer,
        slots=slots,
        waiting=[pop.employee for pop in not_picked if pop.id not in planned and pop.state == State.PLANNING],
        planned_otherwise=[pop.employee for pop in not_picked if pop.id in planned or pop.state != State.PLANNING],
    )
