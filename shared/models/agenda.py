"""The agenda of the conversation (004 step 1): points from both sides, shared as soon as written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base


class AgendaPoint(Base):
    __tablename__ = "agenda_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    author_role: Mapped[str] = mapped_column(String(10))  # employee / manager
    # Its writer: only they edit it, and it goes with their erasure (a new manager starts
    # with none of their own; a former manager's stay on the agenda under their name).
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(default=2)  # 1 high, 2 normal, 3 low
    minutes: Mapped[int | None]
    # The other side marked it "mine too": a joint point (004 step 4), discussed first.
    joint: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
