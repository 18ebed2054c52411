"""The invite written line by line is byte for byte what icalendar writes for it.

``build_calendar`` writes its lines itself (notifier/ical_lines.py) because building
icalendar components per e-mail was most of the notify worker's CPU. The reference
here is the way it was built before, kept as ``_calendar_with_icalendar``: ``_vevent``
+ ``Calendar`` + ``_add_vtimezones`` (the feed still uses them) and ``Calendar.to_ical``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from notifier import ical_lines
from notifier.invites import METHODS, InviteEvent, Party, _calendar_with_icalendar, build_calendar, safe_event

ZONES = (
    "Europe/Amsterdam",
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Calcutta",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "UTC",
    "Etc/UTC",
    "Etc/GMT-2",
)
# Characters with a meaning somewhere in a content line, and multi-byte ones.
SPECIAL = st.sampled_from(list(";,:\\\"'^\n\r \t–éëÏ€😀") + ["\\N", "\r\n", "mailto:"])
ANY_TEXT = st.lists(st.one_of(SPECIAL, st.text(max_size=12)), max_size=12).map("".join)
# Backslash + N is where the two differ on purpose: icalendar writes it as a line break,
# ical_lines as the two characters typed (test_what_was_typed_is_read_back below).
TEXT = ANY_TEXT.filter(lambda s: "\\N" not in s)
NAME = st.lists(
    st.one_of(SPECIAL.filter(lambda s: s not in ("\\N",)), st.text(max_size=8)), min_size=1, max_size=6
).map("".join)
PARTY = st.builds(
    Party, email=st.emails(), name=NAME, partstat=st.sampled_from(["NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE"])
)


def reference(method: str, event: InviteEvent, dtstamp: datetime) -> bytes:
    """The calendar as build_calendar built it with icalendar components."""
    return _calendar_with_icalendar(method, event, dtstamp)


@st.composite
def events(draw: st.DrawFn) -> InviteEvent:
    zone = draw(st.sampled_from(ZONES))
    local = draw(st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2090, 12, 30)))
    start = local.replace(tzinfo=ZoneInfo(zone), fold=draw(st.integers(0, 1))).astimezone(UTC)
    minutes = draw(st.integers(1, 60 * 30))
    return InviteEvent(
        uid=draw(st.one_of(st.just("5d3b2a9c-1111-2222-3333-444455556666@popflow"), TEXT.filter(bool))),
        sequence=draw(st.integers(0, 40)),
        start=start,
        end=start + timedelta(minutes=minutes),
        summary=draw(TEXT),
        description=draw(TEXT),
        location=draw(st.one_of(st.just(""), TEXT)),
        organizer=draw(PARTY.map(lambda p: Party(p.email, p.name, role="CHAIR"))),
        attendees=tuple(draw(st.lists(PARTY, max_size=3))),
        timezone=zone,
        url=draw(st.one_of(st.just(""), st.just("https://pop.example/p/WzEsMSwwXQ.awbMCw.RCLtHkzXbo"))),
        alarm_minutes=draw(st.sampled_from([0, 15, 60, 90, 1440, 2000])),
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    event=events(),
    method=st.sampled_from(METHODS),
    stamp=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)),
)
def test_invite_bytes_equal_icalendar(event: InviteEvent, method: str, stamp: datetime) -> None:
    assert outcome(lambda: build_calendar(method, event, dtstamp=stamp)) == outcome(
        lambda: reference(method, event, stamp)
    )


@settings(max_examples=300, deadline=None)
@given(location=ANY_TEXT, summary=ANY_TEXT, description=ANY_TEXT)
def test_what_was_typed_is_read_back(location: str, summary: str, description: str) -> None:
    """A calendar program reads each text as safe_event keeps it (title and place on one
    line), also a place typed as "\\N…", which icalendar's own writer turns into two lines."""
    safe = safe_event(replace(BENCH_SHAPED, location=location, summary=summary, description=description))
    assume(safe.summary)  # without a title both writers take icalendar's path
    read = icalendar.Calendar.from_ical(build_calendar("REQUEST", safe, dtstamp=safe.start)).walk("VEVENT")[0]
    as_read = {key: str(read.get(key, "")) for key in ("LOCATION", "SUMMARY", "DESCRIPTION")}
    assert "\n" not in as_read["LOCATION"] + as_read["SUMMARY"]
    assert as_read == {
        "LOCATION": safe.location,
        "SUMMARY": safe.summary,
        "DESCRIPTION": safe.description.replace("\r\n", "\n").replace("\r", "\n"),
    }


def outcome(make: Callable[[], bytes]) -> bytes | str:
    """The bytes, or the kind of error (an alarm without a description is refused)."""
    try:
        return make()
    except Exception as error:  # noqa: BLE001 - both paths must fail alike
        return type(error).__name__


START = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 local happens twice
BENCH_SHAPED = InviteEvent(
    uid="5d3b2a9c@popflow",
    sequence=2,
    start=START,
    end=START + timedelta(hours=1),
    summary="POP-gesprek Medewerker 17 – Manager 17",
    description="Je voorbereiding en het plan: https://pop.example/p/WzEsMSwwXQ.awbMCw.RCLtHkzXboJvgKhA7i1QYwxwdA8",
    location="Kamer 2.14",
    organizer=Party("pop@bench.example", "Manager 17", role="CHAIR"),
    attendees=(Party("e17@bench.example", "Medewerker 17"), Party("m17@bench.example", "Manager 17")),
    url="https://pop.example/p/WzEsMSwwXQ.awbMCw.RCLtHkzXboJvgKhA7i1QYwxwdA8",
)


def test_bench_shaped_invite_equals_icalendar() -> None:
    event = BENCH_SHAPED
    for method in METHODS:
        stamp = datetime(2026, 5, 4, 9, 30, 12, tzinfo=UTC)
        assert build_calendar(method, event, dtstamp=stamp) == reference(method, event, stamp)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(SPECIAL, st.text(max_size=30)), max_size=20)
    .map("".join)
    .map(lambda s: s.replace("\r", "").replace("\n", ""))
)
def test_fold_equals_icalendar(line: str) -> None:
    assert ical_lines.fold(line) == _foldline(line)
