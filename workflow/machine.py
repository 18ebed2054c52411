"""The POP state machine: states, guards, deadlines. Pure Python, time passed in.

The four middle states are the "4 A's" of seed 002: Aankondiging (announcement),
Afstemming (alignment), Afspraken (agreements), Actie (action).

The machine is level-triggered: given the facts of a POP and the time, it says
which transition applies now. Events only nudge the worker to look again, so an
event delivered twice, late, or out of order cannot do harm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shared.clock import add_months
from shared.pop_states import FINAL, State
from shared.round_settings import SETTING

__all__ = ["FINAL", "State"]  # re-exported: the machine speaks the shared vocabulary


ROLES = ("employee", "manager")


@dataclass(frozen=True)
class Settings:
    """A round's lead times and cadence, and its time zone: reviews keep its wall-clock time.

    The defaults come from shared/round_settings.py; the fields are written out so a type
    checker sees them, and tests/unit/test_round_settings.py keeps them the same as the table."""

    review_every_months: int = SETTING["review_every_months"].default_number
    plan_months: int = SETTING["plan_months"].default_number
    exchange_days: int = SETTING["exchange_days"].default_number
    prepare_reminder_days: tuple[int, ...] = SETTING["prepare_reminder_days"].default_days
    sign_reminder_days: tuple[int, ...] = SETTING["sign_reminder_days"].default_days
    due_reminder_days: int = SETTING["due_reminder_days"].default_number
    review_reminder_days: int = SETTING["review_reminder_days"].default_number
    review_minutes: int = SETTING["review_minutes"].default_number
    review_invite_days_before: int = SETTING["review_invite_days_before"].default_number
    plan_by_days_before_end: int = SETTING["plan_by_days_before_end"].default_number
    planning_reminder_days: tuple[int, ...] = SETTING["planning_reminder_days"].default_days
    conversation_types: bool = SETTING["conversation_types"].default_on
    timezone: str = "Europe/Amsterdam"


@dataclass(frozen=True)
class Facts:
    """What the machine needs to know about one POP, read from the database."""

    state: State
    meeting_start: datetime | None = None
    meeting_end: datetime | None = None
    scheduled_at: datetime | None = None  # when the meeting was (re)scheduled
    prepared: frozenset[str] = frozenset()  # roles that submitted their preparation
    plan_hash: str | None = None  # None while the plan has no agreements
    signed: dict[str, str] = field(default_factory=dict)  # role -> content hash signed
    open_agreements: int = 0
    last_review_end: datetime | None = None
    cancel_requested: bool = False
    # A newer POP of the same employee took over the open agreements (the next round).
    superseded: bool = False
    # Open agreements with a due date: (agreement id, due date).
    due_dates: tuple[tuple[int, date], ...] = ()
    # Progress reviews not cancelled: (meeting id, start).
    reviews: tuple[tuple[int, datetime], ...] = ()
    # When progress on the plan was last recorded (None: never).
    progress_at: datetime | None = None
    # A launched round's last day to plan (shared/planning_deadline.py); None: no deadline.
    planning_deadline: date | None = None
    # The newest follow-up meeting not called off (000: no agreement yet, "plant u een
    # vervolgspraak in"): (meeting id, end).
    followup: tuple[int, datetime] | None = None

    def signed_current(self, role: str) -> bool:
        return self.plan_hash is not None and self.signed.get(role) == self.plan_hash

    def agreed_since(self) -> tuple[datetime | None, str]:
        """From when the plan should be signed, and that clock's name for reminder keys: the
        conversation's end, or a later follow-up's (the talks go on until then)."""
        if self.followup is not None and (self.meeting_end is None or self.followup[1] > self.meeting_end):
            return self.followup[1], f"followup-{self.followup[0]}+"
        return self.meeting_end, "m+"


@dataclass(frozen=True)
class Transition:
    source: State
    target: State
    reason: str


def exchange_at(facts: Facts, settings: Settings) -> datetime | None:
    """When the points are exchanged at the latest: T-7d, or halfway for a short lead.

    A meeting scheduled less than two weeks ahead gets a compressed timeline: the
    exchange falls halfway between scheduling and the meeting, so both sides keep
    time to prepare and the other keeps time to read.
    """
    if facts.meeting_start is None:
        return None
    full = timedelta(days=settings.exchange_days)
    if facts.scheduled_at is None:
        return facts.meeting_start - full
    lead = max(facts.meeting_start - facts.scheduled_at, timedelta(0))
    return facts.meeting_start - min(full, lead / 2)


# Each guard returns why the transition may happen now, or None if it may not.
Guard = Callable[[Facts, datetime, Settings], "str | None"]


def _meeting_scheduled(f: Facts, now: datetime, s: Settings) -> str | None:
    return "meeting scheduled" if f.meeting_start is not None else None


def _exchange_due(f: Facts, now: datetime, s: Settings) -> str | None:
    if f.meeting_start is None:
        return None
    if f.prepared >= set(ROLES):
        return "both preparations submitted"
    due = exchange_at(f, s)
    if due is not None and now >= due:
        missing = [r for r in ROLES if r not in f.prepared]
        return "exchange deadline reached; not prepared: " + ", ".join(missing)
    return None


def _meeting_ended(f: Facts, now: datetime, s: Settings) -> str | None:
    if f.meeting_end is not None and now >= f.meeting_end:
        return "meeting ended"
    return None


def _both_signed(f: Facts, now: datetime, s: Settings) -> str | None:
    if all(f.signed_current(role) for role in ROLES):
        return "both signed the same plan"
    return None


def _plan_finished(f: Facts, now: datetime, s: Settings) -> str | None:
    if f.open_agreements != 0:
        return None
    if f.superseded:
        return "a new POP took over the open agreements"
    if f.last_review_end is not None and now >= f.last_review_end:
        return "every agreement closed and the last review passed"
    return None


def _cancel(f: Facts, now: datetime, s: Settings) -> str | None:
    return "cancelled" if f.cancel_requested else None


FORWARD: dict[tuple[State, State], Guard] = {
    (State.PLANNING, State.ANNOUNCEMENT): _meeting_scheduled,
    (State.ANNOUNCEMENT, State.ALIGNMENT): _exchange_due,
    (State.ALIGNMENT, State.AGREEMENTS): _meeting_ended,
    (State.AGREEMENTS, State.ACTION): _both_signed,
    (State.ACTION, State.COMPLETED): _plan_finished,
}
TRANSITIONS: dict[tuple[State, State], Guard] = {
    **FORWARD,
    **{(state, State.CANCELLED): _cancel for state in State if state not in FINAL},
}


DEFAULT_SETTINGS = Settings()  # a round's defaults; Settings is frozen, so one serves every call


def check(facts: Facts, now: datetime, target: State, settings: Settings = DEFAULT_SETTINGS) -> str | None:
    """Why `facts.state -> target` may happen now, or None if it is refused."""
    guard = TRANSITIONS.get((facts.state, target))
    return guard(facts, now, settings) if guard else None


def next_transition(facts: Facts, now: datetime, settings: Settings = DEFAULT_SETTINGS) -> Transition | None:
    """The transition that applies now, cancellation first."""
    targets = [State.CANCELLED] + [t for (s, t) in FORWARD if s == facts.state]
    for target in targets:
        reason = check(facts, now, target, settings)
        if reason:
            return Transition(facts.state, target, reason)
    return None


def transition_moments(facts: Facts, settings: Settings = DEFAULT_SETTINGS) -> list[datetime]:
    """The moments at which a transition can become due by time alone."""
    moments: list[datetime | None] = []
    if facts.state == State.ANNOUNCEMENT:
        moments.append(exchange_at(facts, settings))
    elif facts.state == State.ALIGNMENT:
        moments.append(facts.meeting_end)
    elif facts.state == State.ACTION:
        moments.append(facts.last_review_end)
    return [m for m in moments if m is not None]


def next_check(facts: Facts, now: datetime, settings: Settings = DEFAULT_SETTINGS) -> datetime | None:
    """The next moment a transition can become due (time rules add their own, see rules.py)."""
    future = [m for m in transition_moments(facts, settings) if m > now]
    return min(future) if future else None


def review_starts(meeting_start: datetime, settings: Settings, tz: str) -> list[datetime]:
    """Progress reviews every `review_every_months` within the plan period, the last at its end;
    one that would fall on a Saturday or Sunday moves to the Monday after, same local time."""
    step = max(settings.review_every_months, 1)
    return [
        on_a_weekday(add_months(meeting_start, months, tz), tz)
        for months in range(step, settings.plan_months + 1, step)
    ]


def on_a_weekday(moment: datetime, tz: str) -> datetime:
    """The moment, or the Monday after it at the same local wall-clock time."""
    local = moment.astimezone(ZoneInfo(tz))
    if local.weekday() < 5:
        return moment
    monday = local.replace(tzinfo=None) + timedelta(days=7 - local.weekday())
    return monday.replace(tzinfo=ZoneInfo(tz)).astimezone(moment.tzinfo)
