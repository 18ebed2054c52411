"""Rounds: create one, launch it (a POP for everyone in scope), and count where they stand.

No Flask here: the HR pages, the CLI and the API call these with a unit of work and
commit at their edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from sqlalchemy import Row, case, distinct, exists, func, insert, select
from sqlalchemy.orm import joinedload

from intake.api.schema import Count, Doc, Id, named
from intake.behind import ManagerRow, manager_lines
from intake.commands import InputError, is_loose_round
from intake.question_defaults import round_default
from shared.config import Config
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_event
from shared.models import Meeting, Person, Pop, Round
from shared.outbox import add_mail
from shared.planning_deadline import overdue_from, planning_deadline, round_deadline
from shared.pop_states import OPEN, State
from shared.questions import load_question_set
from shared.round_settings import ROUND_SETTINGS, SETTING

SCHEDULE_REQUEST = "schedule_request"
PHASES = ("planning", "announcement", "alignment", "agreements", "action", "completed", "cancelled")


def _days(name: str) -> list[int]:
    return list(SETTING[name].default_days)


@dataclass
class RoundInput:
    """What a new round is made of: its name, period, scope and question set, and its settings.

    The settings' defaults come from shared/round_settings.py (the callers checked the
    bounds); their fields are written out so a type checker sees them, and
    tests/unit/test_round_settings.py keeps them the same as the table."""

    name: str
    meetings_from: date
    meetings_until: date
    departments: list[str] = field(default_factory=list)
    # A shipped or published version; None: the one department's default, else LATEST_VERSION.
    question_set: str | None = None
    review_every_months: int = SETTING["review_every_months"].default_number
    plan_months: int = SETTING["plan_months"].default_number
    exchange_days: int = SETTING["exchange_days"].default_number
    prepare_reminder_days: list[int] = field(default_factory=lambda: _days("prepare_reminder_days"))
    sign_reminder_days: list[int] = field(default_factory=lambda: _days("sign_reminder_days"))
    due_reminder_days: int = SETTING["due_reminder_days"].default_number
    review_reminder_days: int = SETTING["review_reminder_days"].default_number
    review_minutes: int = SETTING["review_minutes"].default_number
    review_invite_days_before: int = SETTING["review_invite_days_before"].default_number
    plan_by_days_before_end: int = SETTING["plan_by_days_before_end"].default_number
    planning_reminder_days: list[int] = field(default_factory=lambda: _days("planning_reminder_days"))
    conversation_types: bool = SETTING["conversation_types"].default_on


def create_round(uow: UnitOfWork, now: datetime, data: RoundInput, actor: str) -> Round:
    name = data.name.strip()
    if not name:
        raise InputError("round_name_missing")
    if data.meetings_until < data.meetings_from:
        raise InputError("round_period_reversed")
    if data.meetings_until < now.date():
        raise InputError("round_period_past")
    if uow.session.scalar(select(Round.id).where(func.lower(Round.name) == name.lower())):
        raise InputError("round_name_taken", name=name)
    question_set = data.question_set or round_default(uow, data.departments)
    try:
        load_question_set(question_set, uow.session)  # a draft has no key: never picked
    except (FileNotFoundError, ValueError) as exc:
        raise InputError("unknown_question_set", version=question_set[:20]) from exc
    for setting in ROUND_SETTINGS:  # every caller checks them first, against the same table
        if not setting.allows(getattr(data, setting.name)):
            raise ValueError(f"{setting.name} is out of its bounds")
    departments = sorted({d.strip() for d in data.departments if d.strip()})
    rnd = Round(
        name=name,
        departments=departments,
        meetings_from=data.meetings_from,
        meetings_until=data.meetings_until,
        question_set=question_set,
        created_at=now,
        **{s.name: s.kept(getattr(data, s.name)) for s in ROUND_SETTINGS},
    )
    uow.session.add(rnd)
    uow.session.flush()
    record_event(uow, now, None, EventKind.ROUND_CREATED, actor, {"round_id": rnd.id, "name": name})
    return rnd


def in_scope(rnd: Round):
    """The people a round is for: active, with an active manager, in its departments."""
    manager = select(Person.id).where(Person.active)
    query = select(Person).where(Person.active, Person.manager_id.in_(manager))
    if rnd.departments:
        query = query.where(Person.department.in_(rnd.departments))
    return query


# Someone whose POP is still before or in its meeting keeps it; a running plan (action) does
# not stop a new round: the new POP takes it over when its meeting is set.
_KEEPS_OPEN_POP = [state.value for state in OPEN if state != State.ACTION]


def _new_pops(uow: UnitOfWork, rnd: Round) -> tuple[Sequence[Row], list[Row]]:
    """(everyone in scope, those of them a launch now gives a POP), as (id, manager_id, department)."""
    people = uow.session.execute(in_scope(rnd).with_only_columns(Person.id, Person.manager_id, Person.department)).all()
    busy = set(uow.session.scalars(select(Pop.employee_id).where(Pop.state.in_(_KEEPS_OPEN_POP))))
    return people, [person for person in people if person.id not in busy]


@dataclass
class LaunchPreview:
    """What pressing "start" would do now, for HR to check first."""

    new_pops: int
    already_open: int  # in scope, but their POP of before is still open
    managers: int  # asked to schedule the new POPs


def launch_preview(uow: UnitOfWork, rnd: Round) -> LaunchPreview:
    """launch_round's choice counted in one statement, not fetched: a round can hold everyone."""
    scope = in_scope(rnd).with_only_columns(Person.id, Person.manager_id).subquery()
    gets_one = ~exists().where(Pop.employee_id == scope.c.id, Pop.state.in_(_KEEPS_OPEN_POP))
    everyone, new, managers = uow.session.execute(
        select(
            func.count(), func.count(case((gets_one, 1))), func.count(distinct(case((gets_one, scope.c.manager_id))))
        ).select_from(scope)
    ).one()
    return LaunchPreview(new_pops=new, already_open=everyone - new, managers=managers)


