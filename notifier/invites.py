"""iCalendar (RFC 5545) / iTIP (RFC 5546) invitations for POP-gesprekken.

Built with the ``icalendar`` library (7.x). One VEVENT per calendar object,
with the organisation's time zone as TZID + a generated VTIMEZONE, because
Outlook and some mobile clients show UTC-only invites in the wrong zone when
the meeting crosses a DST change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vCalAddress

__all__ = ["Party", "InviteEvent", "build_calendar", "PRODID", "METHODS"]

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

    In the repeated hour of a fall-back day the second occurrence (fold=1)
    has no TZID form: RFC 5545 §3.3.5 reads an ambiguous local time as the
    first occurrence. Such instants are written in UTC instead.
    """
    local = value.astimezone(zone)
    return value.astimezone(timezone.utc) if local.fold else local


def _add_vtimezones(cal: Calendar, start: datetime, end: datetime) -> None:
    """Add a VTIMEZONE for every TZID used (none for UTC, which is written as ``Z``).

    icalendar 7 derives it from zoneinfo (``Timezone.from_tzid``, called by
    ``add_missing_timezones``) as STANDARD/DAYLIGHT observances listing each
    transition as an RDATE, not as an RRULE. Its default window is 1970..2038:
    later events fall outside it, and readers that keep only the first RDATE
    value (vobject does) get 1971 rules. A window starting the year before
    the event keeps the event's own transitions in DTSTART + first RDATE.
    """
    cal.add_missing_timezones(
        first_date=date(start.year - 1, 1, 1), last_date=date(end.year + 2, 1, 1)
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
    """
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"unsupported iTIP method {method!r}; use one of {METHODS}")
    for name, value in (("start", event.start), ("end", event.end), ("dtstamp", dtstamp)):
        _require_aware(name, value)
    if event.end <= event.start:
        raise ValueError("end must be after start")

    zone = ZoneInfo(event.timezone)  # raises for unknown zones before we build anything
    # icalendar writes a zoneinfo datetime as DTSTART;TZID=<zone key>:<wall time>.
    start_local = _wall_time(event.start, zone)
    end_local = _wall_time(event.end, zone)

    vevent = Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=dtstamp.astimezone(timezone.utc),  # DTSTAMP must be UTC (RFC 5545 §3.8.7.2)
        start=start_local,
        end=end_local,
        summary=event.summary,
        description=event.description,
        location=event.location or None,
        url=event.url or None,
        organizer=_address(event.organizer, attendee=False),
        attendees=[_address(p, attendee=True) for p in event.attendees],
        status="CONFIRMED" if method == "REQUEST" else "CANCELLED",
        transparency="OPAQUE",
    )
    if method == "REQUEST" and event.alarm_minutes > 0:
        vevent.add_component(
            Alarm.new_display(
                description=event.summary,
                trigger=timedelta(minutes=-event.alarm_minutes),
            )
        )

    cal = Calendar.new(prodid=PRODID, method=method, version="2.0")
    # Calendar.new() also sets a calendar-level UID; iTIP objects don't need it.
    cal.pop("UID", None)
    cal.add_component(vevent)
    _add_vtimezones(cal, start_local, end_local)  # inserted before the VEVENT
    return cal.to_ical()
