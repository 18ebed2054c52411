"""iTIP invites: parsed back by icalendar and by vobject (an independent parser)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
import vobject.icalendar

from notifier.invites import InviteEvent, Party, build_calendar

UTC = UTC
DTSTAMP = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
ORGANIZER = Party("pop@popflow.example.nl", "Zoë de Vries")
EMPLOYEE = Party("anais@example.nl", "Anaïs Müller")
MANAGER = Party("zoe@example.nl", "Zoë de Vries", role="CHAIR", partstat="ACCEPTED")
DESCRIPTION = (
    "Beste Anaïs,\n\nWe bespreken je ontwikkelplan (één uur, coöperatief, geëvalueerd).\n"
    "Voorbereiding: https://pop.example.nl/gesprek/42?token=a,b;c&x=1\n"
)

# (label, start in UTC) — the instant must survive whatever the local offset is.
INSTANTS = [
    ("winter", datetime(2027, 1, 12, 9, 0, tzinfo=UTC)),  # 10:00 CET
    ("summer", datetime(2027, 7, 6, 12, 30, tzinfo=UTC)),  # 14:30 CEST
    ("15y-summer", datetime(2041, 8, 14, 7, 0, tzinfo=UTC)),  # past icalendar's 2038 default
    ("15y-winter", datetime(2041, 12, 3, 14, 0, tzinfo=UTC)),
    ("dst-start-day", datetime(2027, 3, 28, 8, 0, tzinfo=UTC)),  # 10:00 CEST
    ("dst-end-day", datetime(2027, 10, 31, 9, 0, tzinfo=UTC)),  # 10:00 CET
    ("just-before-spring-forward", datetime(2027, 3, 28, 0, 30, tzinfo=UTC)),
    ("just-after-spring-forward", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
    ("fall-back-first-0230", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),  # 02:30 CEST
    ("fall-back-second-0230", datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),  # 02:30 CET
]


def make_event(start: datetime, **changes: object) -> InviteEvent:
    fields: dict[str, object] = dict(
        uid="pop-42-2027@popflow.example.nl",
        sequence=3,
        start=start,
        end=start + timedelta(hours=1),
        summary="POP-gesprek Anaïs – Zoë",
        description=DESCRIPTION,
        location="Vergaderruimte Eén, Utrecht",
        organizer=ORGANIZER,
        attendees=(EMPLOYEE, MANAGER),
        url="https://pop.example.nl/gesprek/42",
    )
    fields.update(changes)
    return InviteEvent(**fields)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def fresh_vobject_tz_registry() -> Iterator[None]:
    # vobject keeps the first VTIMEZONE it sees per TZID for the whole process
    # and reuses it for later files; each test must read its own VTIMEZONE.
    registry: dict[str, object] = vars(vobject.icalendar)["__tzidMap"]
    saved = dict(registry)
    registry.clear()
    registry["UTC"] = saved["UTC"]
    yield
    registry.clear()
    registry.update(saved)


def as_utc(value: datetime) -> datetime:
    # Compare instants explicitly: PEP 495 makes aware datetimes in a repeated
    # hour compare unequal across zones even when they are the same instant.
    return value.astimezone(UTC)


@pytest.mark.parametrize(("label", "start"), INSTANTS, ids=[i[0] for i in INSTANTS])
def test_same_instant_in_both_parsers(label: str, start: datetime) -> None:
    raw = build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP)

    event = icalendar.Calendar.from_ical(raw).events[0]
    assert as_utc(event.start) == start
    assert as_utc(event.end) == start + timedelta(hours=1)

    vevent = vobject.readOne(raw.decode("utf-8")).vevent
    assert as_utc(vevent.dtstart.value) == start
    assert as_utc(vevent.dtend.value) == start + timedelta(hours=1)


@pytest.mark.parametrize(("label", "start"), INSTANTS[:6], ids=[i[0] for i in INSTANTS[:6]])
def test_local_wall_time_with_amsterdam_tzid_and_vtimezone(label: str, start: datetime) -> None:
    raw = build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP)
    cal = icalendar.Calendar.from_ical(raw)
    event = cal.events[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Amsterdam"]
    assert cal.get_missing_tzids() == set()
    # The VTIMEZONE comes before the VEVENT that refers to it.
    assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")


def test_ambiguous_fall_back_hour_second_occurrence_is_written_in_utc() -> None:
    # 02:30 happens twice on 2027-10-31; a TZID wall time would mean the first one.
    start = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    raw = build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP)
    assert b"DTSTART:20271031T013000Z" in raw
    assert b"DTEND;TZID=Europe/Amsterdam:20271031T033000" in raw


def test_request_itip_fields() -> None:
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    raw = build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP)

    cal = icalendar.Calendar.from_ical(raw)
    assert cal["METHOD"] == "REQUEST"
    assert cal["PRODID"] == "-//popflow//POP-gesprek//NL"
    assert cal["VERSION"] == "2.0"
    event = cal.events[0]
    assert event["UID"] == "pop-42-2027@popflow.example.nl"
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CONFIRMED"
    assert event["TRANSP"] == "OPAQUE"
    assert event.summary == "POP-gesprek Anaïs – Zoë"
    assert event.description == DESCRIPTION  # commas, semicolons, newlines, URL intact
    assert event["LOCATION"] == "Vergaderruimte Eén, Utrecht"
    assert event["URL"] == "https://pop.example.nl/gesprek/42"
    assert event.DTSTAMP == DTSTAMP
    assert b"DTSTAMP:20260504T120000Z" in raw

    organizer = event["ORGANIZER"]
    assert organizer == "mailto:pop@popflow.example.nl"
    assert organizer.params["CN"] == "Zoë de Vries"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {"mailto:anais@example.nl", "mailto:zoe@example.nl"}
    for params in attendees.values():
        assert params["RSVP"] == "TRUE"
    assert attendees["mailto:anais@example.nl"]["CN"] == "Anaïs Müller"
    assert attendees["mailto:anais@example.nl"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["mailto:anais@example.nl"]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees["mailto:zoe@example.nl"]["ROLE"] == "CHAIR"
    assert attendees["mailto:zoe@example.nl"]["PARTSTAT"] == "ACCEPTED"

    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.TRIGGER == timedelta(minutes=-15)
    assert alarm["DESCRIPTION"]
    assert b"TRIGGER:-PT15M" in raw


def test_request_read_by_vobject() -> None:
    start = datetime(2027, 7, 6, 12, 30, tzinfo=UTC)
    cal = vobject.readOne(build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP).decode())
    assert cal.method.value == "REQUEST"
    ev = cal.vevent
    assert ev.uid.value == "pop-42-2027@popflow.example.nl"
    assert ev.sequence.value == "3"
    assert ev.summary.value == "POP-gesprek Anaïs – Zoë"
    assert ev.description.value == DESCRIPTION
    assert ev.organizer.value == "mailto:pop@popflow.example.nl"
    assert ev.organizer.params["CN"] == ["Zoë de Vries"]
    rsvp = {a.value: a.params["RSVP"] for a in ev.attendee_list}
    assert rsvp == {"mailto:anais@example.nl": ["TRUE"], "mailto:zoe@example.nl": ["TRUE"]}
    assert ev.valarm.action.value == "DISPLAY"
    assert cal.vtimezone.tzid.value == "Europe/Amsterdam"


def test_cancel_keeps_uid_and_is_cancelled_without_alarm() -> None:
    start = datetime(2027, 7, 6, 12, 30, tzinfo=UTC)
    request = icalendar.Calendar.from_ical(build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP))
    raw = build_calendar("cancel", make_event(start, sequence=4), dtstamp=DTSTAMP)
    cancel = icalendar.Calendar.from_ical(raw)
    assert cancel["METHOD"] == "CANCEL"
    event = cancel.events[0]
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == request.events[0]["UID"]
    assert event["SEQUENCE"] == 4
    assert event.walk("VALARM") == []
    assert as_utc(event.start) == start

    vcal = vobject.readOne(raw.decode())
    assert vcal.method.value == "CANCEL"
    assert vcal.vevent.status.value == "CANCELLED"


def test_optional_parts_left_out() -> None:
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    raw = build_calendar("REQUEST", make_event(start, location="", url="", alarm_minutes=0), dtstamp=DTSTAMP)
    event = icalendar.Calendar.from_ical(raw).events[0]
    assert "LOCATION" not in event
    assert "URL" not in event
    assert event.walk("VALARM") == []


def test_wire_format_crlf_folded_utf8() -> None:
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    raw = build_calendar("REQUEST", make_event(start, description=DESCRIPTION * 5), dtstamp=DTSTAMP)
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert any(line.startswith(b" ") for line in lines)  # long lines are folded
    for line in lines:
        assert len(line) <= 75  # RFC 5545 §3.1, in octets
        line.decode("utf-8")  # folding never splits a multi-byte character


@pytest.mark.parametrize("method", ["PUBLISH", "REPLY", ""])
def test_unsupported_method_rejected(method: str) -> None:
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        build_calendar(method, make_event(start), dtstamp=DTSTAMP)


def test_naive_datetimes_rejected() -> None:
    with pytest.raises(ValueError):
        build_calendar("REQUEST", make_event(datetime(2027, 1, 12, 9, 0)), dtstamp=DTSTAMP)


# --- VTIMEZONE as yearly rules (issue 5: Outlook misreads RDATE lists) -------------------

# (label, zone, start in UTC) in zones other than Amsterdam: the organisation's TIMEZONE
# may be any IANA zone.
NY = "America/New_York"
OTHER_ZONES = [
    ("new-york-winter", NY, datetime(2027, 1, 12, 15, 0, tzinfo=UTC)),
    ("new-york-summer", NY, datetime(2027, 7, 6, 14, 0, tzinfo=UTC)),
    ("new-york-dst-start-day", NY, datetime(2027, 3, 14, 14, 0, tzinfo=UTC)),
    # 01:30 EST to 03:30 EDT: the hour in between does not exist.
    ("new-york-across-spring-forward", NY, datetime(2027, 3, 14, 6, 30, tzinfo=UTC)),
    ("new-york-dst-end-day", NY, datetime(2027, 11, 7, 15, 0, tzinfo=UTC)),
    ("new-york-fall-back-second-0130", NY, datetime(2027, 11, 7, 6, 30, tzinfo=UTC)),
    ("new-york-15y", NY, datetime(2041, 8, 14, 14, 0, tzinfo=UTC)),
    ("kolkata-winter", "Asia/Kolkata", datetime(2027, 1, 12, 4, 30, tzinfo=UTC)),
    ("kolkata-summer", "Asia/Kolkata", datetime(2027, 7, 6, 4, 30, tzinfo=UTC)),
    ("kolkata-15y", "Asia/Kolkata", datetime(2041, 12, 3, 4, 30, tzinfo=UTC)),
    ("sydney-dst-end-day", "Australia/Sydney", datetime(2027, 4, 4, 0, 0, tzinfo=UTC)),
    ("sydney-dst-start-day", "Australia/Sydney", datetime(2027, 10, 3, 0, 0, tzinfo=UTC)),
    # Chile changes on "the Sunday after the first Saturday": no BYDAY rule, RDATE fallback.
    ("santiago-dst-start-day", "America/Santiago", datetime(2027, 9, 5, 13, 0, tzinfo=UTC)),
    ("santiago-15y", "America/Santiago", datetime(2041, 4, 7, 14, 0, tzinfo=UTC)),
]

AMSTERDAM_VTIMEZONE = (
    b"BEGIN:VTIMEZONE\r\n"
    b"TZID:Europe/Amsterdam\r\n"
    b"BEGIN:STANDARD\r\n"
    b"DTSTART:19701025T030000\r\n"
    b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
    b"TZNAME:CET\r\n"
    b"TZOFFSETFROM:+0200\r\n"
    b"TZOFFSETTO:+0100\r\n"
    b"END:STANDARD\r\n"
    b"BEGIN:DAYLIGHT\r\n"
    b"DTSTART:19700329T020000\r\n"
    b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    b"TZNAME:CEST\r\n"
    b"TZOFFSETFROM:+0100\r\n"
    b"TZOFFSETTO:+0200\r\n"
    b"END:DAYLIGHT\r\n"
    b"END:VTIMEZONE\r\n"
)


def read_with_own_vtimezone(raw: bytes) -> tuple[datetime, datetime]:
    """DTSTART/DTEND as the file's VTIMEZONE says, not as icalendar's zoneinfo does.

    icalendar resolves a TZID it knows (every IANA name) with zoneinfo and ignores
    the VTIMEZONE; ``to_tz(lookup_tzid=False)`` builds the zone from the component.
    """
    cal = icalendar.Calendar.from_ical(raw)
    zones = {tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in cal.timezones}
    event = cal.events[0]

    def read(name: str) -> datetime:
        prop = event[name]
        if "TZID" not in prop.params:
            return prop.dt  # written in UTC
        return prop.dt.replace(tzinfo=zones[prop.params["TZID"]])

    return read("DTSTART"), read("DTEND")


def vtimezone_block(raw: bytes) -> bytes:
    end = b"END:VTIMEZONE\r\n"
    return raw[raw.index(b"BEGIN:VTIMEZONE") : raw.index(end) + len(end)]


@pytest.mark.parametrize(("label", "start"), INSTANTS, ids=[i[0] for i in INSTANTS])
def test_same_instant_through_amsterdam_vtimezone_itself(label: str, start: datetime) -> None:
    raw = build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP)
    dtstart, dtend = read_with_own_vtimezone(raw)
    assert as_utc(dtstart) == start
    assert as_utc(dtend) == start + timedelta(hours=1)


@pytest.mark.parametrize(("label", "zone", "start"), OTHER_ZONES, ids=[i[0] for i in OTHER_ZONES])
def test_same_instant_in_other_zones(label: str, zone: str, start: datetime) -> None:
    raw = build_calendar("REQUEST", make_event(start, timezone=zone), dtstamp=DTSTAMP)

    event = icalendar.Calendar.from_ical(raw).events[0]
    assert as_utc(event.start) == start
    assert as_utc(event.end) == start + timedelta(hours=1)
    assert zone.encode() in raw

    dtstart, dtend = read_with_own_vtimezone(raw)
    assert as_utc(dtstart) == start
    assert as_utc(dtend) == start + timedelta(hours=1)

    vevent = vobject.readOne(raw.decode("utf-8")).vevent
    assert as_utc(vevent.dtstart.value) == start
    assert as_utc(vevent.dtend.value) == start + timedelta(hours=1)


@pytest.mark.parametrize(
    "start",
    [datetime(2027, 1, 12, 9, 0, tzinfo=UTC), datetime(2041, 8, 14, 7, 0, tzinfo=UTC)],
    ids=["2027", "2041"],
)
def test_amsterdam_vtimezone_is_two_yearly_rules(start: datetime) -> None:
    # RFC 5545 §3.6.5: an observance's DTSTART is local time in the offset before the
    # change, so summer time starts at 02:00 (+0100) and ends at 03:00 (+0200).
    raw = build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP)
    assert vtimezone_block(raw) == AMSTERDAM_VTIMEZONE
    assert b"RDATE" not in raw


def observances(zone: str, start: datetime) -> list[tuple[str, ...]]:
    """(kind, DTSTART, RRULE, TZOFFSETFROM, TZOFFSETTO, TZNAME) of each observance, as written."""
    raw = build_calendar("REQUEST", make_event(start, timezone=zone), dtstamp=DTSTAMP)
    (vtimezone,) = icalendar.Calendar.from_ical(raw).timezones
    assert vtimezone.tz_name == zone

    def text(sub: icalendar.Component, name: str) -> str:
        value = sub[name].to_ical() if name in sub else ""
        return value.decode() if isinstance(value, bytes) else value

    names = ("DTSTART", "RRULE", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME")
    return [(sub.name, *(text(sub, name) for name in names)) for sub in vtimezone.subcomponents]


YEARLY = "FREQ=YEARLY;BYDAY="


def test_new_york_rules_are_second_and_first_sunday() -> None:
    assert observances(NY, datetime(2027, 7, 6, 14, 0, tzinfo=UTC)) == [
        ("STANDARD", "19701101T020000", YEARLY + "1SU;BYMONTH=11", "-0400", "-0500", "EST"),
        ("DAYLIGHT", "19700308T020000", YEARLY + "2SU;BYMONTH=3", "-0500", "-0400", "EDT"),
    ]


def test_southern_hemisphere_rules() -> None:
    assert observances("Australia/Sydney", datetime(2027, 7, 6, 0, 0, tzinfo=UTC)) == [
        ("STANDARD", "19700405T030000", YEARLY + "1SU;BYMONTH=4", "+1100", "+1000", "AEST"),
        ("DAYLIGHT", "19701004T020000", YEARLY + "1SU;BYMONTH=10", "+1000", "+1100", "AEDT"),
    ]


def test_negative_dst_zone_still_has_summer_as_daylight() -> None:
    # tzdata gives Europe/Dublin winter time as "negative DST" (dst() == -1h);
    # calendar programs expect the summer offset in DAYLIGHT.
    assert observances("Europe/Dublin", datetime(2027, 7, 6, 9, 0, tzinfo=UTC)) == [
        ("STANDARD", "19701025T020000", YEARLY + "-1SU;BYMONTH=10", "+0100", "+0000", "GMT"),
        ("DAYLIGHT", "19700329T010000", YEARLY + "-1SU;BYMONTH=3", "+0000", "+0100", "IST"),
    ]


def test_zone_without_dst_has_one_standard_observance() -> None:
    assert observances("Asia/Kolkata", datetime(2041, 12, 3, 4, 30, tzinfo=UTC)) == [
        ("STANDARD", "19700101T000000", "", "+0530", "+0530", "IST"),
    ]


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        # Chile: the Sunday after the first Saturday, which is not always "1SU".
        ("America/Santiago", datetime(2027, 9, 5, 13, 0, tzinfo=UTC)),
        # Israel: the Friday before the last Sunday of March. 2033..2040 happen to fit
        # "4FR", 2041 does not: the rule must hold for a whole 28-year cycle.
        ("Asia/Jerusalem", datetime(2033, 6, 1, 9, 0, tzinfo=UTC)),
    ],
    ids=["santiago", "jerusalem"],
)
def test_rules_that_are_no_nth_weekday_fall_back_to_rdates(zone: str, start: datetime) -> None:
    kinds = observances(zone, start)
    assert all(rrule == "" for _, _, rrule, *_ in kinds)
    raw = build_calendar("REQUEST", make_event(start, timezone=zone), dtstamp=DTSTAMP)
    assert b"RDATE:" in raw
    dtstart, dtend = read_with_own_vtimezone(raw)
    assert (as_utc(dtstart), as_utc(dtend)) == (start, start + timedelta(hours=1))


def test_utc_zone_gets_no_vtimezone() -> None:
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    raw = build_calendar("REQUEST", make_event(start, timezone="UTC"), dtstamp=DTSTAMP)
    assert b"VTIMEZONE" not in raw
    assert b"DTSTART:20270112T090000Z" in raw
