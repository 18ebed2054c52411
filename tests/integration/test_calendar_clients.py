"""Invites read back by independent calendar software, not by the library that wrote them.

- Mozilla's ical.js (the parser inside Thunderbird), run with node by
  ``tests/js/instants.mjs``; ``npm ci`` installs tests/js/node_modules when it is
  missing. Without node the tests are skipped, or fail when CI=true.
- Radicale, a real CalDAV server, started on a free local port with its storage
  in a temporary folder: the event is stored, fetched back, and found (or not)
  by the server's own time-range queries.

Each must see DTSTART/DTEND as exactly the instants the invite was built from.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import pytest

from notifier.invites import InviteEvent, Party, build_calendar
from tests.js_tools import JS_DIR, ensure_node_modules, required

UTC = UTC
INSTANTS_JS = JS_DIR / "instants.mjs"
DTSTAMP = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
AMS, NY = "Europe/Amsterdam", "America/New_York"
KOLKATA, SANTIAGO = "Asia/Kolkata", "America/Santiago"


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


# (label, the invite's timezone, start in UTC); every meeting lasts an hour. Times on
# the change days are chosen so that a rule in the wrong week, at the wrong hour or
# read in the wrong offset moves at least one of DTSTART/DTEND.
CASES = [
    ("ams-winter", AMS, utc(2027, 1, 12, 9, 0)),  # 10:00 CET
    ("ams-summer", AMS, utc(2027, 7, 6, 12, 30)),  # 14:30 CEST
    ("ams-day-before-spring-forward", AMS, utc(2027, 3, 27, 9, 0)),  # 10:00 CET
    ("ams-across-spring-forward", AMS, utc(2027, 3, 28, 0, 30)),  # 01:30 CET - 03:30 CEST
    ("ams-dst-start-day", AMS, utc(2027, 3, 28, 8, 0)),  # 10:00 CEST
    ("ams-day-before-fall-back", AMS, utc(2027, 10, 30, 8, 0)),  # 10:00 CEST
    ("ams-fall-back-first-0230", AMS, utc(2027, 10, 31, 0, 30)),  # 02:30 CEST
    ("ams-fall-back-second-0230", AMS, utc(2027, 10, 31, 1, 30)),  # 02:30 CET (in UTC)
    ("ams-dst-end-day", AMS, utc(2027, 10, 31, 9, 0)),  # 10:00 CET
    ("ams-15y-summer", AMS, utc(2041, 8, 14, 7, 0)),  # 09:00 CEST
    ("ams-15y-winter", AMS, utc(2041, 12, 3, 14, 0)),  # 15:00 CET
    ("ams-15y-across-spring-forward", AMS, utc(2041, 3, 31, 0, 30)),
    ("ny-winter", NY, utc(2027, 1, 12, 15, 0)),  # 10:00 EST
    ("ny-summer", NY, utc(2027, 7, 6, 14, 0)),  # 10:00 EDT
    ("ny-across-spring-forward", NY, utc(2027, 3, 14, 6, 30)),  # 01:30 EST - 03:30 EDT
    ("ny-dst-start-day", NY, utc(2027, 3, 14, 14, 0)),  # 10:00 EDT
    ("ny-fall-back-second-0130", NY, utc(2027, 11, 7, 6, 30)),  # 01:30 EST (in UTC)
    ("ny-dst-end-day", NY, utc(2027, 11, 7, 15, 0)),  # 10:00 EST
    ("ny-15y-across-spring-forward", NY, utc(2041, 3, 10, 6, 30)),
    ("ny-15y-summer", NY, utc(2041, 8, 14, 14, 0)),
    ("kolkata-winter", KOLKATA, utc(2027, 1, 12, 4, 30)),  # 10:00 IST
    ("kolkata-summer", KOLKATA, utc(2027, 7, 6, 4, 30)),
    ("kolkata-15y", KOLKATA, utc(2041, 12, 3, 4, 30)),
    # Chile's rule ("Sunday after the first Saturday") is no BYDAY rule: RDATE fallback.
    ("santiago-across-dst-start", SANTIAGO, utc(2027, 9, 5, 3, 30)),  # 23:30 -04 - 01:30 -03
    ("santiago-15y-across-dst-start", SANTIAGO, utc(2041, 9, 8, 3, 30)),  # not "1SU" in 2041
]


def cases() -> list:
    return [pytest.param(*case, id=case[0]) for case in CASES]


def invite(label: str, zone: str, start: datetime) -> bytes:
    organizer = Party("pop@popflow.example.nl", "POP-gesprekken")
    return build_calendar(
        "REQUEST",
        InviteEvent(
            uid=f"{label}@popflow.example.nl",
            sequence=0,
            start=start,
            end=start + HOUR,
            summary=f"POP-gesprek ({label})",
            description="Voorbereiding: https://pop.example.nl/gesprek/42",
            location="",
            organizer=organizer,
            attendees=(Party("jan@example.nl", "Jan Jansen"),),
            timezone=zone,
        ),
        dtstamp=DTSTAMP,
    )


def read_with_own_vtimezone(raw: bytes) -> tuple[datetime, datetime]:
    """DTSTART/DTEND as the file's VTIMEZONE says (icalendar itself would use zoneinfo)."""
    cal = icalendar.Calendar.from_ical(raw)
    zones = {tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in cal.timezones}
    event = cal.events[0]

    def read(name: str) -> datetime:
        prop = event[name]
        if "TZID" not in prop.params:
            return prop.dt
        return prop.dt.replace(tzinfo=zones[prop.params["TZID"]])

    return read("DTSTART"), read("DTEND")


