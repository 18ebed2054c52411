"""A time rule of the tick: reports who may pick a time and have not, reminded twice.

A report invited to an offer (intake/slot_offers.py) who has not picked 3 days later gets
a reminder, and again 7 days after that, while the offer is open, their conversation is
not planned and a time is still free. Each reminder has its own dedupe key (offer, report,
moment), and the invitee row counts the moments passed, so the tick does not look again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select

from shared.db import UnitOfWork
from shared.models import Meeting, OfferedSlot, OfferInvitee, Pop, SlotOffer
from shared.outbox import add_mail
from shared.pop_states import State

SLOT_REMINDER = "slot_reminder"
REMIND_AFTER = (timedelta(days=3), timedelta(days=10))  # after the invitation: 3 days, then 7 more
BATCH = 1000


def remind_unpicked(uow: UnitOfWork, now: datetime) -> int:
    """Queue the reminders due now; returns how many."""
    free_time = exists().where(
        OfferedSlot.offer_id == OfferInvitee.offer_id,
        OfferedSlot.taken_by_pop_id.is_(None),
        OfferedSlot.starts_at > now,
    )
    picked = exists().where(OfferedSlot.taken_by_pop_id == OfferInvitee.pop_id)
    planned = exists().where(
        Meeting.pop_id == OfferInvitee.pop_id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None)
    )
    due = uow.session.execute(
        select(OfferInvitee, Pop.employee_id)
        .join(SlotOffer, SlotOffer.id == OfferInvitee.offer_id)
        .join(
            Pop, (Pop.id == OfferInvitee.pop_id) & (Pop.manager_id == SlotOffer.manager_id)
        )  # not after a manager change
        .where(
            SlotOffer.withdrawn_at.is_(None),
            Pop.state == State.PLANNING,
            OfferInvitee.reminders_sent < len(REMIND_AFTER),
            OfferInvitee.invited_at <= now - REMIND_AFTER[0],
            free_time,
            ~picked,
            ~planned,
        )
        .order_by(OfferInvitee.id)
        .limit(BATCH)
    ).all()
    sent = 0
    for invitee, employee_id in due:
        passed = sum(1 for after in REMIND_AFTER if invitee.invited_at + after <= now)
        if passed <= invitee.reminders_sent:
            continue  # the next moment is still ahead
        # A tick that was down past both moments sends one reminder, not two at once.
        invitee.reminders_sent = passed
        add_mail(
            uow,
            now,
            pop_id=invitee.pop_id,
            kind=SLOT_REMINDER,
            recipient_id=employee_id,
            sequence=f"offer-{invitee.offer_id}-reminder-{passed}",
            data={"offer_id": invitee.offer_id},
        )
        sent += 1
    uow.session.flush()
    return sent
