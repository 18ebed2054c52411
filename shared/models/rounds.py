"""A round of POP conversations and its settings (lead times, review cadence)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base


class Round(Base):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Scope: these departments, or everyone when empty. Meetings take place in the period.
    departments: Mapped[list] = mapped_column(JSON, default=list)
    meetings_from: Mapped[date | None]
    meetings_until: Mapped[date | None]
    # Set once, by the launch: a POP for everyone in scope, and a mail to each manager.
    launched_at: Mapped[datetime | None]
    question_set: Mapped[str] = mapped_column(String(20), default="v1")
    # Days before the meeting the discussion points are exchanged (002: a week).
    exchange_days: Mapped[int] = mapped_column(default=7)
    # Months between progress reviews, and how long the plan runs.
    review_every_months: Mapped[int] = mapped_column(default=3)
    plan_months: Mapped[int] = mapped_column(default=12)
    review_minutes: Mapped[int] = mapped_column(default=30)
    # Reminder lead times in days (see workflow/rules.py).
    prepare_reminder_days: Mapped[list] = mapped_column(JSON, default=lambda: [10, 8])
    sign_reminder_days: Mapped[list] = mapped_column(JSON, default=lambda: [3, 7])
    due_reminder_days: Mapped[int] = mapped_column(default=7)
    review_reminder_days: Mapped[int] = mapped_column(default=2)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
