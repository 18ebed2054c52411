"""The slot generator of the scheduling grid: consecutive, never overlapping, never on a
weekend when skipped, never past the round's end."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shared.slots import generate_slots, is_weekend

MONDAY = date(2027, 1, 11)


def test_the_issue_example_fills_mornings_of_weekdays():
    # "from 12 January, 9:00-12:00, 45 minutes, 15 between, no weekends"
    slots = generate_slots(date(2027, 1, 12), time(9), time(12), 45, 15, True, 8)
    assert slots == [
        (date(2027, 1, 12), time(9)),
        (date(2027, 1, 12), time(10)),
        (date(2027, 1, 12), time(11)),
        (date(2027, 1, 13), time(9)),
        (date(2027, 1, 13), time(10)),
        (date(2027, 1, 13), time(11)),
        (date(2027, 1, 14), time(9)),
        (date(2027, 1, 14), time(10)),
    ]


def test_the_weekend_is_skipped_or_kept():
    friday = date(2027, 1, 15)
    skipped = generate_slots(friday, time(9), time(10), 60, 0, True, 2)
    kept = generate_slots(friday, time(9), time(10), 60, 0, False, 2)
    assert [d for d, _ in skipped] == [friday, date(2027, 1, 18)]
    assert [d for d, _ in kept] == [friday, date(2027, 1, 16)]


def test_the_period_end_stops_the_generator_early():
    assert len(generate_slots(MONDAY, time(9), time(12), 60, 0, True, 20, until=MONDAY + timedelta(days=1))) == 6


def test_a_slot_that_does_not_fit_before_the_day_end_moves_to_the_next_day():
    assert generate_slots(MONDAY, time(9), time(10, 30), 60, 0, True, 2) == [
        (MONDAY, time(9)),
        (MONDAY + timedelta(days=1), time(9)),
    ]


def test_a_meeting_already_planned_is_stepped_around():
    busy = [(datetime(2027, 1, 11, 9, 30), datetime(2027, 1, 11, 10, 15))]
    assert generate_slots(MONDAY, time(9), time(12), 45, 0, True, 3, busy=busy) == [
        (MONDAY, time(10, 15)),
        (MONDAY, time(11)),
        (MONDAY + timedelta(days=1), time(9)),
    ]


def test_no_slots_for_nothing_or_an_empty_day():
    assert generate_slots(MONDAY, time(9), time(12), 45, 15, True, 0) == []
    assert generate_slots(MONDAY, time(12), time(9), 45, 15, True, 3, until=MONDAY + timedelta(days=30)) == []


@given(
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    start_hour=st.integers(0, 22),
    hours=st.integers(1, 10),
    minutes=st.integers(10, 240),
    gap=st.integers(0, 60),
    skip=st.booleans(),
    count=st.integers(0, 60),
    span=st.one_of(st.none(), st.integers(0, 40)),
)
def test_generated_slots_never_overlap_nor_break_the_bounds(first, start_hour, hours, minutes, gap, skip, count, span):
    until = None if span is None else first + timedelta(days=span)
    day_start, day_end = time(start_hour), time(min(start_hour + hours, 23), 59 if start_hour + hours > 23 else 0)
    slots = generate_slots(first, day_start, day_end, minutes, gap, skip, count, until)
    assert len(slots) <= count
    starts = [datetime.combine(d, t) for d, t in slots]
    assert starts == sorted(starts)
    for before, after in zip(starts, starts[1:], strict=False):
        assert after - before >= timedelta(minutes=minutes + gap) or after.date() != before.date()
    for d, t in slots:
        assert d >= first and (until is None or d <= until)
        assert not (skip and is_weekend(d))
        assert day_start <= t and datetime.combine(d, t) + timedelta(minutes=minutes) <= datetime.combine(d, day_end)
