"""Recording what people submit: rows plus an event, never a state change.

Plain functions on a UnitOfWork (no Flask), shared by the web views and the CLI. They
flush; the caller commits. Each returns the event it recorded, which the worker then
turns into whatever transition applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from shared.clock import add_months
from shared.db import UnitOfWork
from shared.event_types import ByRole, EventKind, PlanChanged, PlanSigned, PointsSharedAgain, Superseded
from shared.events import record_event, record_fact
from shared.i18n import N_
from shared.models import Agreement, Event, Meeting, Person, Pop, Preparation, Round, Signature
from shared.plan import plan_hash
from shared.pop_states import BEFORE_MEETING, PLAN_EDITABLE, State, plan_editable
from shared.questions import LATEST_VERSION

# The round of POPs planned one by one; its stored name is Dutch, pages show it in the reader's language.
DEFAULT_ROUND = N_("Losse POP-gesprekken")


class InputError(Exception):
    """Input that cannot be recorded; `code` is a message key the caller translates."""

    def __init__(self, code: str, **details) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


class Conflict(InputError):
    """Someone else saved in between: reload instead of overwriting their work."""


def find_person(uow: UnitOfWork, email: str) -> Person | None:
    return uow.session.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))


def is_loose_round(rnd: Round) -> bool:
    """The round that holds conversations planned one by one: nobody launches it (that would
    give everyone a POP without a period)."""
    return rnd.name == DEFAULT_ROUND


def default_round(uow: UnitOfWork, now: datetime) -> Round:
    found = uow.session.scalar(select(Round).where(Round.name == DEFAULT_ROUND))
    if found is None:
        found = Round(name=DEFAULT_ROUND, question_set=LATEST_VERSION, created_at=now)
        uow.session.add(found)
        uow.session.flush()
    return found


def carry_over(uow: UnitOfWork, now: datetime, previous: Pop, successor: Pop, actor: str) -> int:
    """Open agreements of the running plan move into the next POP ("opvolging van eerdere
    afspraken", 004): they head its plan, and the old plan ends (the worker completes it)."""
    carried = 0
    for agreement in current_plan(uow, previous):
        if agreement.status != "open":
            continue
        agreement.status = "carried"
        fields = {
            name: getattr(agreement, name)
            for name in (
                "what",
                "measurable_result",
                "owner",
                "due_date",
                "kind",
                "activity",
                "cost_eur",
                "hours",
                "support",
            )
        }
        uow.session.add(
            Agreement(pop_id=successor.id, position=carried, carried_from_id=agreement.id, updated_at=now, **fields)
        )
        carried += 1
    uow.session.flush()
    record_event(uow, now, previous.id, EventKind.SUPERSEDED, actor, Superseded(by=successor.id, carried=carried))
    return carried


def conversation_start(uow: UnitOfWork, pop: Pop) -> datetime | None:
    """When the POP's conversation (the newest not called off) starts."""
    return uow.session.scalar(
        select(Meeting.starts_at)
        .where(Meeting.pop_id == pop.id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None))
        .order_by(Meeting.id.desc())
    )


def plan_editable_now(uow: UnitOfWork, pop: Pop, now: datetime) -> bool:
    """Whether the plan can be written now: during the conversation or after it (pop_states)."""
    if pop.state in PLAN_EDITABLE:
        return True  # no query on the common path
    start = conversation_start(uow, pop) if pop.state == State.ALIGNMENT else None
    return plan_editable(pop.state, start is not None and start <= now)


def plan_end(uow: UnitOfWork, pop: Pop, tz: str) -> date | None:
    """The last day of the plan period: the conversation plus the round's plan months."""
    start = conversation_start(uow, pop)
    if start is None:
        return None
    return add_months(start, pop.round.plan_months, tz).astimezone(ZoneInfo(tz)).date()


def carried_over(uow: UnitOfWork, pop: Pop) -> list[Agreement]:
    return [a for a in current_plan(uow, pop) if a.carried_from_id is not None]


# Statements of every save, built once: building one cost about as much CPU as running it.
# A role's preparation is the one its present holder wrote: a new manager starts empty.
_PREPARATION = (
    select(Preparation)
    .where(
        Preparation.pop_id == bindparam("pop_id"),
        Preparation.role == bindparam("role"),
        Preparation.author_id == bindparam("author_id"),
    )
    .execution_options(populate_existing=True)
)
# One statement: lock the row and overwrite the loaded POP with what is saved now.
_LOCK_POP = select(Pop).where(Pop.id == bindparam("pop_id")).with_for_update().execution_options(populate_existing=True)


