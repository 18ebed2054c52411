"""Times a manager offers, for their reports to pick from themselves (first come, first served)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.clock import utcnow
from shared.models.base import Base


class SlotOffer(Base):
    """One manager's open offer (at most one open at a time): its times and who may pick."""

    __tablename__ = "slot_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Withdrawn: its free times can no longer be picked; what was picked stays planned.
    withdrawn_at: Mapped[datetime | None]

    slots: Mapped[list[OfferedSlot]] = relationship(order_by="OfferedSlot.starts_at", cascade="all, delete-orphan")
    invitees: Mapped[list[OfferInvitee]] = relationship(order_by="OfferInvitee.id", cascade="all, delete-orphan")


class OfferedSlot(Base):
    __tablename__ = "offered_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("slot_offers.id"), index=True)
    starts_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(default=60)
    location: Mapped[str] = mapped_column(String(300), default="")
    # Taken by a conditional UPDATE (… WHERE taken_by_pop_id IS NULL): never two in one time.
    # Unique: a POP holds one time at most, also when its person picks in two tabs at once.
    taken_by_pop_id: Mapped[int | None] = mapped_column(ForeignKey("pops.id"), unique=True)
    taken_at: Mapped[datetime | None]


class OfferInvitee(Base):
    """A report's POP that may pick from the offer; reminders_sent counts the reminders gone out."""

    __tablename__ = "slot_offer_invitees"
    __table_args__ = (UniqueConstraint("offer_id", "pop_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("slot_offers.id"), index=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminders_sent: Mapped[int] = mapped_column(default=0)
