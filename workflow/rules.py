"""Time rules: reminders and overdue marks. Pure Python, the clock passed in.

Every reminder has a window: it is due from `at` until `until`. A tick that was down
and comes back after the window has closed skips it: a stale reminder ("prepare,
the exchange is in two days" sent after the exchange) confuses more than it helps.
Within the window a late tick still sends it, once: its dedupe key names the
reminder, not the meeting's SEQUENCE, so a reschedule does not repeat reminders
already sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.planning_deadline import overdue_from
from workflow.machine import ROLES, Facts, Settings, State, exchange_at, transition_moments

DAY = timedelta(days=1)
SIGN_OVERDUE = 7 * DAY  # default: a plan unsigned a week after the meeting is overdue for HR
REVIEW_OVERDUE = 7 * DAY  # a review with no progress recorded a week after it is overdue for HR


def sign_overdue(settings: Settings) -> timedelta:
    """Overdue from the last signing reminder on (end + 7 d by default)."""
    return max(settings.sign_reminder_days, default=7) * DAY


@dataclass(frozen=True)
class Reminder:
    kind: str  # prepare_reminder, sign_reminder, due_reminder, review_reminder
    role: str
    key: str  # which reminder, for the outbox dedupe key
    at: datetime
    until: datetime
    data: dict = field(default_factory=dict, compare=False)


def planned_reminders(facts: Facts, settings: Settings = Settings()) -> list[Reminder]:
    """Every reminder the current state calls for, due or not."""
    plan: list[Reminder] = []
    if facts.state == State.ANNOUNCEMENT and facts.meeting_start is not None:
        t, exchange = facts.meeting_start, exchange_at(facts, settings)
        assert exchange is not None  # a meeting's start gives its exchange
        days = sorted(settings.prepare_reminder_days, reverse=True)
        for i, day in enumerate(days):
            # Each lasts until the next one, the last until the exchange.
            at = t - day * DAY
            until = min(t - days[i + 1] * DAY if i + 1 < len(days) else exchange, exchange)
            # A meeting scheduled late skips reminders that would coincide with the invitation.
            if facts.scheduled_at is not None and at <= facts.scheduled_at:
                continue
            plan += [
                Reminder("prepare_reminder", role, f"t-{day}", at, until)
                for role in ROLES
                if role not in facts.prepared
            ]
    elif facts.state == State.AGREEMENTS:
        end, clock = facts.agreed_since()  # after a follow-up, its reminders start anew
        if end is not None:
            plan += _sign_reminders(facts, settings, end, clock)
    elif facts.state == State.ACTION:
        tz = ZoneInfo(settings.timezone)
        for agreement_id, due in facts.due_dates:
            due_start = datetime.combine(due, time(0, 0), tz)
            plan += [
                Reminder(
                    "due_reminder",
                    role,
                    f"agreement-{agreement_id}-{due.isoformat()}",
                    datetime.combine(due - settings.due_reminder_days * DAY, time(9, 0), tz),
                    due_start,
                    {"agreement_id": agreement_id},
                )
                for role in ROLES
            ]
        for meeting_id, start in facts.reviews:
            plan += [
                Reminder(
                    "review_reminder",
                    role,
                    f"review-{meeting_id}-{start.isoformat()}",
                    start - settings.review_reminder_days * DAY,
                    start,
                    {"meeting_id": meeting_id},
                )
                for role in ROLES
            ]
    return [r for r in plan if r.until > r.at]


def _sign_reminders(facts: Facts, settings: Settings, end: datetime, clock: str) -> list[Reminder]:
    plan: list[Reminder] = []
    days = sorted(settings.sign_reminder_days)
    for i, day in enumerate(days):
        # Each lasts until the next one, the last for a week.
        until = days[i + 1] if i + 1 < len(days) else day + 7
        plan += [
            Reminder("sign_reminder", role, f"{clock}{day}", end + day * DAY, end + until * DAY)
            for role in ROLES
            if not facts.signed_current(role)
        ]
    return plan


def review_invite_at(start: datetime, settings: Settings) -> datetime:
    """When a progress review's invitation is due: a set lead before it, not all at signing
    (a plan signed later than that sends it at signing)."""
    return start - settings.review_invite_days_before * DAY


def due_reminders(facts: Facts, now: datetime, settings: Settings = Settings()) -> list[Reminder]:
    return [r for r in planned_reminders(facts, settings) if r.at <= now < r.until]


def next_moment(facts: Facts, now: datetime, settings: Settings = Settings()) -> datetime | None:
    """When the tick should look at this POP again: a transition, a reminder or an overdue mark."""
    moments = transition_moments(facts, settings)
    moments += [r.at for r in planned_reminders(facts, settings)]
    if facts.state == State.PLANNING and facts.planning_deadline is not None:
        moments.append(overdue_from(facts.planning_deadline, settings.timezone))
    agreed_since = facts.agreed_since()[0]
    if facts.state == State.AGREEMENTS and agreed_since is not None:
        moments.append(agreed_since + sign_overdue(settings))
    if facts.state == State.ACTION:
        moments += [start + REVIEW_OVERDUE for _meeting_id, start in facts.reviews]
        moments += [review_invite_at(start, settings) for _meeting_id, start in facts.reviews]
        moments += [past_due(due, settings) for _agreement_id, due in facts.due_dates]
    future = [m for m in moments if m > now]
    return min(future) if future else None


def overdue(facts: Facts, now: datetime, settings: Settings = Settings()) -> list[str]:
    """What HR sees as overdue: no meeting planned past the round's planning deadline, a
    preparation missing at the exchange, a plan unsigned a week
    after the conversation (or its follow-up), a progress review a week past without
    progress recorded since, and an agreement still open after its due date."""
    marks: list[str] = []
    deadline = facts.planning_deadline
    if facts.state == State.PLANNING and deadline is not None and now >= overdue_from(deadline, settings.timezone):
        marks.append("planning")
    if facts.state in (State.ALIGNMENT, State.AGREEMENTS):
        marks += [f"preparation:{role}" for role in ROLES if role not in facts.prepared]
    agreed_since = facts.agreed_since()[0]
    if facts.state == State.AGREEMENTS and agreed_since is not None and now >= agreed_since + sign_overdue(settings):
        marks += [f"signature:{role}" for role in ROLES if not facts.signed_current(role)]
    if facts.state == State.ACTION:
        held = [start for _meeting_id, start in facts.reviews if now >= start + REVIEW_OVERDUE]
        if held and (facts.progress_at is None or facts.progress_at < max(held)):
            marks.append("review")
        if any(now >= past_due(due, settings) for _agreement_id, due in facts.due_dates):
            marks.append("due_date")  # an agreement still open after its day (due_dates holds open ones)
    return marks


def past_due(due: date, settings: Settings) -> datetime:
    """The end of an agreement's due date, in the organisation's time."""
    return datetime.combine(due + DAY, time(0, 0), ZoneInfo(settings.timezone))
