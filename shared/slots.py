"""Consecutive meeting slots on the local wall clock: "from 12 January, 9:00–12:00, 45
minutes, 15 between, no weekends".

Plain Python, no Flask and no database: the manager's scheduling grid fills its rows with
these, and offering slots for reports to pick can use the same generator. Times are local
(the organisation's timezone, as the manager types them); a caller turns a slot into a UTC
instant with intake.forms_common.local_start_utc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

MAX_SLOTS = 500  # a planning page has at most this many rows (intake/personal/schedule_views.py)
_MAX_DAYS = 3 * 366  # a generator never looks further ahead than this


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def iter_slots(
    first_day: date,
    day_start: time,
    day_end: time,
    minutes: int,
    gap: int = 0,
    skip_weekends: bool = True,
    until: date | None = None,
    busy: Iterable[tuple[datetime, datetime]] = (),
) -> Iterator[tuple[date, time]]:
    """Slots of `minutes`, `gap` minutes apart, each within day_start..day_end of its day,
    from first_day on, never on a day after `until`, never overlapping a `busy` interval
    (naive local datetimes: the manager's meetings already planned, say; a slot that would
    touch one moves on to the first moment after it). Ends when the days run out."""
    if minutes <= 0 or gap < 0:
        raise ValueError("minutes must be positive and gap not negative")
    length, between = timedelta(minutes=minutes), timedelta(minutes=gap)
    taken = sorted((start, end) for start, end in busy if end > start)
    last = until if until is not None else first_day + timedelta(days=_MAX_DAYS)
    day = first_day
    while day <= last:
        if not (skip_weekends and is_weekend(day)):
            start, close = datetime.combine(day, day_start), datetime.combine(day, day_end)
            while start + length <= close:
                clash = next((end for b_start, end in taken if b_start < start + length and start < end), None)
                if clash is not None:
                    start = clash  # the first moment after the meeting already there
                    continue
                yield day, start.time()
                start += length + between
        day += timedelta(days=1)


def generate_slots(
    first_day: date,
    day_start: time,
    day_end: time,
    minutes: int,
    gap: int,
    skip_weekends: bool,
    count: int,
    until: date | None = None,
    busy: Iterable[tuple[datetime, datetime]] = (),
) -> list[tuple[date, time]]:
    """The first `count` slots of iter_slots (fewer when the period runs out first)."""
    found: list[tuple[date, time]] = []
    if count <= 0:
        return found
    for slot in iter_slots(first_day, day_start, day_end, minutes, gap, skip_weekends, until, busy):
        found.append(slot)
        if len(found) >= min(count, MAX_SLOTS):
            break
    return found
