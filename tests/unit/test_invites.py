"""iTIP invites: parsed back by icalendar and by vobject (an independent parser)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import icalendar
import pytest
import vobject
import vobject.icalendar

from notifier.invites import InviteEvent, Party, build_calendar

UTC = timezone.utc
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
    request = icalendar.Calendar.from_ical(
        build_calendar("REQUEST", make_event(start), dtstamp=DTSTAMP)
    )
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
    raw = build_calendar(
        "REQUEST", make_event(start, location="", url="", alarm_minutes=0), dtstamp=DTSTAMP
    )
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
