"""A round's planning deadline and the moments of its planning reminders. Pure: the clock
and the round's dates are passed in.

The deadline is a date: so many days (plan_by_days_before_end) before the end of the
period, never before its first day (a short period plans by its start). A POP still
unplanned when that day has ended is overdue ("nog niet gepland").

A reminder is due from 9:00 on its day (the deadline plus its offset, in the
organisation's time) until the next one, the last for a week; a tick that was down past
the window skips it, as workflow/rules.py does with the other reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DAY = timedelta(days=1)
REMINDER_HOUR = time(9, 0)
LAST_WINDOW = 7 * DAY


def planning_deadline(meetings_from: date | None, meetings_until: date | None, days: int) -> date | None:
    """The last day to plan on; None for a round without a period (the loose conversations)."""
    if meetings_from is None or meetings_until is None:
        return None
    return max(meetings_until - days * DAY, meetings_from)


def round_deadline(rnd: Any) -> date | None:
    """A launched round's deadline (anything with a round's attributes); the round of loose
    conversations is never launched and has none."""
    if rnd.launched_at is None:
        return None
    return planning_deadline(rnd.meetings_from, rnd.meetings_until, rnd.plan_by_days_before_end)


def overdue_from(deadline: date, timezone: str) -> datetime:
    """When an unplanned POP becomes overdue: the end of the deadline, in the organisation's time."""
    return datetime.combine(deadline + DAY, time(0, 0), ZoneInfo(timezone))


@dataclass(frozen=True)
class PlanningMoment:
    offset: int  # days after the deadline (negative: before)
    at: datetime
    until: datetime

    @property
    def key(self) -> str:
        """The moment's part of the dedupe key: "d-7", "d0", "d+7"."""
        return f"d{self.offset:+d}" if self.offset else "d0"


def reminder_moments(deadline: date, offsets: list[int] | tuple[int, ...], timezone: str) -> list[PlanningMoment]:
    """Every planning reminder of a round, in time order, each with its window."""
    tz = ZoneInfo(timezone)
    days = sorted(set(offsets))
    starts = [datetime.combine(deadline + day * DAY, REMINDER_HOUR, tz) for day in days]
    return [
        PlanningMoment(day, start, starts[i + 1] if i + 1 < len(starts) else start + LAST_WINDOW)
        for i, (day, start) in enumerate(zip(days, starts, strict=True))
    ]


def due_moment(deadline: date, offsets: list[int] | tuple[int, ...], timezone: str, now: datetime):
    """The reminder whose window holds `now`, if any."""
    return next((m for m in reminder_moments(deadline, offsets, timezone) if m.at <= now < m.until), None)
