"""VTIMEZONE components for the zone of an invitation (RFC 5545 §3.6.5).

Outlook and some mobile clients show UTC-only invites in the wrong zone when the
meeting crosses a DST change, so every invite names its zone and carries its
VTIMEZONE. It states the zone's daylight saving rules as yearly RRULEs derived from
zoneinfo, the form most calendar programs write; only zones whose rules are no
"nth/last weekday of a month" get icalendar's list of RDATE transitions instead.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

__all__ = ["vtimezone", "vtimezone_ical"]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RULE_BASE_YEAR = 1970  # observances start here, as most calendar programs write them
# The rules must hold from the event's year through 27 years later: a whole cycle
# of the Gregorian calendar's weekday-date patterns (1901..2099), so "4th Friday"
# cannot pass for "Friday before the last Sunday" only because the years checked
# happened to agree.
_RULE_YEARS = 28
_SCAN_STEP = 6 * 3600  # seconds; no zone changes its offset twice within 6 hours


@dataclass(frozen=True)
class _Change:
    """One UTC offset change of a zone, as a VTIMEZONE observance describes it."""

    onset: datetime  # naive local time in the offset before the change (RFC 5545 §3.6.5)
    offset_from: timedelta
    offset_to: timedelta
    name: str  # TZNAME after the change


@dataclass(frozen=True)
class _YearlyRule:
    month: int
    byday: str  # e.g. "-1SU" (last Sunday), "2SU" (second Sunday)
    at: time  # local time of the onset, in the offset before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str


def _offset_at(zone: ZoneInfo, posix: int) -> timedelta:
    offset = datetime.fromtimestamp(posix, UTC).astimezone(zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


@lru_cache(maxsize=512)
def _changes_in_year(key: str, year: int) -> tuple[_Change, ...]:
    """Every offset change of zone ``key`` whose local onset falls in ``year``."""
    zone = ZoneInfo(key)
    posix = int(datetime(year - 1, 12, 28, tzinfo=UTC).timestamp())
    stop = int(datetime(year + 1, 1, 4, tzinfo=UTC).timestamp())
    before = _offset_at(zone, posix)
    changes = []
    while posix < stop:
        after = _offset_at(zone, posix + _SCAN_STEP)
        if after != before:
            low, high = posix, posix + _SCAN_STEP  # ``before`` at low, ``after`` at high
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_at(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            moment = datetime.fromtimestamp(high, UTC)
            onset = (moment + before).replace(tzinfo=None)
            if onset.year == year:
                name = moment.astimezone(zone).tzname() or ""
                changes.append(_Change(onset, before, after, name))
            before = after
        posix += _SCAN_STEP
    return tuple(changes)


def _byday_candidates(day: date) -> set[str]:
    """The BYDAY values (nth or last weekday of its month) that ``day`` matches."""
    weekday = _WEEKDAYS[day.weekday()]
    found = {f"{(day.day - 1) // 7 + 1}{weekday}"}
    if day.day + 7 > monthrange(day.year, day.month)[1]:
        found.add(f"-1{weekday}")
    return found


def _byday_date(year: int, month: int, byday: str) -> date | None:
    """The day in ``month`` of ``year`` that BYDAY (``-1SU``, ``2SU``, ...) picks."""
    nth, weekday = int(byday[:-2]), _WEEKDAYS.index(byday[-2:])
    days = monthrange(year, month)[1]
    if nth < 0:
        last = date(year, month, days)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def _yearly_rules(key: str, years: range) -> list[_YearlyRule] | None:
    """The zone's offset changes in ``years`` as yearly rules.

    ``[]`` when the offset never changes in those years, ``None`` when the
    changes are not one pair of yearly BYMONTH + BYDAY rules that hold in
    every one of those years (e.g. "Sunday on or after the 2nd", a rule
    change announced for a later year, Ramadan-based DST).
    """
    per_year = [_changes_in_year(key, year) for year in years]
    counts = {len(changes) for changes in per_year}
    if counts == {0}:
        return []
    if counts != {2}:
        return None
    rules = []
    for index in range(2):
        changes = [year_changes[index] for year_changes in per_year]
        first = changes[0]
        shapes = {(c.onset.month, c.onset.time(), c.offset_from, c.offset_to, c.name) for c in changes}
        if len(shapes) != 1:
            return None
        candidates = set.intersection(*(_byday_candidates(c.onset.date()) for c in changes))
        if not candidates:
            return None
        # 28 years leave one candidate; should two remain, "last" is the usual rule.
        byday = min(candidates, key=lambda value: (not value.startswith("-"), value))
        rules.append(
            _YearlyRule(
                first.onset.month,
                byday,
                first.onset.time(),
                first.offset_from,
                first.offset_to,
                first.name,
            )
        )
    there, back = rules
    if (there.offset_from, there.offset_to) != (back.offset_to, back.offset_from):
        return None
    return rules


@lru_cache(maxsize=64)
def _rule_vtimezone(key: str, start_year: int, end_year: int) -> Timezone | None:
    """A VTIMEZONE with one STANDARD and one DAYLIGHT observance on yearly RRULEs.

    Outlook reads VTIMEZONEs as a pair of yearly rules (like Windows time
    zones); RDATE lists are reported to confuse it. The rules are derived
    from zoneinfo, with DTSTART in 1970 as most calendar programs write them,
    and must hold from the event's year through ``_RULE_YEARS - 1`` years
    later; otherwise ``None``. A zone without offset changes in that span
    gets a single STANDARD.
    """
    if start_year <= _RULE_BASE_YEAR:
        return None
    rules = _yearly_rules(key, range(start_year, end_year + _RULE_YEARS))
    if rules is None:
        return None
    vtimezone = Timezone()
    vtimezone.add("TZID", key)
    if not rules:
        local = datetime(start_year, 1, 1, 12, tzinfo=ZoneInfo(key))
        offset = local.utcoffset()
        standard = TimezoneStandard()
        standard.add("DTSTART", datetime(_RULE_BASE_YEAR, 1, 1))
        standard.add("TZOFFSETFROM", offset)
        standard.add("TZOFFSETTO", offset)
        standard.add("TZNAME", local.tzname() or "")
        vtimezone.add_component(standard)
        return vtimezone
    # The observance with the larger offset is daylight time, also for zones
    # whose tzdata marks winter as "negative DST" (Europe/Dublin).
    summer = max(rule.offset_to for rule in rules)
    for rule in sorted(rules, key=lambda rule: rule.offset_to == summer):
        onset_day = _byday_date(_RULE_BASE_YEAR, rule.month, rule.byday)
        if onset_day is None:
            return None
        observance = TimezoneDaylight() if rule.offset_to == summer else TimezoneStandard()
        observance.add("DTSTART", datetime.combine(onset_day, rule.at))
        observance.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": rule.month, "BYDAY": rule.byday})
        observance.add("TZOFFSETFROM", rule.offset_from)
        observance.add("TZOFFSETTO", rule.offset_to)
        observance.add("TZNAME", rule.name)
        vtimezone.add_component(observance)
    return vtimezone


def vtimezone(tzid: str, start_year: int, end_year: int) -> Timezone:
    """The VTIMEZONE of ``tzid`` for an event from ``start_year`` to ``end_year`` (local).

    Preferably built on yearly RRULEs (``_rule_vtimezone``). Where the zone's
    changes are no such rule, icalendar 7 derives it from zoneinfo
    (``Timezone.from_tzid``) as STANDARD/DAYLIGHT observances listing each
    transition as an RDATE. Its default window is 1970..2038: later events
    fall outside it, and readers that keep only the first RDATE value
    (vobject does) get 1971 rules. A window starting the year before the
    event keeps the event's own transitions in DTSTART + first RDATE.
    The result may be shared between calendars: never change it.
    """
    return _rule_vtimezone(tzid, start_year, end_year) or Timezone.from_tzid(
        tzid, first_date=date(start_year - 1, 1, 1), last_date=date(end_year + 2, 1, 1)
    )


@lru_cache(maxsize=64)
def vtimezone_ical(tzid: str, start_year: int, end_year: int) -> str:
    """``vtimezone(...)`` as content lines (CRLF after each), as ``Calendar.to_ical`` writes it.

    The same for every invite of a zone and years, and its serialisation is a large
    part of an invite's cost: written once, then copied into each invite.
    """
    return vtimezone(tzid, start_year, end_year).to_ical().decode("utf-8")
