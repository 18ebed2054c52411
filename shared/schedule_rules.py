"""What may stop a conversation from being planned at a moment: pure rules, no database.

Errors stop the save (intake/scheduling.py raises them for every caller: the manager's
grid, HR's schedule page, the CLI): the same person twice at overlapping times, a moment
in the past, a day outside the round's period. Warnings the manager may confirm: a
weekend day, and less notice than seed 002's two weeks (the points are then exchanged
earlier than a week before, see exchange_moment).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from shared.slots import is_weekend

NOTICE_DAYS = 14  # seed 002: "leidinggevende kondigt twee weken van te voren aan"

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Proposal:
    """A conversation to plan: `key` names the row (a POP id, say); `people` are the ids of
    the employee and the manager; `moving` is the meeting it moves, if it has one already."""

    key: Hashable
    people: frozenset[int]
    start: datetime
    end: datetime
    day: date  # the local day
    period: tuple[date, date] | None = None  # the round's meetings_from..meetings_until
    moving: int | None = None
    exchange_days: int = 7  # the round's setting


@dataclass(frozen=True)
class Busy:
    """A meeting already planned (any kind, not cancelled) of some of these people."""

    meeting_id: int
    people: frozenset[int]
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals: a meeting ending at 10:00 and one starting at 10:00 do not clash."""
    return a_start < b_end and b_start < a_end


def in_the_past(start: datetime, now: datetime) -> Problem | None:
    return Problem("start_in_past", ERROR) if start <= now else None


def outside_period(day: date, period: tuple[date, date] | None) -> Problem | None:
    """A round's period (both ends included); a loose round has none."""
    if period is None or period[0] <= day <= period[1]:
        return None
    return Problem("outside_round", ERROR, {"start": period[0], "end": period[1]})


def on_weekend(day: date) -> Problem | None:
    return Problem("weekend", WARNING) if is_weekend(day) else None


def exchange_moment(start: datetime, scheduled_at: datetime, exchange_days: int) -> datetime:
    """When the points are exchanged for a meeting planned now: exchange_days before it, or
    halfway for a shorter lead. workflow/machine.exchange_at's rule (intake may not import the
    workflow); tests/unit/test_schedule_rules.py keeps the two the same."""
    full = timedelta(days=exchange_days)
    lead = max(start - scheduled_at, timedelta(0))
    return start - min(full, lead / 2)


def short_notice(start: datetime, now: datetime, exchange_days: int) -> Problem | None:
    """Less than NOTICE_DAYS ahead: both have less time to prepare, and the exchange of the
    points moves (its moment is in the details)."""
    if start - now >= timedelta(days=NOTICE_DAYS) or start <= now:
        return None
    return Problem("short_notice", WARNING, {"exchange": exchange_moment(start, now, exchange_days)})


def double_booked(proposals: list[Proposal], busy: Iterable[Busy]) -> dict[Hashable, Problem]:
    """Each proposal that overlaps another of the same submit or a meeting already planned,
    sharing a person: an error naming the other (`other`: the proposal's key, or `meeting`:
    the meeting's id) and the person both need (`person`). A meeting that a proposal moves
    is no longer at its old time."""
    found: dict[Hashable, Problem] = {}
    moved = {p.moving for p in proposals if p.moving is not None}
    known = [meeting for meeting in busy if meeting.meeting_id not in moved]
    for i, one in enumerate(proposals):
        for other in proposals[:i] + proposals[i + 1 :]:
            shared = one.people & other.people
            if other.key != one.key and shared and overlaps(one.start, one.end, other.start, other.end):
                found[one.key] = Problem("double_booked", ERROR, {"other": other.key, "person": min(shared)})
                break
        else:
            for meeting in known:
                shared = one.people & meeting.people
                if shared and overlaps(one.start, one.end, meeting.start, meeting.end):
                    found[one.key] = Problem(
                        "double_booked", ERROR, {"meeting": meeting.meeting_id, "person": min(shared)}
                    )
                    break
    return found


def problems(proposals: list[Proposal], busy: Iterable[Busy], now: datetime) -> dict[Hashable, list[Problem]]:
    """Every rule for every proposal: errors first, then warnings; proposals without a
    problem are left out."""
    clashes = double_booked(proposals, busy)
    found: dict[Hashable, list[Problem]] = {}
    for one in proposals:
        listed = [
            p
            for p in (
                in_the_past(one.start, now),
                outside_period(one.day, one.period),
                clashes.get(one.key),
                on_weekend(one.day),
                short_notice(one.start, now, one.exchange_days),
            )
            if p is not None
        ]
        if listed:
            found[one.key] = listed
    return found
