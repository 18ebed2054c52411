"""A meeting's whole life in other programs' eyes: REQUEST, the update that moves it
(same UID, higher SEQUENCE) and the CANCEL, in winter and summer, years apart, read by
ical.js (Thunderbird) and vobject, and kept by a real CalDAV server (Radicale). The
subscription feed is read by ical.js too.

The fixtures and readers come from test_calendar_clients.py.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import icalendar
import pytest
import vobject

from notifier.invites import InviteEvent, Party, build_calendar, build_feed
from tests.integration.test_calendar_clients import (  # noqa: F401 - fixtures
    AMS,
    CALENDAR,
    DTSTAMP,
    HOUR,
    NY,
    CalDAV,
    assert_server_places,
    caldav,
    hrefs_overlapping,
    ical_js,
    js_instant,
    node,
    utc,
)

# (first time, the time it moves to): across the halves of the year and 14 years apart.
LIVES = [
    pytest.param(AMS, utc(2027, 1, 12, 9, 0), utc(2027, 7, 6, 12, 30), id="ams-winter-to-summer"),
    pytest.param(AMS, utc(2041, 8, 14, 7, 0), utc(2041, 12, 3, 14, 0), id="ams-2041-summer-to-winter"),
    pytest.param(NY, utc(2027, 11, 2, 14, 0), utc(2028, 3, 14, 14, 0), id="ny-across-both-changes"),
]


def _event(uid: str, zone: str, start: datetime, sequence: int) -> InviteEvent:
    return InviteEvent(
        uid=uid,
        sequence=sequence,
        start=start,
        end=start + HOUR,
        summary="POP-gesprek Noëlle – Marieke",
        description="Je voorbereiding: https://pop.example.nl/p/abc",
        location="Kamer 2.14",
        organizer=Party("pop@popflow.example.nl", "Marieke de Vries", role="CHAIR"),
        attendees=(Party("noelle@example.nl", "Noëlle Ébène"), Party("marieke@example.nl", "Marieke de Vries")),
        timezone=zone,
    )


def _life(zone: str, first: datetime, moved: datetime) -> list[tuple[str, bytes, int, datetime]]:
    """(method, calendar, sequence, start) of the invite, its update and its cancel."""
    uid = f"life-{first:%Y%m%d}@popflow.example.nl"
    return [
        (method, build_calendar(method, _event(uid, zone, start, seq), dtstamp=DTSTAMP), seq, start)
        for method, seq, start in (("REQUEST", 0, first), ("REQUEST", 1, moved), ("CANCEL", 2, moved))
    ]


@pytest.mark.parametrize(("zone", "first", "moved"), LIVES)
def test_ical_js_and_vobject_follow_the_update_and_the_cancel(
    node: str,  # noqa: F811 - the fixture, imported from tests.js_tools
    tmp_path: Path,
    zone: str,
    first: datetime,
    moved: datetime,
) -> None:
    uids = set()
    for method, raw, sequence, start in _life(zone, first, moved):
        path = tmp_path / f"{sequence}.ics"
        path.write_bytes(raw)
        read = ical_js(node, path=path)
        (event,) = read["events"]
        assert read["method"] == method and event["sequence"] == sequence
        assert event["status"] == ("CANCELLED" if method == "CANCEL" else "CONFIRMED")
        assert (js_instant(event["dtstart"]), js_instant(event["dtend"])) == (start, start + HOUR)
        parsed = vobject.readOne(raw.decode())
        vevent = parsed.vevent
        assert parsed.method.value == method and int(vevent.sequence.value) == sequence
        assert (vevent.dtstart.value, vevent.dtend.value) == (start, start + HOUR)
        assert vevent.attendee.params["CN"] == ["Noëlle Ébène"]
        uids |= {event["uid"], vevent.uid.value}
    assert len(uids) == 1  # one event throughout: programs update, never duplicate


def _put(server: CalDAV, href: str, raw: bytes, method: str) -> None:
    # What a calendar program stores after processing the iTIP message: the object without METHOD.
    resource = raw.replace(f"METHOD:{method}\r\n".encode(), b"")
    status, body = server.request("PUT", href, resource, {"Content-Type": "text/calendar; charset=utf-8"})
    assert status in (201, 204), body


@pytest.mark.parametrize(("zone", "first", "moved"), LIVES)
def test_the_caldav_server_keeps_one_event_that_moves_and_is_cancelled(
    caldav: CalDAV,  # noqa: F811 - the fixture, imported from its module
    zone: str,
    first: datetime,
    moved: datetime,
) -> None:
    href = f"{CALENDAR}life.ics"
    (m0, request, _, _), (m1, update, _, _), (m2, cancel, _, _) = _life(zone, first, moved)
    _put(caldav, href, request, m0)
    assert_server_places(caldav, href, first)
    _put(caldav, href, update, m1)
    assert_server_places(caldav, href, moved)
    assert href not in hrefs_overlapping(caldav, first, first + HOUR)  # the old time is gone
    _put(caldav, href, cancel, m2)
    status, stored = caldav.request("GET", href)
    event = icalendar.Calendar.from_ical(stored).events[0]
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 2)
    assert event.start == moved.astimezone(event.start.tzinfo)


def test_ical_js_reads_the_subscription_feed(node: str, tmp_path: Path) -> None:  # noqa: F811 - fixture
    starts = [utc(2027, 1, 12, 9, 0), utc(2027, 7, 6, 12, 30), utc(2041, 12, 3, 14, 0)]
    events = [_event(f"feed-{i}@popflow.example.nl", AMS, start, i) for i, start in enumerate(starts)]
    path = tmp_path / "feed.ics"
    path.write_bytes(build_feed(events, name="POP-gesprekken – Noëlle", dtstamp=DTSTAMP))
    read = ical_js(node, path=path)
    assert read["method"] is None  # a subscription, not an iTIP message
    assert [(e["uid"], js_instant(e["dtstart"])) for e in read["events"]] == [
        (f"feed-{i}@popflow.example.nl", start) for i, start in enumerate(starts)
    ]