@dataclass
class Launched:
    created: int
    already_open: int
    managers_asked: int


def launch_round(uow: UnitOfWork, now: datetime, round_id: int, actor: str) -> Launched:
    """A POP for everyone in scope without an open one before a meeting, and one mail per
    manager asking to schedule. Bulk: one insert for all POPs. Launching twice adds nobody."""
    s = uow.session
    rnd = s.get(Round, round_id)
    if rnd is None:
        raise InputError("unknown_round")
    if is_loose_round(rnd):
        raise InputError("loose_round_not_launched")
    people, new = _new_pops(uow, rnd)
    deadline = planning_deadline(rnd.meetings_from, rnd.meetings_until, rnd.plan_by_days_before_end)
    # The tick looks at a POP still unplanned at the deadline (and marks it overdue); its
    # advance sets the real next check, in the organisation's time zone.
    check_at = overdue_from(deadline, Config.timezone) if deadline else None
    rows = [
        {
            "round_id": rnd.id,
            "employee_id": person_id,
            "manager_id": manager_id,
            "department": department,
            "state": State.PLANNING.value,
            "question_set": rnd.question_set,
            "created_at": now,
            "state_changed_at": now,
            "overdue": "",
            "next_check_at": check_at,
        }
        for person_id, manager_id, department in new
    ]
    if rows:
        s.execute(insert(Pop), rows)
    first_pop = dict(
        s.execute(
            select(Pop.manager_id, func.min(Pop.id))
            .where(Pop.round_id == rnd.id, Pop.state == State.PLANNING)
            .group_by(Pop.manager_id)
        ).all()
    )
    asked = sum(
        1
        for manager_id, pop_id in first_pop.items()
        if add_mail(
            uow,
            now,
            pop_id=pop_id,
            kind=SCHEDULE_REQUEST,
            recipient_id=manager_id,
            sequence=f"round-{rnd.id}",
            data={"round_id": rnd.id},
        )
        is not None
    )
    if rnd.launched_at is None:
        rnd.launched_at = now
    record_event(
        uow,
        now,
        None,
        EventKind.ROUND_LAUNCHED,
        actor,
        {"round_id": rnd.id, "created": len(rows), "managers_asked": asked},
    )
    return Launched(created=len(rows), already_open=len(people) - len(rows), managers_asked=asked)


