"""The time rules at their boundaries: exactly at each moment, one minute before and one after.

Reminders, the exchange, the agreements, overdue marks, the action phase's reminders,
the moment the tick looks again, and dedupe keys across a reschedule. Pure Python.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workflow.machine import FINAL, Facts, Settings, State, check, exchange_at, next_transition
from workflow.rules import (
    REVIEW_OVERDUE,
    SIGN_OVERDUE,
    Reminder,
    due_reminders,
    next_moment,
    overdue,
    planned_reminders,
    review_invite_at,
)

UTC = UTC
AMS = ZoneInfo("Europe/Amsterdam")
T = datetime(2027, 4, 5, 8, 0, tzinfo=UTC)  # the meeting (10:00 CEST)
END = T + timedelta(hours=1)
SCHEDULED = T - timedelta(days=21)
DAY = timedelta(days=1)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
BOTH = frozenset({"employee", "manager"})
ROLES = ("employee", "manager")


def facts(state: State, **kw) -> Facts:
    base = dict(state=state, meeting_start=T, meeting_end=END, scheduled_at=SCHEDULED)
    base.update(kw)
    return Facts(**base)


def due(f: Facts, now: datetime, settings: Settings = Settings()) -> set[tuple[str, str, str]]:
    return {(r.kind, r.role, r.key) for r in due_reminders(f, now, settings)}


def windows(f: Facts, settings: Settings = Settings()) -> dict[tuple[str, str, str], tuple[datetime, datetime]]:
    return {(r.kind, r.role, r.key): (r.at, r.until) for r in planned_reminders(f, settings)}


def to_both(kind: str, key: str) -> set[tuple[str, str, str]]:
    return {(kind, role, key) for role in ROLES}


# --- preparation reminders -------------------------------------------------------------

PREPARE_BOUNDARIES = [
    (-10 * DAY - MIN, set()),
    (-10 * DAY, to_both("prepare_reminder", "t-10")),
    (-10 * DAY + MIN, to_both("prepare_reminder", "t-10")),
    (-8 * DAY - MIN, to_both("prepare_reminder", "t-10")),
    (-8 * DAY, to_both("prepare_reminder", "t-8")),
    (-8 * DAY + MIN, to_both("prepare_reminder", "t-8")),
    (-7 * DAY - MIN, to_both("prepare_reminder", "t-8")),
    (-7 * DAY, set()),  # the exchange: a "prepare now" mail is stale from here on
    (-7 * DAY + MIN, set()),
]


@pytest.mark.parametrize("offset,expected", PREPARE_BOUNDARIES, ids=[str(o) for o, _ in PREPARE_BOUNDARIES])
def test_preparation_reminders_at_t_minus_10_and_t_minus_8(offset, expected):
    assert due(facts(State.ANNOUNCEMENT), T + offset) == expected


def test_preparation_reminder_windows_end_at_t_minus_8_and_at_the_exchange():
    assert windows(facts(State.ANNOUNCEMENT)) == {
        **{("prepare_reminder", r, "t-10"): (T - 10 * DAY, T - 8 * DAY) for r in ROLES},
        **{("prepare_reminder", r, "t-8"): (T - 8 * DAY, T - 7 * DAY) for r in ROLES},
    }


@pytest.mark.parametrize(
    "prepared,expected_roles",
    [
        (frozenset(), {"employee", "manager"}),
        (frozenset({"employee"}), {"manager"}),
        (frozenset({"manager"}), {"employee"}),
        (BOTH, set()),
    ],
)
def test_preparation_reminders_only_to_who_has_not_prepared(prepared, expected_roles):
    f = facts(State.ANNOUNCEMENT, prepared=prepared)
    for moment in (T - 10 * DAY, T - 8 * DAY):
        assert {r.role for r in due_reminders(f, moment)} == expected_roles
    assert {r.role for r in planned_reminders(f)} == expected_roles


def test_no_preparation_reminders_outside_the_announcement():
    for state in State:
        if state != State.ANNOUNCEMENT:
            f = facts(state)
            assert not [r for r in planned_reminders(f) if r.kind == "prepare_reminder"]


@pytest.mark.parametrize(
    "scheduled,keys",
    [
        (T - 10 * DAY - MIN, {"t-10", "t-8"}),
        (T - 10 * DAY, {"t-8"}),  # the T-10 reminder would coincide with the invitation
        (T - 10 * DAY + MIN, {"t-8"}),
        (T - 8 * DAY - MIN, {"t-8"}),
        (T - 8 * DAY, set()),
        (T - 8 * DAY + MIN, set()),
    ],
)
def test_a_meeting_scheduled_late_skips_reminders_at_or_before_the_invitation(scheduled, keys):
    f = facts(State.ANNOUNCEMENT, scheduled_at=scheduled)
    planned = planned_reminders(f)
    assert {r.key for r in planned} == keys
    assert all(r.at > scheduled for r in planned)


def test_a_late_scheduled_t_minus_8_reminder_ends_at_the_compressed_exchange():
    scheduled = T - 9 * DAY
    f = facts(State.ANNOUNCEMENT, scheduled_at=scheduled)
    exchange = T - timedelta(days=4, hours=12)  # halfway through a nine-day lead
    assert exchange_at(f, Settings()) == exchange
    assert windows(f) == {("prepare_reminder", r, "t-8"): (T - 8 * DAY, exchange) for r in ROLES}
    assert due(f, scheduled) == set()
    assert due(f, T - 8 * DAY - MIN) == set()
    assert due(f, exchange - MIN) == to_both("prepare_reminder", "t-8")
    assert due(f, exchange) == set()


def test_a_compressed_timeline_has_no_reminder_at_the_invitation():
    f = facts(State.ANNOUNCEMENT, scheduled_at=T - 4 * DAY)
    assert planned_reminders(f) == []
    assert due(f, T - 4 * DAY) == set()


@pytest.mark.parametrize(
    "lead_minutes",
    [
        1,
        60,
        24 * 60,
        4 * 24 * 60,
        8 * 24 * 60,
        8 * 24 * 60 + 1,
        10 * 24 * 60,
        10 * 24 * 60 + 1,
        14 * 24 * 60,
        30 * 24 * 60,
    ],
)
def test_no_reminder_coincides_with_or_precedes_the_invitation(lead_minutes):
    scheduled = T - timedelta(minutes=lead_minutes)
    f = facts(State.ANNOUNCEMENT, scheduled_at=scheduled)
    exchange = exchange_at(f, Settings())
    for r in planned_reminders(f):
        assert scheduled < r.at < r.until <= exchange
    assert due(f, scheduled) == set()


def test_a_tick_that_was_down_past_a_window_sends_nothing_stale():
    f = facts(State.ANNOUNCEMENT)
    # The tick was down from before T-10d until after T-8d: only the T-8 reminder remains.
    assert due(f, T - 8 * DAY + timedelta(hours=5)) == to_both("prepare_reminder", "t-8")
    # ...and until after the exchange: nothing at all (the state would have moved on too).
    assert due(f, T - 7 * DAY + timedelta(hours=5)) == set()
    for r in planned_reminders(f):
        assert r not in due_reminders(f, r.at - MIN)
        assert r in due_reminders(f, r.at)
        assert r in due_reminders(f, r.until - MIN)
        assert r not in due_reminders(f, r.until)


# --- the exchange ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "offset,expected", [(-7 * DAY - MIN, None), (-7 * DAY, State.ALIGNMENT), (-7 * DAY + MIN, State.ALIGNMENT)]
)
def test_the_exchange_at_t_minus_7_days(offset, expected):
    t = next_transition(facts(State.ANNOUNCEMENT, prepared=frozenset({"employee"})), T + offset)
    assert (t.target if t else None) == expected


def test_the_exchange_as_soon_as_both_prepared():
    early = SCHEDULED + MIN
    assert next_transition(facts(State.ANNOUNCEMENT, prepared=frozenset({"manager"})), early) is None
    t = next_transition(facts(State.ANNOUNCEMENT, prepared=BOTH), early)
    assert t is not None and t.target == State.ALIGNMENT and t.reason == "both preparations submitted"


@pytest.mark.parametrize(
    "lead,exchange",
    [
        (30 * DAY, T - 7 * DAY),
        (14 * DAY, T - 7 * DAY),
        (14 * DAY - 2 * MIN, T - 7 * DAY + MIN),
        (13 * DAY, T - timedelta(days=6, hours=12)),
        (4 * DAY, T - 2 * DAY),
        (DAY, T - timedelta(hours=12)),
        (timedelta(0), T),
        (-DAY, T),  # scheduled after the start (data glitch): the exchange is at the meeting
    ],
)
def test_a_compressed_lead_exchanges_halfway(lead, exchange):
    f = facts(State.ANNOUNCEMENT, scheduled_at=T - lead)
    assert exchange_at(f, Settings()) == exchange
    assert check(f, exchange - MIN, State.ALIGNMENT) is None
    assert check(f, exchange, State.ALIGNMENT) is not None
    assert check(f, exchange + MIN, State.ALIGNMENT) is not None


def test_without_a_meeting_there_is_no_exchange():
    f = Facts(State.ANNOUNCEMENT)
    assert exchange_at(f, Settings()) is None
    assert next_transition(f, T + 365 * DAY) is None
    assert planned_reminders(f) == []


# --- agreements and signatures ---------------------------------------------------------


@pytest.mark.parametrize("offset,expected", [(-MIN, None), (timedelta(0), State.AGREEMENTS), (MIN, State.AGREEMENTS)])
def test_agreements_at_the_meetings_end(offset, expected):
    t = next_transition(facts(State.ALIGNMENT), END + offset)
    assert (t.target if t else None) == expected


SIGN_BOUNDARIES = [
    (3 * DAY - MIN, set()),
    (3 * DAY, to_both("sign_reminder", "m+3")),
    (3 * DAY + MIN, to_both("sign_reminder", "m+3")),
    (7 * DAY - MIN, to_both("sign_reminder", "m+3")),
    (7 * DAY, to_both("sign_reminder", "m+7")),
    (7 * DAY + MIN, to_both("sign_reminder", "m+7")),
    (14 * DAY - MIN, to_both("sign_reminder", "m+7")),
    (14 * DAY, set()),
    (14 * DAY + MIN, set()),
]


@pytest.mark.parametrize("offset,expected", SIGN_BOUNDARIES, ids=[str(o) for o, _ in SIGN_BOUNDARIES])
def test_sign_reminders_at_end_plus_3_and_plus_7_days(offset, expected):
    f = facts(State.AGREEMENTS, plan_hash="h1")
    assert due(f, END + offset) == expected


def test_sign_reminder_windows():
    assert windows(facts(State.AGREEMENTS, plan_hash="h1")) == {
        **{("sign_reminder", r, "m+3"): (END + 3 * DAY, END + 7 * DAY) for r in ROLES},
        **{("sign_reminder", r, "m+7"): (END + 7 * DAY, END + 14 * DAY) for r in ROLES},
    }


@pytest.mark.parametrize(
    "signed,expected_roles",
    [
        ({}, {"employee", "manager"}),
        ({"employee": "h2"}, {"manager"}),
        ({"manager": "h2"}, {"employee"}),
        ({"employee": "h1"}, {"employee", "manager"}),  # signed an older version
        ({"employee": "h1", "manager": "h2"}, {"employee"}),
        ({"employee": "h2", "manager": "h2"}, set()),
    ],
)
def test_sign_reminders_only_to_who_has_not_signed_the_current_plan(signed, expected_roles):
    f = facts(State.AGREEMENTS, plan_hash="h2", signed=signed)
    for moment in (END + 3 * DAY, END + 7 * DAY):
        assert {r.role for r in due_reminders(f, moment)} == expected_roles


def test_a_follow_up_meeting_restarts_the_signing_clock_from_its_end():
    """No agreement yet: they meet again in three weeks (000's "vervolgspraak"). Until then
    nobody is reminded to sign or marked overdue; after it, the reminders start anew."""
    follow_end = END + 21 * DAY
    f = facts(State.AGREEMENTS, prepared=BOTH, followup=(7, follow_end))
    assert due(f, END + 3 * DAY) == set() and due(f, END + 7 * DAY) == set()
    assert overdue(f, END + 8 * DAY) == []
    assert due(f, follow_end + 3 * DAY) == to_both("sign_reminder", "followup-7+3")
    assert overdue(f, follow_end + 7 * DAY - MIN) == []
    assert overdue(f, follow_end + 7 * DAY) == ["signature:employee", "signature:manager"]
    assert next_moment(f, END + 2 * DAY) == follow_end + 3 * DAY
    # A follow-up that ended before the conversation did (it cannot, but data can) changes nothing.
    early = facts(State.AGREEMENTS, prepared=BOTH, followup=(7, END - DAY))
    assert due(early, END + 3 * DAY) == to_both("sign_reminder", "m+3")


def test_no_sign_reminders_outside_the_agreements_phase():
    for state in State:
        if state != State.AGREEMENTS:
            f = facts(state, plan_hash="h1")
            assert not [r for r in planned_reminders(f) if r.kind == "sign_reminder"]


# --- overdue ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.ALIGNMENT, State.AGREEMENTS])
def test_a_missing_preparation_is_overdue_from_the_exchange(state):
    assert overdue(facts(state, plan_hash="h", signed={"employee": "h", "manager": "h"}), END) == [
        "preparation:employee",
        "preparation:manager",
    ]
    assert overdue(
        facts(state, prepared=frozenset({"manager"}), plan_hash="h", signed={"employee": "h", "manager": "h"}), END
    ) == ["preparation:employee"]
    assert (
        overdue(facts(state, prepared=BOTH, plan_hash="h", signed={"employee": "h", "manager": "h"}), END + 30 * DAY)
        == []
    )


@pytest.mark.parametrize("state", [State.PLANNING, State.ANNOUNCEMENT, State.ACTION, *sorted(FINAL)])
def test_no_preparation_overdue_outside_alignment_and_agreements(state):
    assert overdue(facts(state), END + 30 * DAY) == []


def test_signatures_overdue_from_a_week_after_the_meeting_not_a_minute_before():
    f = facts(State.AGREEMENTS, prepared=BOTH, plan_hash="h2", signed={"employee": "h1", "manager": "h2"})
    assert SIGN_OVERDUE == 7 * DAY
    assert overdue(f, END + 7 * DAY - MIN) == []
    assert overdue(f, END + 7 * DAY) == ["signature:employee"]  # the older hash does not count
    assert overdue(f, END + 7 * DAY + MIN) == ["signature:employee"]
    unsigned = facts(State.AGREEMENTS, prepared=BOTH)
    assert overdue(unsigned, END + 7 * DAY) == ["signature:employee", "signature:manager"]
    # Only in the agreements phase: in action (signed) and alignment there is no such mark.
    assert overdue(facts(State.ALIGNMENT, prepared=BOTH), END + 30 * DAY) == []
    assert overdue(facts(State.ACTION, prepared=BOTH), END + 30 * DAY) == []


def test_a_review_without_progress_recorded_is_overdue_a_week_later():
    review = END + 90 * DAY
    f = facts(State.ACTION, prepared=BOTH, reviews=((7, review),))
    assert REVIEW_OVERDUE == 7 * DAY
    assert overdue(f, review + 7 * DAY - MIN) == []
    assert overdue(f, review + 7 * DAY) == ["review"]
    assert next_moment(f, review + DAY) <= review + 7 * DAY  # the tick comes back to mark it
    # Progress recorded after the review (at it, or later) clears the mark; from before it does not.
    assert overdue(replace(f, progress_at=review + HOUR), review + 30 * DAY) == []
    assert overdue(replace(f, progress_at=review - DAY), review + 30 * DAY) == ["review"]


def test_an_agreement_still_open_after_its_due_date_is_overdue_from_the_next_local_day():
    f = facts(State.ACTION, prepared=BOTH, open_agreements=1, due_dates=((17, date(2027, 7, 15)),))
    local_midnight = datetime(2027, 7, 15, 22, 0, tzinfo=UTC)  # 16 July 00:00 CEST
    assert overdue(f, local_midnight - MIN) == []  # its own day still counts
    assert overdue(f, local_midnight) == ["due_date"]
    assert next_moment(f, local_midnight - HOUR) == local_midnight  # the tick comes back to mark it
    # Done or dropped agreements are not in due_dates: nothing is late.
    assert overdue(replace(f, due_dates=()), local_midnight + 30 * DAY) == []


# --- action: due dates, reviews, completion --------------------------------------------


@pytest.mark.parametrize(
    "due_date,at_utc,until_utc",
    [
        # summer (CEST, UTC+2): 09:00 local is 07:00Z, midnight is 22:00Z the day before
        (date(2027, 7, 15), datetime(2027, 7, 8, 7, 0, tzinfo=UTC), datetime(2027, 7, 14, 22, 0, tzinfo=UTC)),
        # winter (CET, UTC+1): 09:00 local is 08:00Z, midnight is 23:00Z the day before
        (date(2027, 12, 15), datetime(2027, 12, 8, 8, 0, tzinfo=UTC), datetime(2027, 12, 14, 23, 0, tzinfo=UTC)),
        # across the spring change (28 March 2027): reminder in winter time, due date in summer time
        (date(2027, 4, 1), datetime(2027, 3, 25, 8, 0, tzinfo=UTC), datetime(2027, 3, 31, 22, 0, tzinfo=UTC)),
        # across the autumn change (31 October 2027)
        (date(2027, 11, 3), datetime(2027, 10, 27, 7, 0, tzinfo=UTC), datetime(2027, 11, 2, 23, 0, tzinfo=UTC)),
    ],
    ids=["summer", "winter", "spring-change", "autumn-change"],
)
def test_due_date_reminders_a_week_before_at_nine_local_until_local_midnight(due_date, at_utc, until_utc):
    f = facts(State.ACTION, open_agreements=1, due_dates=((17, due_date),))
    key = f"agreement-17-{due_date.isoformat()}"
    assert windows(f) == {("due_reminder", r, key): (at_utc, until_utc) for r in ROLES}
    assert due(f, at_utc - MIN) == set()
    assert due(f, at_utc) == to_both("due_reminder", key)
    assert due(f, at_utc + MIN) == to_both("due_reminder", key)
    assert due(f, until_utc - MIN) == to_both("due_reminder", key)
    assert due(f, until_utc) == set()
    assert due(f, until_utc + MIN) == set()
    assert all(r.data == {"agreement_id": 17} for r in due_reminders(f, at_utc))
    # the local wall-clock reading really is 09:00 and midnight
    assert at_utc.astimezone(AMS).hour == 9 and until_utc.astimezone(AMS).hour == 0


def test_due_reminders_follow_the_settings_timezone():
    f = facts(State.ACTION, open_agreements=1, due_dates=((1, date(2027, 7, 15)),))
    london = Settings(timezone="Europe/London")  # BST, UTC+1 in July
    assert windows(f, london)[("due_reminder", "employee", "agreement-1-2027-07-15")] == (
        datetime(2027, 7, 8, 8, 0, tzinfo=UTC),
        datetime(2027, 7, 14, 23, 0, tzinfo=UTC),
    )


def test_one_due_reminder_per_open_agreement_with_a_due_date():
    f = facts(State.ACTION, open_agreements=2, due_dates=((1, date(2027, 7, 15)), (2, date(2027, 7, 16))))
    now = datetime(2027, 7, 9, 12, 0, tzinfo=UTC)
    assert due(f, now) == to_both("due_reminder", "agreement-1-2027-07-15") | to_both(
        "due_reminder", "agreement-2-2027-07-16"
    )


def test_review_reminders_two_days_before_each_review_until_its_start():
    r1, r2 = T + 91 * DAY, T + 182 * DAY
    f = facts(State.ACTION, reviews=((5, r1), (6, r2)), last_review_end=r2 + timedelta(minutes=30))
    k1, k2 = f"review-5-{r1.isoformat()}", f"review-6-{r2.isoformat()}"
    assert windows(f) == {
        **{("review_reminder", r, k1): (r1 - 2 * DAY, r1) for r in ROLES},
        **{("review_reminder", r, k2): (r2 - 2 * DAY, r2) for r in ROLES},
    }
    assert due(f, r1 - 2 * DAY - MIN) == set()
    assert due(f, r1 - 2 * DAY) == to_both("review_reminder", k1)
    assert due(f, r1 - MIN) == to_both("review_reminder", k1)
    assert due(f, r1) == set()
    assert due(f, r2 - 2 * DAY + MIN) == to_both("review_reminder", k2)
    assert all(r.data == {"meeting_id": 5} for r in due_reminders(f, r1 - DAY))


def test_no_action_reminders_outside_the_action_phase():
    for state in State:
        if state != State.ACTION:
            f = facts(state, due_dates=((1, date(2027, 7, 15)),), reviews=((5, T + 91 * DAY),))
            assert not [r for r in planned_reminders(f) if r.kind in ("due_reminder", "review_reminder")]


def test_completed_only_when_every_agreement_is_closed_and_the_last_review_passed():
    last = T + 365 * DAY
    closed = facts(State.ACTION, open_agreements=0, last_review_end=last)
    assert next_transition(closed, last - MIN) is None
    assert next_transition(closed, last).target == State.COMPLETED
    assert next_transition(closed, last + MIN).target == State.COMPLETED
    assert next_transition(facts(State.ACTION, open_agreements=1, last_review_end=last), last + 30 * DAY) is None
    assert next_transition(facts(State.ACTION, open_agreements=0), last + 30 * DAY) is None  # no reviews yet


def test_completed_at_once_when_a_new_pop_took_over_the_open_agreements():
    last = T + 365 * DAY
    carried = facts(State.ACTION, open_agreements=0, last_review_end=last, superseded=True)
    t = next_transition(carried, END + 30 * DAY)
    assert t is not None and t.target == State.COMPLETED and "new POP" in t.reason
    # Still open agreements (not carried over): a successor alone does not end the plan.
    assert (
        next_transition(facts(State.ACTION, open_agreements=1, last_review_end=last, superseded=True), last + DAY)
        is None
    )
    # Superseded only ends the action phase: before it the machine goes its usual way.
    assert next_transition(facts(State.AGREEMENTS, superseded=True), END + DAY) is None


# --- next_moment -----------------------------------------------------------------------


def test_next_moment_walks_the_announcement():
    f = facts(State.ANNOUNCEMENT)
    assert next_moment(f, SCHEDULED) == T - 10 * DAY
    assert next_moment(f, T - 10 * DAY - MIN) == T - 10 * DAY
    assert next_moment(f, T - 10 * DAY) == T - 8 * DAY
    assert next_moment(f, T - 8 * DAY) == T - 7 * DAY  # the exchange
    assert next_moment(f, T - 7 * DAY) is None  # the exchange is due now, nothing later


def test_next_moment_skips_reminders_of_a_late_schedule_and_of_who_prepared():
    assert next_moment(facts(State.ANNOUNCEMENT, scheduled_at=T - 9 * DAY), T - 9 * DAY) == T - 8 * DAY
    assert next_moment(facts(State.ANNOUNCEMENT, scheduled_at=T - 4 * DAY), T - 4 * DAY) == T - 2 * DAY
    one = facts(State.ANNOUNCEMENT, prepared=frozenset({"employee"}))
    assert next_moment(one, SCHEDULED) == T - 10 * DAY  # the manager still gets reminded


def test_next_moment_in_alignment_is_the_meetings_end():
    assert next_moment(facts(State.ALIGNMENT), T - 7 * DAY) == END
    assert next_moment(facts(State.ALIGNMENT), END) is None


def test_next_moment_in_agreements_covers_sign_reminders_and_the_overdue_mark():
    f = facts(State.AGREEMENTS, plan_hash="h")
    assert next_moment(f, END) == END + 3 * DAY
    assert next_moment(f, END + 3 * DAY) == END + 7 * DAY
    assert next_moment(f, END + 7 * DAY) is None
    # Both signed the current plan: no reminders, but the overdue mark moment stays (harmless).
    signed = facts(State.AGREEMENTS, plan_hash="h", signed={"employee": "h", "manager": "h"})
    assert next_moment(signed, END) == END + SIGN_OVERDUE
    # Only the overdue mark is left between the two reminders.
    assert next_moment(f, END + 3 * DAY + MIN) == END + 7 * DAY


def test_next_moment_in_action_is_the_earliest_of_due_review_and_completion():
    review = T + 91 * DAY
    last_end = T + 365 * DAY + timedelta(minutes=30)
    due_date = date(2027, 5, 20)
    due_at = datetime(2027, 5, 13, 7, 0, tzinfo=UTC)  # 09:00 CEST
    f = facts(
        State.ACTION,
        open_agreements=1,
        due_dates=((1, due_date),),
        reviews=((5, review), (6, T + 365 * DAY)),
        last_review_end=last_end,
    )
    assert next_moment(f, END) == due_at
    past_due = datetime(2027, 5, 20, 22, 0, tzinfo=UTC)  # 21 May 00:00 CEST: to mark it late if still open
    assert next_moment(f, due_at) == past_due
    assert next_moment(f, past_due) == review - 28 * DAY  # the review's invitation goes out
    assert next_moment(f, review - 28 * DAY) == review - 2 * DAY
    assert next_moment(f, review - 2 * DAY) == review + REVIEW_OVERDUE  # to mark a review without progress
    assert next_moment(f, review + REVIEW_OVERDUE) == T + 337 * DAY  # the last review's invitation
    assert next_moment(f, T + 337 * DAY) == T + 363 * DAY
    assert next_moment(f, T + 363 * DAY) == last_end
    # Completion comes first; were the POP still in action, the last review's overdue moment is next.
    assert next_moment(f, last_end) == T + 365 * DAY + REVIEW_OVERDUE


@pytest.mark.parametrize("state", sorted(FINAL))
def test_next_moment_is_none_in_final_states(state):
    f = facts(
        state,
        plan_hash="h",
        due_dates=((1, date(2027, 7, 15)),),
        reviews=((5, T + 91 * DAY),),
        last_review_end=T + 365 * DAY,
        open_agreements=1,
    )
    assert next_moment(f, SCHEDULED) is None
    assert next_moment(f, END) is None
    assert planned_reminders(f) == []


def test_next_moment_is_none_without_a_meeting():
    assert next_moment(Facts(State.PLANNING), SCHEDULED) is None


# --- reschedule: keys stay, windows move -----------------------------------------------


def test_a_reschedule_keeps_the_dedupe_keys_and_moves_the_windows():
    before = facts(State.ANNOUNCEMENT)
    moved_to = T + 3 * DAY
    # Rescheduling writes the same meeting with SEQUENCE + 1 and created_at = now.
    after = facts(
        State.ANNOUNCEMENT, meeting_start=moved_to, meeting_end=moved_to + timedelta(hours=1), scheduled_at=T - 12 * DAY
    )
    old, new = windows(before), windows(after)
    assert set(old) == set(new) == to_both("prepare_reminder", "t-10") | to_both("prepare_reminder", "t-8")
    for key, (at, until) in old.items():
        assert new[key] == (at + 3 * DAY, until + 3 * DAY)
    # The T-10 reminder sent for the old date (at T-10d) is not due again for the new date
    # under another key: same (kind, role, key), so the outbox dedupe key is the same.
    sent = due(before, T - 10 * DAY)
    assert sent == due(after, moved_to - 10 * DAY)
    # ...and at the old moment nothing is due any more for the moved meeting.
    assert due(after, T - 10 * DAY + MIN) == set()


def test_a_reschedule_to_within_ten_days_drops_the_t_minus_10_reminder():
    moved_to = T + 3 * DAY
    now = moved_to - 9 * DAY
    after = facts(
        State.ANNOUNCEMENT, meeting_start=moved_to, meeting_end=moved_to + timedelta(hours=1), scheduled_at=now
    )
    assert {r.key for r in planned_reminders(after)} == {"t-8"}
    assert due(after, now) == set()


def test_reminders_are_values_and_compare_without_their_data():
    a = Reminder("due_reminder", "employee", "k", T, END, {"agreement_id": 1})
    b = Reminder("due_reminder", "employee", "k", T, END, {"agreement_id": 2})
    assert a == b


def test_a_review_invitation_is_due_its_lead_before_the_review():
    """Issue 19: not every invitation at signing; each the round's lead (28 days) before its review."""
    review = T + 91 * DAY
    assert review_invite_at(review, Settings()) == review - 28 * DAY
    assert review_invite_at(review, Settings(review_invite_days_before=7)) == review - 7 * DAY
    # The tick looks again at that moment (a plan signed later sends it at signing: due already).
    f = facts(State.ACTION, open_agreements=1, reviews=((5, review),), last_review_end=review + DAY)
    assert next_moment(f, END) == review - 28 * DAY
    assert next_moment(f, review - 28 * DAY) == review - 2 * DAY
