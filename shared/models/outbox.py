"""E-mails to send. Written in the transition's transaction, delivered after commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base


class OutboxMail(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # pop:kind:recipient:sequence — the same mail is never written twice.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    pop_id: Mapped[int | None] = mapped_column(ForeignKey("pops.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    # What the mail is about: meeting id and sequence, reason, … (composed at delivery).
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # pending → sending → sent | failed; dropped when no longer wanted (a cancel).
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str] = mapped_column(String(200), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
