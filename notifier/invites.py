"""iCalendar (RFC 5545) / iTIP (RFC 5546) invitations for POP-gesprekken.

One VEVENT per calendar object, with the organisation's time zone as TZID + a
generated VTIMEZONE (notifier/vtimezone.py), because Outlook and some mobile
clients show UTC-only invites in the wrong zone when the meeting crosses a DST
change.

The subscription feed is built with the ``icalendar`` library (7.x). The invite,
written once per e-mail, is written line by line (notifier/ical_lines.py) in
exactly the bytes icalendar would produce for it, at a fraction of the CPU:
tests/unit/test_ical_lines.py holds the two side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import STATUS, TRANSP, Alarm, Calendar, Event, vCalAddress

from notifier import ical_lines as ical
from notifier.vtimezone import vtimezone, vtimezone_ical
from shared.safe_text import NAME_LIMIT, SUBJECT_LIMIT, multi_line, single_line

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
    return value.astimezone(UTC) if other.utcoffset() != local.utcoffset() else local


def _add_vtimezones(cal: Calendar, start: datetime, end: datetime) -> None:
    """Add a VTIMEZONE for every TZID used (none for UTC, which is written as ``Z``)."""
    for tzid in sorted(cal.get_missing_tzids()):
        # Cached per zone and years (every invite of a round needs the same one); never
        # changed after it is built, so calendars may share it.
        cal.subcomponents.insert(len(cal.timezones), vtimezone(tzid, start.year, end.year))  # before the VEVENT


def _safe_party(party: Party) -> Party:
    return replace(party, email=single_line(party.email, None), name=single_line(party.name, NAME_LIMIT))


def safe_event(event: InviteEvent) -> InviteEvent:
    """The event with every text a person typed made safe for a calendar property: SUMMARY,
    LOCATION and the CN of ORGANIZER and ATTENDEE on one line and bounded (no calendar
    program shows a title of two lines, several refuse control characters, RFC 5545 allows
    none); DESCRIPTION keeps its line breaks. Both writers get the same event."""
    return replace(
        event,
        summary=single_line(event.summary, SUBJECT_LIMIT),
        description=multi_line(event.description),
        location=single_line(event.location, 300),
        organizer=_safe_party(event.organizer),
        attendees=tuple(_safe_party(party) for party in event.attendees),
    )


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
    The bytes are those of ``_calendar_with_icalendar`` (see the module docstring).
    """
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"unsupported iTIP method {method!r}; use one of {METHODS}")
    event = safe_event(event)
    zone = _check(event, dtstamp)
    if not event.summary:  # icalendar leaves SUMMARY out (or refuses the alarm): its own path
        return _calendar_with_icalendar(method, event, dtstamp)
    start, end = _wall_time(event.start, zone), _wall_time(event.end, zone)
    local_start, local_end = event.start.astimezone(zone), event.end.astimezone(zone)
    # A VTIMEZONE per TZID in use (none for UTC), before the VEVENT; the same text for
    # every invite of a zone and years, so written once (vtimezone_ical is cached).
    tzids = sorted({tzid for tzid in (ical.tzid_of(start), ical.tzid_of(end)) if tzid is not None})
    parts = [_calendar_head(method)]
    parts += [vtimezone_ical(tzid, local_start.year, local_end.year) for tzid in tzids]
    status = "CONFIRMED" if method == "REQUEST" else "CANCELLED"
    lines = _event_lines(event, status, start, end, dtstamp.astimezone(UTC))
    parts.append("\r\n".join(ical.fold(text) for text in lines))
    parts.append("\r\nEND:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")


def _calendar_with_icalendar(method: str, event: InviteEvent, dtstamp: datetime) -> bytes:
    """The same calendar built from icalendar components: slower, the reference."""
    event = safe_event(event)
    cal = Calendar.new(prodid=PRODID, method=method, version="2.0")
    cal.pop("UID", None)  # Calendar.new() sets a calendar-level UID; iTIP objects don't need it
    cal.add_component(_vevent(event, STATUS.CONFIRMED if method == "REQUEST" else STATUS.CANCELLED, dtstamp))
    zone = ZoneInfo(event.timezone)
    _add_vtimezones(cal, event.start.astimezone(zone), event.end.astimezone(zone))  # before the VEVENT
    return cal.to_ical()


