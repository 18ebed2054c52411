"""The state machine alone: every allowed and every refused transition, and its deadlines."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workflow.machine import (
    FINAL,
    FORWARD,
    TRANSITIONS,
    Facts,
    Settings,
    State,
    check,
    exchange_at,
    next_check,
    next_transition,
    review_starts,
)

T = datetime(2027, 4, 5, 8, 0, tzinfo=UTC)  # the meeting
END = T + timedelta(hours=1)
SCHEDULED = T - timedelta(days=21)
BOTH = frozenset({"employee", "manager"})


def facts(state: State, **kw) -> Facts:
    base = dict(state=state, meeting_start=T, meeting_end=END, scheduled_at=SCHEDULED)
    base.update(kw)
    return Facts(**base)


def test_planning_to_announcement_needs_a_meeting():
    assert check(Facts(State.PLANNING), T, State.ANNOUNCEMENT) is None
    assert check(facts(State.PLANNING), SCHEDULED, State.ANNOUNCEMENT) == "meeting scheduled"


def test_alignment_as_soon_as_both_prepared():
    early = T - timedelta(days=20)
    assert check(facts(State.ANNOUNCEMENT, prepared=frozenset({"employee"})), early, State.ALIGNMENT) is None
    assert check(facts(State.ANNOUNCEMENT, prepared=BOTH), early, State.ALIGNMENT) == "both preparations submitted"


def test_alignment_at_t_minus_7_days_at_the_latest_and_names_who_did_not_prepare():
    f = facts(State.ANNOUNCEMENT, prepared=frozenset({"manager"}))
    deadline = T - timedelta(days=7)
    assert check(f, deadline - timedelta(minutes=1), State.ALIGNMENT) is None
    reason = check(f, deadline, State.ALIGNMENT)
    assert reason is not None and "employee" in reason and "manager" not in reason.split(":")[1]


def test_a_short_lead_time_compresses_the_exchange_to_halfway():
    f = facts(State.ANNOUNCEMENT, scheduled_at=T - timedelta(days=4))
    assert exchange_at(f, Settings()) == T - timedelta(days=2)
    assert exchange_at(facts(State.ANNOUNCEMENT), Settings()) == T - timedelta(days=7)


def test_agreements_once_the_meeting_has_ended():
    f = facts(State.ALIGNMENT)
    assert check(f, END - timedelta(minutes=1), State.AGREEMENTS) is None
    assert check(f, END, State.AGREEMENTS) == "meeting ended"


def test_action_only_when_both_signed_the_same_current_plan():
    now = END + timedelta(days=1)
    assert check(facts(State.AGREEMENTS), now, State.ACTION) is None  # empty plan
    one = facts(State.AGREEMENTS, plan_hash="h1", signed={"employee": "h1"})
    assert check(one, now, State.ACTION) is None
    stale = facts(State.AGREEMENTS, plan_hash="h2", signed={"employee": "h1", "manager": "h2"})
    assert check(stale, now, State.ACTION) is None  # an edit voided the employee's signature
    both = facts(State.AGREEMENTS, plan_hash="h2", signed={"employee": "h2", "manager": "h2"})
    assert check(both, now, State.ACTION) == "both signed the same plan"


def test_completed_when_all_closed_and_last_review_passed():
    last = T + timedelta(days=365)
    open_one = facts(State.ACTION, open_agreements=1, last_review_end=last)
    assert check(open_one, last + timedelta(days=1), State.COMPLETED) is None
    closed = facts(State.ACTION, open_agreements=0, last_review_end=last)
    assert check(closed, last - timedelta(minutes=1), State.COMPLETED) is None
    assert check(closed, last, State.COMPLETED) is not None


@pytest.mark.parametrize("state", [s for s in State if s not in FINAL])
def test_cancel_from_every_open_state(state):
    assert check(facts(state, cancel_requested=True), T, State.CANCELLED) == "cancelled"
    assert check(facts(state), T, State.CANCELLED) is None


@pytest.mark.parametrize("source", list(State))
@pytest.mark.parametrize("target", list(State))
def test_every_transition_outside_the_table_is_refused(source, target):
    """Even with every fact in favour, only the transitions of the table can happen."""
    everything = facts(
        source,
        prepared=BOTH,
        plan_hash="h",
        signed={"employee": "h", "manager": "h"},
        open_agreements=0,
        last_review_end=T,
        cancel_requested=True,
    )
    far_future = T + timedelta(days=3650)
    verdict = check(everything, far_future, target)
    if (source, target) in TRANSITIONS:
        assert verdict is not None
    else:
        assert verdict is None


def test_final_states_never_move():
    for state in FINAL:
        assert next_transition(facts(state, cancel_requested=True), T + timedelta(days=999)) is None


def test_next_transition_prefers_cancel_and_follows_the_forward_table():
    assert next_transition(facts(State.ALIGNMENT, cancel_requested=True), END).target == State.CANCELLED
    assert next_transition(facts(State.ALIGNMENT), END).target == State.AGREEMENTS
    assert {s for (s, _t) in FORWARD} == {
        State.PLANNING,
        State.ANNOUNCEMENT,
        State.ALIGNMENT,
        State.AGREEMENTS,
        State.ACTION,
    }


def test_next_check_is_the_next_deadline():
    assert next_check(facts(State.ANNOUNCEMENT), SCHEDULED) == T - timedelta(days=7)
    assert next_check(facts(State.ALIGNMENT), T) == END
    assert next_check(facts(State.AGREEMENTS), T) is None
    assert next_check(facts(State.ALIGNMENT), END) is None  # already due: no future check


def test_reviews_keep_local_wall_time_across_daylight_saving():
    # 10:00 in Amsterdam in winter (09:00Z); the review in summer is 10:00 local too (08:00Z).
    winter = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
    reviews = review_starts(winter, Settings(review_every_months=3, plan_months=12), "Europe/Amsterdam")
    assert [r.month for r in reviews] == [4, 7, 10, 1]
    assert reviews[0] == datetime(2027, 4, 15, 8, 0, tzinfo=UTC)
    assert reviews[-1] == datetime(2028, 1, 17, 9, 0, tzinfo=UTC)  # 15 January 2028 is a Saturday


def test_a_review_that_falls_in_a_weekend_moves_to_the_monday_after():
    # Monday 18 January 2027, 10:00 in Amsterdam: three months on is Sunday 18 April.
    start = datetime(2027, 1, 18, 9, 0, tzinfo=UTC)
    reviews = review_starts(start, Settings(review_every_months=3, plan_months=12), "Europe/Amsterdam")
    local = [r.astimezone(ZoneInfo("Europe/Amsterdam")) for r in reviews]
    assert [(r.date().isoformat(), r.strftime("%H:%M")) for r in local] == [
        ("2027-04-19", "10:00"),
        ("2027-07-19", "10:00"),
        ("2027-10-18", "10:00"),
        ("2028-01-18", "10:00"),
    ]
    assert all(r.weekday() < 5 for r in local)


def test_reviews_clamp_to_the_end_of_a_short_month():
    start = datetime(2027, 11, 30, 9, 0, tzinfo=UTC)
    reviews = review_starts(start, Settings(review_every_months=3, plan_months=3), "Europe/Amsterdam")
    assert reviews == [datetime(2028, 2, 29, 9, 0, tzinfo=UTC)]
