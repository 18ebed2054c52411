"""A round's planning deadline, the moments of its planning reminders, and the overdue mark
of a POP still unplanned past it (issue 20). Pure: no database."""

from datetime import UTC, date, datetime

from shared.planning_deadline import due_moment, overdue_from, planning_deadline, reminder_moments
from workflow import rules
from workflow.machine import Facts, Settings, State

AMS = "Europe/Amsterdam"


def test_the_deadline_leaves_the_days_before_the_end():
    assert planning_deadline(date(2026, 1, 5), date(2026, 3, 31), 14) == date(2026, 3, 17)


def test_a_short_period_plans_by_its_first_day_never_before():
    assert planning_deadline(date(2026, 3, 25), date(2026, 3, 31), 14) == date(2026, 3, 25)
    assert planning_deadline(date(2026, 3, 25), date(2026, 3, 31), 0) == date(2026, 3, 31)


def test_a_round_without_a_period_has_no_deadline():
    assert planning_deadline(None, None, 14) is None


def test_overdue_starts_when_the_deadline_day_has_ended_in_the_organisations_time():
    assert overdue_from(date(2026, 3, 17), AMS) == datetime(2026, 3, 17, 23, 0, tzinfo=UTC)


def test_reminder_moments_each_last_until_the_next_the_last_a_week():
    moments = reminder_moments(date(2026, 3, 17), [7, -7, 0], AMS)
    assert [m.key for m in moments] == ["d-7", "d0", "d+7"]
    assert moments[0].at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 9:00 in Amsterdam (winter time)
    assert moments[0].until == moments[1].at
    assert moments[2].until == datetime(2026, 3, 31, 7, 0, tzinfo=UTC)  # a week later, in summer time


def test_the_due_moment_is_the_one_whose_window_holds_now():
    deadline = date(2026, 3, 17)
    assert due_moment(deadline, [-7, 0, 7], AMS, datetime(2026, 3, 9, 12, tzinfo=UTC)) is None
    assert due_moment(deadline, [-7, 0, 7], AMS, datetime(2026, 3, 12, tzinfo=UTC)).key == "d-7"
    assert due_moment(deadline, [-7, 0, 7], AMS, datetime(2026, 3, 17, 9, tzinfo=UTC)).key == "d0"
    assert due_moment(deadline, [-7, 0, 7], AMS, datetime(2026, 4, 1, tzinfo=UTC)) is None  # all closed


def test_an_unplanned_pop_is_overdue_from_the_day_after_the_deadline():
    facts = Facts(state=State.PLANNING, planning_deadline=date(2026, 3, 17))
    assert rules.overdue(facts, datetime(2026, 3, 17, 22, 59, tzinfo=UTC), Settings()) == []
    assert rules.overdue(facts, datetime(2026, 3, 17, 23, 0, tzinfo=UTC), Settings()) == ["planning"]


def test_the_tick_looks_again_at_the_deadline_and_not_without_one():
    facts = Facts(state=State.PLANNING, planning_deadline=date(2026, 3, 17))
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert rules.next_moment(facts, now, Settings()) == datetime(2026, 3, 17, 23, 0, tzinfo=UTC)
    assert rules.overdue(Facts(state=State.PLANNING), now, Settings()) == []