@lru_cache(maxsize=4)
def _calendar_head(method: str) -> str:
    """BEGIN:VCALENDAR and its properties, as icalendar writes them (the same for every invite)."""
    cal = Calendar.new(prodid=PRODID, method=method, version="2.0")
    # Calendar.new() also sets a calendar-level UID; iTIP objects don't need it.
    cal.pop("UID", None)
    written = cal.to_ical().decode("utf-8")
    assert written.endswith("END:VCALENDAR\r\n")
    return written[: -len("END:VCALENDAR\r\n")]


def _event_lines(event: InviteEvent, status: str, start: datetime, end: datetime, stamp: datetime) -> list[str]:
    """The VEVENT (unfolded lines) in icalendar's order: its canonical properties
    first, then the others alphabetically; the VALARM last."""
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + ical.text(event.summary),
        ical.date_time("DTSTART", start),
        ical.date_time("DTEND", end),
        ical.date_time("DTSTAMP", stamp),
        "UID:" + ical.text(event.uid),
        f"SEQUENCE:{event.sequence}",
    ]
    lines += [_address_line("ATTENDEE", party, attendee=True) for party in event.attendees]
    lines.append("DESCRIPTION:" + ical.text(event.description))
    if event.location:
        lines.append("LOCATION:" + ical.text(event.location))
    lines += [_address_line("ORGANIZER", event.organizer, attendee=False), "STATUS:" + status, "TRANSP:OPAQUE"]
    if event.url:
        lines.append("URL:" + event.url)  # a URI: written as it is, no TEXT escaping
    if status == "CONFIRMED" and event.alarm_minutes > 0:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + ical.text(event.summary),
            "TRIGGER:" + ical.duration(timedelta(minutes=-event.alarm_minutes)),
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def _address_line(name: str, party: Party, *, attendee: bool) -> str:
    """What ``_address`` + icalendar write: parameters in sorted order."""
    params = [ical.param("CN", party.name)]
    if attendee:
        params += [ical.param("PARTSTAT", party.partstat), ical.param("ROLE", party.role), "RSVP=TRUE"]
    return ical.address(name, party.email, params)


def _check(event: InviteEvent, dtstamp: datetime) -> ZoneInfo:
    """The event's checks before anything is written; returns its zone."""
    for name, value in (("start", event.start), ("end", event.end), ("dtstamp", dtstamp)):
        _require_aware(name, value)
    if event.end <= event.start:
        raise ValueError("end must be after start")
    return ZoneInfo(event.timezone)  # raises for unknown zones


def build_feed(events: list[InviteEvent], *, name: str, dtstamp: datetime) -> bytes:
    """A calendar to subscribe to (no iTIP METHOD): the same UIDs and times as the invites,
    so a program that has both shows one event. Programs refresh it about hourly."""
    cal = Calendar.new(prodid=PRODID, version="2.0")
    cal.pop("UID", None)
    cal.add("X-WR-CALNAME", single_line(name))
    cal.add("REFRESH-INTERVAL", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", timedelta(hours=1))
    for event in events:
        cal.add_component(_vevent(safe_event(event), STATUS.CONFIRMED, dtstamp))
    if events:
        zone = ZoneInfo(events[0].timezone)
        _add_vtimezones(cal, min(e.start for e in events).astimezone(zone), max(e.end for e in events).astimezone(zone))
    return cal.to_ical()


def _vevent(event: InviteEvent, status: STATUS, dtstamp: datetime) -> Event:
    zone = _check(event, dtstamp)  # raises before we build anything
    vevent = Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=dtstamp.astimezone(UTC),  # DTSTAMP must be UTC (RFC 5545 §3.8.7.2)
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
        transparency=TRANSP.OPAQUE,
    )
    if status == STATUS.CONFIRMED and event.alarm_minutes > 0:
        vevent.add_component(
            Alarm.new_display(
                description=event.summary,
                trigger=timedelta(minutes=-event.alarm_minutes),
            )
        )
    return vevent