# --- ical.js (Thunderbird) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def node() -> str:
    """The node executable, with tests/js/node_modules installed from package-lock.json."""
    node = shutil.which("node")
    if node is None:
        required("node is not on PATH: the ical.js tests need Node.js >= 18 and npm")
    ensure_node_modules()
    return node


def ical_js(node: str, *, path: Path | None = None, stdin: bytes | None = None) -> dict:
    command = [node, str(INSTANTS_JS)] + ([str(path)] if path else [])
    # An odd local zone: a time that ical.js read as floating would show up wrong.
    env = {**os.environ, "TZ": "Pacific/Chatham"}
    result = subprocess.run(command, input=stdin, capture_output=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def js_instant(value: dict) -> datetime:
    return datetime.fromisoformat(value["utc"])


@pytest.mark.parametrize(("label", "zone", "start"), cases())
def test_ical_js_reads_the_same_instants(node: str, tmp_path: Path, label: str, zone: str, start: datetime) -> None:
    path = tmp_path / "invite.ics"
    path.write_bytes(invite(label, zone, start))

    read = ical_js(node, path=path)

    # Registered from the file's VTIMEZONE (none when both times had to be written in UTC).
    assert read["timezones"] == ([zone] if b"TZID=" in path.read_bytes() else [])
    (event,) = read["events"]
    assert event["uid"] == f"{label}@popflow.example.nl"
    assert js_instant(event["dtstart"]) == start
    assert js_instant(event["dtend"]) == start + HOUR
    for value in (event["dtstart"], event["dtend"]):
        # A TZID resolves to the VTIMEZONE of that name; the rest was written in UTC.
        assert value["zone"] == (zone if value["tzid"] else "UTC")


def test_ical_js_reads_standard_input(node: str) -> None:
    start = utc(2027, 3, 28, 0, 30)
    read = ical_js(node, stdin=invite("stdin", AMS, start))
    (event,) = read["events"]
    assert (js_instant(event["dtstart"]), js_instant(event["dtend"])) == (start, start + HOUR)


# --- Radicale (CalDAV) --------------------------------------------------------------------

CALENDAR = "/popflow/pop/"


@dataclass(frozen=True)
class CalDAV:
    base: str  # http://127.0.0.1:<port>

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        # [auth] type = none takes any user name; a named user gets its own principal
        # collection (/popflow/), which an anonymous request would not.
        auth = {"Authorization": "Basic " + b64encode(b"popflow:-").decode()}
        request = urllib.request.Request(self.base + path, body, {**auth, **(headers or {})}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_radicale(root: Path) -> Iterator[CalDAV]:
    """Radicale on 127.0.0.1, no authentication, storage under ``root``."""
    port = _free_port()
    config = root / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {root / 'collections'}\n"
        "[web]\ntype = none\n"
        "[logging]\nlevel = warning\n",
        encoding="utf-8",
    )
    log_path = root / "radicale.log"
    with log_path.open("wb") as log:
        # Its own process: Radicale's imports and warnings stay out of this one.
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"Radicale exited ({process.returncode}):\n{log_path.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Radicale did not listen on {port}:\n{log_path.read_text()}")
                time.sleep(0.05)
        server = CalDAV(f"http://127.0.0.1:{port}")
        # Radicale creates no collection on PUT (409 Conflict): make the calendar first.
        status, body = server.request("MKCALENDAR", CALENDAR)
        assert status == 201, body
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def caldav(tmp_path: Path) -> Iterator[CalDAV]:
    # A server per test: Radicale (through vobject) keeps the first VTIMEZONE it parses
    # for each TZID for as long as it runs; test_caldav_server_reads_later_years_too
    # looks at that on purpose.
    with running_radicale(tmp_path) as server:
        yield server


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def hrefs_overlapping(server: CalDAV, start: datetime, end: datetime) -> set[str]:
    """The server's own reading of the events: a CalDAV time-range query (RFC 4791 §9.9)."""
    query = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="{_stamp(start)}" end="{_stamp(end)}"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>"""
    status, body = server.request(
        "REPORT",
        CALENDAR,
        query.encode(),
        {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
    )
    assert status == 207, body
    return {href.text or "" for href in ElementTree.fromstring(body).iter("{DAV:}href")}


def store(server: CalDAV, label: str, zone: str, start: datetime) -> str:
    """PUT the invite as a calendar object resource; its href."""
    raw = invite(label, zone, start)
    # A calendar object resource carries no iTIP METHOD (RFC 4791 §4.1).
    assert raw.count(b"METHOD:REQUEST\r\n") == 1
    resource = raw.replace(b"METHOD:REQUEST\r\n", b"")
    href = f"{CALENDAR}{label}.ics"
    headers = {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}
    status, body = server.request("PUT", href, resource, headers)
    assert status == 201, body
    return href


def assert_server_places(server: CalDAV, href: str, start: datetime) -> None:
    """The server's own reading: the event covers [start, start + 1h), to the minute."""
    end, minute = start + HOUR, timedelta(minutes=1)
    assert href in hrefs_overlapping(server, start, start + minute)
    assert href not in hrefs_overlapping(server, start - minute, start)
    assert href in hrefs_overlapping(server, end - minute, end)
    assert href not in hrefs_overlapping(server, end, end + minute)