PerPhase = dict[Literal[PHASES], Count]  # type: ignore[valid-type]


@named
@dataclass(frozen=True)
class Summary:
    round_id: Id
    name: str
    total: Count
    phases: PerPhase
    overdue: Annotated[PerPhase, Doc("Per phase: POPs with something overdue.")]
    overdue_kinds: Annotated[dict[str, Count], Doc("preparation:employee, signature:manager, ...: how many POPs.")]
    departments: dict[str, PerPhase]
    planning_deadline: Annotated[date | None, Doc("The last day to plan a meeting; null: no deadline.")]
    managers: Annotated[list[ManagerRow], Doc("Per manager, by name: each count holds the POPs at that step or later.")]


def round_summary(uow: UnitOfWork, round_id: int, managers: bool = True) -> Summary:
    """Counts by phase, overdue by phase and kind, and by department: one GROUP BY over the
    round's POPs (a few hundred groups at most), read from one index in its own order
    (ix_pops_round_counts: no join, no sort). `managers`: with the table per manager (one
    GROUP BY more); the list of rounds leaves it out."""
    s = uow.session
    rnd = s.get(Round, round_id)
    if rnd is None:
        raise InputError("unknown_round")
    phases = dict.fromkeys(PHASES, 0)
    overdue = dict.fromkeys(PHASES, 0)
    kinds: dict[str, int] = {}
    departments: dict[str, dict[str, int]] = {}
    for department, state, marks, count in s.execute(
        select(Pop.department, Pop.state, Pop.overdue, func.count())
        .where(Pop.round_id == round_id)
        .group_by(Pop.state, Pop.overdue, Pop.department)
    ):
        phases[state] = phases.get(state, 0) + count
        by_state = departments.setdefault(department or "", dict.fromkeys(PHASES, 0))
        by_state[state] = by_state.get(state, 0) + count
        if marks:
            overdue[state] = overdue.get(state, 0) + count
            for mark in marks.split(","):
                kinds[mark] = kinds.get(mark, 0) + count
    return Summary(
        round_id=rnd.id,
        name=rnd.name,
        total=sum(phases.values()),
        phases=phases,
        overdue=overdue,
        overdue_kinds=dict(sorted(kinds.items())),
        departments=departments,
        planning_deadline=round_deadline(rnd),
        managers=[line.row for line in manager_lines(uow, round_id)] if managers else [],
    )


@dataclass
class Attention:
    declined: int  # meetings ahead that someone declined: a new time is needed
    unanswered: int  # meetings ahead without an answer from someone
    upcoming: list  # (meeting, pop) of the conversations in the coming two weeks


def round_attention(uow: UnitOfWork, round_id: int, now: datetime, days: int = 14, limit: int = 50) -> Attention:
    s = uow.session

    def ahead_where(flag):  # one partial index each: ix_meetings_declined_ahead, ix_meetings_unanswered_ahead
        return (
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.round_id == round_id, Meeting.cancelled_at.is_(None), flag, Meeting.starts_at > now)
            .scalar_subquery()
        )

    declined, unanswered = s.execute(
        select(ahead_where(Meeting.someone_declined), ahead_where(Meeting.someone_unanswered))
    ).one()
    upcoming = s.execute(
        select(Meeting, Pop)
        .join(Pop, Pop.id == Meeting.pop_id)
        .where(
            Pop.round_id == round_id,
            Meeting.kind == "conversation",
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + timedelta(days=days),
        )
        .options(joinedload(Pop.employee), joinedload(Pop.manager))
        .order_by(Meeting.starts_at)
        .limit(limit)
    ).all()
    return Attention(declined=declined, unanswered=unanswered, upcoming=list(upcoming))
