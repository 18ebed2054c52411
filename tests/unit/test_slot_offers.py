"""The pure rules of offering times: the generator, what may be offered, overlaps."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from intake.slot_offers import MAX_SCAN_DAYS, Period, SlotInput, overlapping, slot_problem, slot_times

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
TZ = "Europe/Amsterdam"


def test_the_issues_example_three_mornings_of_three_times():
    # "from 12 January, 9:00–12:00, 45 minutes, 15 between, no weekends"
    times = slot_times(date(2027, 1, 12), time(9), time(12), 45, 15, 9)
    assert times == [(date(2027, 1, d), time(h)) for d in (12, 13, 14) for h in (9, 10, 11)]


def test_weekends_are_skipped_unless_asked():
    friday = date(2027, 3, 12)
    assert slot_times(friday, time(9), time(10), 60, 0, 2) == [(friday, time(9)), (date(2027, 3, 15), time(9))]
    assert slot_times(friday, time(9), time(10), 60, 0, 2, skip_weekends=False)[1] == (date(2027, 3, 13), time(9))


def test_a_conversation_must_end_by_the_end_of_the_day():
    assert slot_times(date(2027, 3, 10), time(9), time(10, 30), 45, 15, 3) == [
        (date(2027, 3, 10), time(9)),
        (date(2027, 3, 11), time(9)),  # 10:00 + 45 would end after 10:30
        (date(2027, 3, 12), time(9)),
    ]


def test_nothing_when_no_conversation_fits_in_a_day():
    assert slot_times(date(2027, 3, 10), time(9), time(9, 30), 45, 0, 5) == []
    assert slot_times(date(2027, 3, 10), time(12), time(9), 45, 0, 5) == []
    assert slot_times(date(2027, 3, 10), time(9), time(12), 45, 0, 0) == []


@given(
    first=st.dates(min_value=date(2027, 1, 1), max_value=date(2030, 1, 1)),
    start=st.times(),
    length=st.integers(10, 480),
    between=st.integers(0, 240),
    end=st.times(),
    count=st.integers(1, 100),
    skip=st.booleans(),
)
def test_generated_times_never_overlap_and_stay_in_the_day(first, start, length, between, end, count, skip):
    times = slot_times(first, start, end, length, between, count, skip)
    assert len(times) <= count
    moments = [datetime.combine(d, t) for d, t in times]
    assert moments == sorted(moments)
    for (day, at), moment in zip(times, moments, strict=True):
        assert first <= day < first + timedelta(days=MAX_SCAN_DAYS)
        assert at >= start and moment + timedelta(minutes=length) <= datetime.combine(day, end)
        assert not (skip and day.weekday() >= 5)
    for before, after in zip(moments, moments[1:], strict=False):
        assert after >= before + timedelta(minutes=length + between)


def _at(day: int, hour: int, minutes: int = 60) -> SlotInput:
    # 10:00 UTC is 11:00 in Amsterdam in March
    return SlotInput(datetime(2027, 3, day, hour, 0, tzinfo=UTC), minutes)


PERIOD = [Period(date(2027, 3, 1), date(2027, 4, 30))]


def test_a_time_in_the_past_or_outside_the_round_is_refused():
    assert slot_problem(SlotInput(NOW - timedelta(minutes=1)), NOW, PERIOD, TZ) == ("start_in_past", {})
    assert slot_problem(_at(10, 10), NOW, PERIOD, TZ) is None
    outside = slot_problem(SlotInput(datetime(2027, 5, 3, 8, tzinfo=UTC)), NOW, PERIOD, TZ)
    assert outside == ("slot_outside_round", {"start": "01-03-2027", "end": "30-04-2027"})
    # The round's days are local days: 23:30 UTC on 28 February is 1 March in Amsterdam.
    assert slot_problem(SlotInput(datetime(2027, 2, 28, 23, 30, tzinfo=UTC)), NOW, PERIOD, TZ) is None
    assert slot_problem(SlotInput(datetime(2027, 5, 3, 8, tzinfo=UTC)), NOW, [], TZ) is None  # no period: any day
    assert slot_problem(_at(10, 10, minutes=5), NOW, PERIOD, TZ) == ("bad_duration", {})


def test_overlapping_times_are_both_named():
    assert overlapping([_at(10, 9), _at(10, 10), _at(10, 11)]) == set()  # back to back is fine
    assert overlapping([_at(10, 11), _at(10, 9, 90), _at(10, 10)]) == {1, 2}
    assert overlapping([_at(10, 9), _at(10, 9)]) == {0, 1}