@pytest.mark.parametrize(("label", "zone", "start"), cases())
def test_caldav_server_keeps_the_instants(caldav: CalDAV, label: str, zone: str, start: datetime) -> None:
    href = store(caldav, label, zone, start)

    status, stored = caldav.request("GET", href)
    assert status == 200, stored
    cal = icalendar.Calendar.from_ical(stored)
    assert "METHOD" not in cal
    assert [tz.tz_name for tz in cal.timezones] == ([zone] if b"TZID=" in stored else [])
    event = cal.events[0]
    assert event["UID"] == f"{label}@popflow.example.nl"
    assert event.start.astimezone(UTC) == start
    assert event.end.astimezone(UTC) == start + HOUR
    dtstart, dtend = read_with_own_vtimezone(stored)
    assert (dtstart.astimezone(UTC), dtend.astimezone(UTC)) == (start, start + HOUR)

    assert_server_places(caldav, href, start)


@pytest.mark.parametrize(
    ("zone", "first", "later"),
    [
        pytest.param(AMS, utc(2027, 3, 28, 0, 30), utc(2041, 3, 31, 0, 30), id="amsterdam"),
        pytest.param(NY, utc(2027, 3, 14, 6, 30), utc(2041, 3, 10, 6, 30), id="new-york"),
    ],
)
def test_caldav_server_reads_later_years_too(caldav: CalDAV, zone: str, first: datetime, later: datetime) -> None:
    # One server, two invites with the same TZID, 14 years apart, both across a DST
    # change. Radicale keeps the VTIMEZONE of the first for the second: with yearly
    # RRULEs both VTIMEZONEs are the same, so that is harmless.
    first_href = store(caldav, "first", zone, first)
    later_href = store(caldav, "later", zone, later)
    assert_server_places(caldav, first_href, first)
    assert_server_places(caldav, later_href, later)
