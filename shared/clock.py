"""Time is passed in, never read from the wall inside the rules.

Processes use SystemClock; tests and `popflow tick --now` use a SettableClock.
All datetimes in popflow are timezone-aware UTC; conversion to local time happens
only where a person reads them (pages, e-mails, calendar files).
"""

from __future__ import annotations

import calendar
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Databases without timezone support (SQLite) hand back naive UTC datetimes."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def add_months(moment: datetime, months: int, tz: str) -> datetime:
    """Same local wall-clock time `months` later (clamped to the month's last day)."""
    local = moment.astimezone(ZoneInfo(tz))
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    shifted = local.replace(year=year, month=month, day=day, tzinfo=None)
    return shifted.replace(tzinfo=ZoneInfo(tz)).astimezone(moment.tzinfo)


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


class SettableClock:
    """A clock that stands still until told to move; safe to share between threads."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = as_utc(start or utcnow())
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = as_utc(moment)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now = self._now + delta


class OffsetClock:
    """The wall clock shifted by an offset: lets a demo 'travel' forward in time.
    store: a file that keeps the offset, so that a restarted demo is still as far ahead
    as its data (a POP past its meeting must not find the meeting ahead again)."""

    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        self.offset = timedelta(0)
        if store is not None and store.exists():
            try:
                self.offset = timedelta(seconds=max(0.0, float(store.read_text().strip() or 0)))
            except ValueError:  # a file edited by hand: start from the wall clock
                pass

    def now(self) -> datetime:
        return utcnow() + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta
        if self.store is not None:
            self.store.write_text(f"{self.offset.total_seconds():.0f}\n")
