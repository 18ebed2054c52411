"""A round of POP conversations and its settings (lead times, review cadence)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base
from shared.questions import LATEST_VERSION
from shared.round_settings import SETTING


def _default(name: str):
    """The column default: the number or switch, or a function making a new list (a list is mutable)."""
    setting = SETTING[name]
    if setting.switch:
        return setting.default_on
    if setting.many:
        return lambda: list(setting.default_days)
    return setting.default_number


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
    question_set: Mapped[str] = mapped_column(String(20), default=LATEST_VERSION)
    # The settings (shared/round_settings.py holds their defaults, bounds and meaning). The
    # columns are written out as the migrations made them; a test keeps both lists the same.
    exchange_days: Mapped[int] = mapped_column(default=_default("exchange_days"))
    review_every_months: Mapped[int] = mapped_column(default=_default("review_every_months"))
    plan_months: Mapped[int] = mapped_column(default=_default("plan_months"))
    review_minutes: Mapped[int] = mapped_column(default=_default("review_minutes"))
    prepare_reminder_days: Mapped[list] = mapped_column(JSON, default=_default("prepare_reminder_days"))
    sign_reminder_days: Mapped[list] = mapped_column(JSON, default=_default("sign_reminder_days"))
    due_reminder_days: Mapped[int] = mapped_column(default=_default("due_reminder_days"))
    review_reminder_days: Mapped[int] = mapped_column(default=_default("review_reminder_days"))
    review_invite_days_before: Mapped[int] = mapped_column(default=_default("review_invite_days_before"))
    plan_by_days_before_end: Mapped[int] = mapped_column(default=_default("plan_by_days_before_end"))
    planning_reminder_days: Mapped[list] = mapped_column(JSON, default=_default("planning_reminder_days"))
    conversation_types: Mapped[bool] = mapped_column(default=_default("conversation_types"))
    # HR's own words for the four conversation types of this round: {"high_low": {"nl": "...",
    # "en": "..."}}; a missing or empty one reads the question set's (shared/conversation_types.py).
    conversation_type_texts: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