def preparation_of(uow: UnitOfWork, pop: Pop, role: str) -> Preparation | None:
    return uow.session.scalars(
        _PREPARATION, {"pop_id": pop.id, "role": role, "author_id": pop.person_id_in(role)}
    ).first()


def share_points_again(
    uow: UnitOfWork, now: datetime, prep: Preparation, writer: Person, other: Person, role: str
) -> None:
    """A submitted preparation's shared points go to the other side of now (a new manager):
    consent names a person, so it is given again, by the writer only."""
    uow.session.execute(
        update(Preparation)
        .where(Preparation.id == prep.id, Preparation.author_id == writer.id)
        .values(shared_with_id=other.id)
    )
    record_fact(
        uow,
        now,
        prep.pop_id,
        EventKind.POINTS_SHARED_AGAIN,
        f"person:{writer.id}",
        PointsSharedAgain(role=role, with_=other.id),
    )


def preparation_for_edit(uow: UnitOfWork, pop: Pop, role: str) -> Preparation | None:
    """The preparation as saved now, read under the POP's lock: what a save checks against.
    A view that saves reads it with this once and hands it to record_preparation.
    Two statements on purpose: a read joined to the locking one would see the preparation
    as it was when that statement began, before the save it waited for (PostgreSQL
    rereads only the locked row), and so miss the conflict."""
    lock_for_edit(uow, pop)
    return preparation_of(uow, pop, role)


def save_preparation(
    uow: UnitOfWork,
    now: datetime,
    pop: Pop,
    person: Person,
    *,
    answers: dict,
    potential: str | None,
    willingness: str | None,
    submit: bool,
    loaded_version: int | None,
) -> Preparation:
    """Save a draft or submit. answers: {question_id: {"text": str, "share": bool}}."""
    role = pop.role_of(person.id)
    if role is None:
        raise InputError("not_yours")
    prep = preparation_for_edit(uow, pop, role)
    return record_preparation(
        uow,
        now,
        pop,
        person,
        prep,
        answers=answers,
        potential=potential,
        willingness=willingness,
        submit=submit,
        loaded_version=loaded_version,
    )


def record_preparation(
    uow: UnitOfWork,
    now: datetime,
    pop: Pop,
    person: Person,
    prep: Preparation | None,
    *,
    answers: dict,
    potential: str | None,
    willingness: str | None,
    submit: bool,
    loaded_version: int | None,
) -> Preparation:
    """save_preparation's checks and write, on `prep` as preparation_for_edit read it in this
    transaction (the lock is held until commit, so it is still what is saved)."""
    role = pop.role_of(person.id)
    if role is None:
        raise InputError("not_yours")
    if pop.state not in BEFORE_MEETING:
        raise InputError("preparation_closed")
    if prep is not None and prep.submitted_at is not None:
        raise InputError("already_submitted")
    if prep is not None and loaded_version is not None and prep.version != loaded_version:
        raise Conflict("stale_form")
    other_id = pop.person_id_in("manager" if role == "employee" else "employee")
    values = preparation_values(now, role, other_id, answers, potential, willingness, submit)
    if prep is None:
        prep = Preparation(
            pop_id=pop.id, role=role, author_id=person.id, question_set=pop.question_set, version=1, **values
        )
        uow.session.add(prep)
        uow.session.flush()
    else:
        _write_preparation(uow, prep, {**values, "version": prep.version + 1})
    if submit:
        record_event(uow, now, pop.id, EventKind.PREPARATION_SUBMITTED, f"person:{person.id}", ByRole(role))
    return prep


def preparation_values(
    now: datetime, role: str, other_id: int, answers: dict, potential: str | None, willingness: str | None, submit: bool
) -> dict:
    """The columns every save writes (not the version). other_id: the other side's present holder."""
    return {
        "answers": answers,
        "updated_at": now,
        "submitted_at": now if submit else None,
        "shared_with_id": other_id,  # shared with the person the form names now
        "potential": potential if role == "manager" else None,
        "willingness": willingness if role == "manager" else None,
    }


# Every save of a saved preparation: one UPDATE, built once. The ORM's flush of this one
# object cost as much CPU as the save's other statements together (bench P2).
_PREPARATIONS = Preparation.__table__
_WRITTEN = ("answers", "potential", "willingness", "updated_at", "submitted_at", "version", "shared_with_id")
_WRITE_PREPARATION = (
    update(_PREPARATIONS)
    .where(_PREPARATIONS.c.id == bindparam("prep_id"))
    .values({name: bindparam(f"new_{name}") for name in _WRITTEN})
)


