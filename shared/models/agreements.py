"""The plan: SMART agreements, and the signatures on its exact content."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    what: Mapped[str] = mapped_column(Text)
    measurable_result: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None]
    kind: Mapped[str] = mapped_column(String(20), default="")  # knowledge / skill / competence
    activity: Mapped[str] = mapped_column(Text, default="")
    cost_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    hours: Mapped[int | None]
    support: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")  # open / done / dropped
    # Progress (at the reviews): not part of the signed content.
    progress_note: Mapped[str] = mapped_column(Text, default="")
    progress_at: Mapped[datetime | None]
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProgressEntry(Base):
    """Progress as it was recorded at one moment, by one of the two (000: the progress is
    discussed at several moments). The agreement's own columns keep the latest as well: the
    worker's rules read them with the agreements (no extra read per step), and progress
    recorded before this table existed is only there."""

    __tablename__ = "progress_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Signature(Base):
    """A signature is on a content hash; an edit changes the hash and so voids it."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(10))
    content_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
