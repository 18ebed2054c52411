"""iCalendar (RFC 5545) / iTIP (RFC 5546) invitations for POP-gesprekken.

Built with the ``icalendar`` library (7.x). One VEVENT per calendar object,
with the organisation's time zone as TZID + a generated VTIMEZONE, because
Outlook and some mobile clients show UTC-only invites in the wrong zone when
the meeting crosses a DST change. The VTIMEZONE states the zone's daylight
saving rules as yearly RRULEs derived from zoneinfo, the form most calendar
programs write; only zones whose rules are no "nth/last weekday of a month"
get icalendar's list of RDATE transitions instead.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
)

__all__ = ["Party", "InviteEvent", "build_calendar", "build_feed", "PRODID", "METHODS"]

PRODID = "-//popflow//POP-gesprek//NL"
METHODS = ("REQUEST", "CANCEL")


@dataclass(frozen=True)
class Party:
    email: str
    name: str
    role: str = "REQ-PARTICIPANT"  # iCalendar ROLE
    partstat: str = "NEEDS-ACTION"  # iCalendar PARTSTAT


@dataclass(frozen=True)
class InviteEvent:
    uid: str
    sequence: int
    start: datetime  # timezone-aware (UTC)
    end: datetime  # timezone-aware (UTC)
    summary: str
    description: str  # plain text, may contain Dutch characters and URLs
    location: str  # may be ""
    organizer: Party  # the service mailbox; name may be the manager's name
    attendees: tuple[Party, ...]
    timezone: str = "Europe/Amsterdam"  # DTSTART/DTEND carry this TZID + a VTIMEZONE
    url: str = ""  # optional link (URL property)
    alarm_minutes: int = 15  # VALARM DISPLAY trigger before start; 0 = no alarm


def _require_aware(name: str, value: datetime) -> None:
    # A naive datetime would silently be read as floating local time by clients.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


def _wall_time(value: datetime, zone: ZoneInfo) -> datetime:
    """The same instant as local wall time in ``zone`` (written as TZID=zone).

    In the repeated hour of a fall-back day a local time is ambiguous. RFC 5545
    §3.3.5 says it means the first occurrence, but readers differ (ical.js takes
    the second, Radicale adds durations in wall time), so both occurrences are
    written in UTC: one reading for every program.
    """
    local = value.astimezone(zone)
    other = local.replace(fold=1 - local.fold)
    return value.astimezone(timezone.utc) if other.utcoffset() != local.utcoffset() else local


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
    offset = datetime.fromtimestamp(posix, timezone.utc).astimezone(zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


@lru_cache(maxsize=512)
def _changes_in_year(key: str, year: int) -> tuple[_Change, ...]:
    """Every offset change of zone ``key`` whose local onset falls in ``year``."""
    zone = ZoneInfo(key)
    posix = int(datetime(year - 1, 12, 28, tzinfo=timezone.utc).timestamp())
    stop = int(datetime(year + 1, 1, 4, tzinfo=timezone.utc).timestamp())
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
            moment = datetime.fromtimestamp(high, timezone.utc)
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
        shapes = {
            (c.onset.month, c.onset.time(), c.offset_from, c.offset_to, c.name)
            for c in changes
        }
        if len(shapes) != 1:
            return None
        candidates = set.intersection(*(_byday_candidates(c.onset.date()) for c in changes))
        if not candidates:
            return None
        # 28 years leave one candidate; should two remain, "last" is the usual rule.
        byday = min(candidates, key=lambda value: (not value.startswith("-"), value))
        rules.append(
            _YearlyRule(
                first.onset.month, byday, first.onset.time(),
                first.offset_from, first.offset_to, first.name,
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


def _add_vtimezones(cal: Calendar, start: datetime, end: datetime) -> None:
    """Add a VTIMEZONE for every TZID used (none for UTC, which is written as ``Z``).

    Preferably built on yearly RRULEs (``_rule_vtimezone``). Where the zone's
    changes are no such rule, icalendar 7 derives it from zoneinfo
    (``Timezone.from_tzid``) as STANDARD/DAYLIGHT observances listing each
    transition as an RDATE. Its default window is 1970..2038: later events
    fall outside it, and readers that keep only the first RDATE value
    (vobject does) get 1971 rules. A window starting the year before the
    event keeps the event's own transitions in DTSTART + first RDATE.
    """
    for tzid in sorted(cal.get_missing_tzids()):
        # Cached per zone and years (every invite of a round needs the same one); never
        # changed after it is built, so calendars may share it.
        vtimezone = _rule_vtimezone(tzid, start.year, end.year) or Timezone.from_tzid(
            tzid, first_date=date(start.year - 1, 1, 1), last_date=date(end.year + 2, 1, 1)
        )
        cal.subcomponents.insert(len(cal.timezones), vtimezone)  # before the VEVENT


def _address(party: Party, *, attendee: bool) -> vCalAddress:
    if not attendee:
        return vCalAddress.new(party.email, cn=party.name)
    return vCalAddress.new(
        party.email,
        cn=party.name,
        role=party.role,
        partstat=party.partstat,
        rsvp=True,  # so clients show accept/decline buttons
    )


def build_calendar(method: str, event: InviteEvent, *, dtstamp: datetime) -> bytes:
    """Return a VCALENDAR (bytes, CRLF, folded) with METHOD ``REQUEST`` or ``CANCEL``.

    A CANCEL must carry the same UID as the original REQUEST and a SEQUENCE
    at least as high (RFC 5546 §3.2.5); choosing the number is up to the caller.
    """
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"unsupported iTIP method {method!r}; use one of {METHODS}")
    vevent = _vevent(event, "CONFIRMED" if method == "REQUEST" else "CANCELLED", dtstamp)
    cal = Calendar.new(prodid=PRODID, method=method, version="2.0")
    # Calendar.new() also sets a calendar-level UID; iTIP objects don't need it.
    cal.pop("UID", None)
    cal.add_component(vevent)
    zone = ZoneInfo(event.timezone)
    _add_vtimezones(cal, event.start.astimezone(zone), event.end.astimezone(zone))  # before the VEVENT
    return cal.to_ical()


def build_feed(events: list[InviteEvent], *, name: str, dtstamp: datetime) -> bytes:
    """A calendar to subscribe to (no iTIP METHOD): the same UIDs and times as the invites,
    so a program that has both shows one event. Programs refresh it about hourly."""
    cal = Calendar.new(prodid=PRODID, version="2.0")
    cal.pop("UID", None)
    cal.add("X-WR-CALNAME", name)
    cal.add("REFRESH-INTERVAL", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", timedelta(hours=1))
    for event in events:
        cal.add_component(_vevent(event, "CONFIRMED", dtstamp))
    if events:
        zone = ZoneInfo(events[0].timezone)
        _add_vtimezones(cal, min(e.start for e in events).astimezone(zone),
                        max(e.end for e in events).astimezone(zone))
    return cal.to_ical()


def _vevent(event: InviteEvent, status: str, dtstamp: datetime) -> Event:
    for name, value in (("start", event.start), ("end", event.end), ("dtstamp", dtstamp)):
        _require_aware(name, value)
    if event.end <= event.start:
        raise ValueError("end must be after start")
    zone = ZoneInfo(event.timezone)  # raises for unknown zones before we build anything
    vevent = Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=dtstamp.astimezone(timezone.utc),  # DTSTAMP must be UTC (RFC 5545 §3.8.7.2)
        # icalendar writes a zoneinfo datetime as DTSTART;TZID=<zone key>:<wall time>.
        start=_wall_time(event.start, zone),
        end=_wall_time(event.end, zone),
        summary=event.summary,
        description=event.description,
        location=event.location or None,
        url=event.url or None,
        organizer=_address(event.organizer, attendee=False),
        attendees=[_address(p, attendee=True) for p in event.attendees],
        status=status,
        transparency="OPAQUE",
    )
    if status == "CONFIRMED" and event.alarm_minutes > 0:
        vevent.add_component(
            Alarm.new_display(
                description=event.summary,
                trigger=timedelta(minutes=-event.alarm_minutes),
            )
        )
    return vevent
