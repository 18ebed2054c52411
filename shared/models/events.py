"""Events: the inbox of the workflow worker and, with transitions, the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_unhandled", "handled_at", "published_at"),
        # The few cancellation requests, by POP (see migration 0010).
        Index(
            "ix_events_cancel_requested",
            "pop_id",
            postgresql_where=text("kind = 'cancel_requested'"),
            sqlite_where=text("kind = 'cancel_requested'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int | None] = mapped_column(ForeignKey("pops.id"), index=True)
    # e.g. meeting_scheduled, preparation_submitted, plan_signed, state_changed
    kind: Mapped[str] = mapped_column(String(40))
    # "person:12", "hr:3", "system", "cli"
    actor: Mapped[str] = mapped_column(String(40), default="system")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None: not (yet) handed to a broker that anyone consumes; the tick publishes it.
    published_at: Mapped[datetime | None]
    handled_at: Mapped[datetime | None]
    # What the worker made of it: "advanced to alignment", "ignored: state is action", …
    outcome: Mapped[str] = mapped_column(String(200), default="")
