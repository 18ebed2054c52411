"""Every conflict rule of the scheduling grid (shared/schedule_rules.py), one by one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shared.schedule_rules import (
    ERROR,
    WARNING,
    Busy,
    Proposal,
    double_booked,
    exchange_moment,
    in_the_past,
    on_weekend,
    outside_period,
    overlaps,
    problems,
    short_notice,
)
from workflow.machine import Facts, Settings, State, exchange_at

NOW = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
MONDAY = datetime(2027, 4, 5, 8, 0, tzinfo=UTC)  # 10:00 in Amsterdam
MANAGER, JAN, PIET = 1, 2, 3
HOUR = timedelta(hours=1)


def row(key, employee, start=MONDAY, minutes=60, manager=MANAGER, **fields) -> Proposal:
    return Proposal(
        key, frozenset({employee, manager}), start, start + timedelta(minutes=minutes), start.date(), **fields
    )


def test_touching_meetings_do_not_overlap():
    assert overlaps(MONDAY, MONDAY + HOUR, MONDAY + HOUR / 2, MONDAY + 2 * HOUR)
    assert not overlaps(MONDAY, MONDAY + HOUR, MONDAY + HOUR, MONDAY + 2 * HOUR)


def test_the_same_manager_twice_in_one_submit_is_an_error_for_both_rows():
    found = double_booked([row("jan", JAN), row("piet", PIET, MONDAY + HOUR / 2)], [])
    assert found["jan"].severity == ERROR and found["jan"].details == {"other": "piet", "person": MANAGER}
    assert found["piet"].details["other"] == "jan"


def test_back_to_back_conversations_are_fine():
    assert double_booked([row("jan", JAN), row("piet", PIET, MONDAY + HOUR)], []) == {}


def test_two_managers_at_the_same_time_do_not_clash():
    assert double_booked([row("jan", JAN), row("piet", PIET, manager=9)], []) == {}


def test_the_same_employee_twice_in_one_submit():
    # Two rows for one employee with two managers (a tampered form, or HR): both need Jan.
    found = double_booked([row("a", JAN), row("b", JAN, manager=9)], [])
    assert found["a"].details["person"] == JAN


def test_the_same_key_twice_is_a_move_not_a_clash():
    assert double_booked([row("jan", JAN), row("jan", JAN, MONDAY + HOUR / 2)], []) == {}


def test_a_meeting_already_planned_of_the_manager_any_kind():
    review = Busy(7, frozenset({MANAGER, 99}), MONDAY - HOUR / 2, MONDAY + HOUR / 2)
    assert double_booked([row("jan", JAN)], [review])["jan"].details == {"meeting": 7, "person": MANAGER}


def test_a_meeting_already_planned_of_the_employee():
    other = Busy(8, frozenset({JAN, 42}), MONDAY + HOUR / 4, MONDAY + HOUR / 2)
    assert double_booked([row("jan", JAN)], [other])["jan"].details["person"] == JAN


def test_the_meeting_a_row_moves_is_no_longer_in_the_way():
    own = Busy(5, frozenset({MANAGER, JAN}), MONDAY, MONDAY + HOUR)
    assert double_booked([row("jan", JAN, moving=5)], [own]) == {}
    # ... for the other rows either: it moves away from that time.
    assert double_booked([row("jan", JAN, MONDAY + 2 * HOUR, moving=5), row("piet", PIET)], [own]) == {}


def test_a_moment_in_the_past():
    assert in_the_past(NOW, NOW).severity == ERROR
    assert in_the_past(NOW + timedelta(minutes=1), NOW) is None


def test_outside_the_round_period_both_ends_included():
    period = (date(2027, 3, 1), date(2027, 6, 30))
    assert outside_period(date(2027, 3, 1), period) is None and outside_period(date(2027, 6, 30), period) is None
    problem = outside_period(date(2027, 7, 1), period)
    assert problem.severity == ERROR and problem.details == {"start": period[0], "end": period[1]}
    assert outside_period(date(2027, 2, 28), period) is not None
    assert outside_period(date(2040, 1, 1), None) is None  # the loose round has no period


def test_a_weekend_day_is_a_warning():
    assert on_weekend(date(2027, 4, 3)).severity == WARNING  # Saturday
    assert on_weekend(date(2027, 4, 4)) is not None  # Sunday
    assert on_weekend(date(2027, 4, 5)) is None


def test_under_fourteen_days_ahead_is_a_warning_with_the_exchange_moment():
    start = NOW + timedelta(days=10)
    problem = short_notice(start, NOW, 7)
    assert problem.severity == WARNING and problem.details["exchange"] == NOW + timedelta(days=5)
    assert short_notice(NOW + timedelta(days=14), NOW, 7) is None
    assert short_notice(NOW - HOUR, NOW, 7) is None  # that is the past's error, not a warning


@given(lead=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)), days=st.integers(1, 30))
def test_the_exchange_moment_is_the_machines(lead, days):
    start = MONDAY
    facts = Facts(state=State.ANNOUNCEMENT, meeting_start=start, scheduled_at=start - lead)
    assert exchange_moment(start, start - lead, days) == exchange_at(facts, Settings(exchange_days=days))


def test_problems_lists_errors_before_warnings_and_leaves_good_rows_out():
    saturday = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
    found = problems(
        [
            row("jan", JAN, saturday, period=(date(2027, 4, 1), date(2027, 6, 30))),
            row("piet", PIET, MONDAY + 2 * HOUR),
        ],
        [],
        NOW,
    )
    assert [p.code for p in found["jan"]] == ["outside_round", "weekend", "short_notice"]
    assert "piet" not in found