def _write_preparation(uow: UnitOfWork, prep: Preparation, values: dict) -> None:
    """Write these columns of the loaded preparation and tell the session they are saved."""
    uow.session.execute(_WRITE_PREPARATION, {"prep_id": prep.id, **{f"new_{k}": v for k, v in values.items()}})
    for name, value in values.items():
        set_committed_value(prep, name, value)


@dataclass
class AgreementInput:
    what: str
    measurable_result: str = ""
    owner: str = ""
    due_date: date | None = None
    kind: str = ""
    activity: str = ""
    cost_eur: Decimal | None = None
    hours: int | None = None
    support: str = ""


class Identified(Protocol):
    """A POP as an ORM object or as the plain row of a save's link (intake/personal/link_query.py)."""

    @property
    def id(self) -> int: ...


def lock_for_edit(uow: UnitOfWork, pop: Identified) -> None:
    """Edits of one POP's forms go one at a time: the POP row is locked, and what the edit
    checks (state, the saved version) is read again after the lock. A second edit sent at
    the same moment waits, then sees the first one's result and is told (no lost update).
    SQLite has no row locks; there BEGIN IMMEDIATE already puts writers in a row."""
    if uow.session.info.get(_LOCK_HELD) == (uow.session.get_transaction(), pop.id):
        return  # the statement that loaded the POP locked it, in this transaction
    uow.session.scalars(_LOCK_POP, {"pop_id": pop.id}).one()


_LOCK_HELD = "pop_locked_in"


def lock_held(uow: UnitOfWork, pop: Identified) -> None:
    """The POP was just loaded by a statement that locked it (FOR UPDATE): lock_for_edit
    needs no statement of its own until this transaction ends."""
    uow.session.info[_LOCK_HELD] = (uow.session.get_transaction(), pop.id)


def current_plan(uow: UnitOfWork, pop: Pop) -> list[Agreement]:
    # populate_existing: after lock_for_edit the rows must be as saved, not as read before.
    return list(
        uow.session.scalars(
            select(Agreement)
            .where(Agreement.pop_id == pop.id)
            .order_by(Agreement.position, Agreement.id)
            .execution_options(populate_existing=True)
        )
    )


def save_agreements(
    uow: UnitOfWork,
    now: datetime,
    pop: Pop,
    person: Person,
    items: list[AgreementInput],
    loaded_hash: str | None,
    goal: str | None = None,
) -> str | None:
    """Replace the plan's agreements, and its goal unless None (kept as it is). A changed plan
    voids earlier signatures (new hash)."""
    if pop.role_of(person.id) is None:
        raise InputError("not_yours")
    lock_for_edit(uow, pop)
    if not plan_editable_now(uow, pop, now):
        raise InputError("agreements_closed")
    existing = current_plan(uow, pop)
    if plan_hash(existing, pop.plan_goal) != loaded_hash:  # the lock read the POP again: its goal is as saved
        raise Conflict("stale_agreements")
    if goal is not None:
        pop.plan_goal = goal
    for agreement in existing:
        uow.session.delete(agreement)
    uow.session.flush()
    for position, item in enumerate(items):
        uow.session.add(Agreement(pop_id=pop.id, position=position, updated_at=now, **item.__dict__))
    uow.session.flush()
    new_hash = plan_hash(current_plan(uow, pop), pop.plan_goal)
    if new_hash != loaded_hash:
        record_event(
            uow,
            now,
            pop.id,
            EventKind.PLAN_CHANGED,
            f"person:{person.id}",
            PlanChanged(agreements=len(items), hash=new_hash),
        )
    return new_hash


def sign_plan(uow: UnitOfWork, now: datetime, pop: Pop, person: Person, seen_hash: str) -> Signature:
    """Sign exactly the content the person saw; a plan changed since is refused."""
    role = pop.role_of(person.id)
    if role is None:
        raise InputError("not_yours")
    lock_for_edit(uow, pop)
    if pop.state not in PLAN_EDITABLE:
        raise InputError("agreements_closed")
    current = plan_hash(current_plan(uow, pop), pop.plan_goal)
    if current is None:
        raise InputError("empty_plan")
    if current != seen_hash:
        raise Conflict("stale_plan")
    signature = Signature(pop_id=pop.id, person_id=person.id, role=role, content_hash=current, signed_at=now)
    uow.session.add(signature)
    uow.session.flush()
    record_event(uow, now, pop.id, EventKind.PLAN_SIGNED, f"person:{person.id}", PlanSigned(role=role, hash=current))
    return signature


def timeline(uow: UnitOfWork, pop: Pop) -> list[Event]:
    return list(uow.session.scalars(select(Event).where(Event.pop_id == pop.id).order_by(Event.id)))
