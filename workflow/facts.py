"""Reading one POP's facts from the database, for the pure machine and rules."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BindParameter, bindparam, exists, select
from sqlalchemy.orm import joinedload

from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.models import Agreement, Event, Meeting, Pop, Preparation, Signature
from shared.plan import plan_hash
from shared.planning_deadline import round_deadline
from shared.round_settings import values_of
from workflow.machine import Facts, Settings, State

DEFAULT_TZ = Settings.timezone


def settings_of(pop: Pop, tz: str = DEFAULT_TZ) -> Settings:
    return Settings(**values_of(pop.round, tuple), timezone=tz)


# The statements of a step, built once with bind parameters: building them anew for every
# transition (clauses, coercions, cache keys) cost more CPU than running them.
_POP_ID: BindParameter[int] = bindparam("pop_id")
_MEETINGS = (
    select(Meeting)
    .where(Meeting.pop_id == _POP_ID, Meeting.cancelled_at.is_(None))
    .options(joinedload(Meeting.attendees))
    .order_by(Meeting.id)
)
_AGREEMENTS = select(Agreement).where(Agreement.pop_id == _POP_ID)
_SIGNATURES = select(Signature).where(Signature.pop_id == _POP_ID).order_by(Signature.id)


def _prepared(role: str):
    # By whoever holds the role now: a new manager's POP waits for their own preparation.
    holder = select(Pop.employee_id if role == "employee" else Pop.manager_id).where(Pop.id == _POP_ID)
    return exists().where(
        Preparation.pop_id == _POP_ID,
        Preparation.role == role,
        Preparation.author_id == holder.scalar_subquery(),
        Preparation.submitted_at.is_not(None),
    )


# The yes/no facts in one statement (a transition reads them on every event).
_YES_NO = select(
    _prepared("employee"),
    _prepared("manager"),
    exists().where(Event.pop_id == _POP_ID, Event.kind == EventKind.CANCEL_REQUESTED),
)
# Whether a newer POP of the same employee has its conversation (a newer POP takes over once
# its meeting is set; a round's launch alone does not end the plan): the employees' POPs,
# then the conversations of the newer ones only (nearly always none). As one query with a
# join, a plan PostgreSQL prepared early in a launch (its statistics still saying the
# meetings table was empty) started from every meeting: 100-600 ms a group of POPs.
_POPS_OF_EMPLOYEES = select(Pop.id, Pop.employee_id).where(
    Pop.employee_id.in_(bindparam("employee_ids", expanding=True))
)
_WITH_CONVERSATION = select(Meeting.pop_id).where(
    Meeting.pop_id.in_(bindparam("pop_ids", expanding=True)), Meeting.kind == "conversation"
)


def superseded_among(uow: UnitOfWork, pops: list[Pop]) -> set[int]:
    """The ids of those POPs that a newer POP of the same employee, with its conversation, takes over."""
    rows = uow.session.execute(_POPS_OF_EMPLOYEES, {"employee_ids": sorted({pop.employee_id for pop in pops})}).all()
    newer = {
        pop.id: {other for other, employee in rows if employee == pop.employee_id and other > pop.id} for pop in pops
    }
    candidates = sorted(set().union(*newer.values()))
    if not candidates:
        return set()
    with_conversation = set(uow.session.scalars(_WITH_CONVERSATION, {"pop_ids": candidates}))
    return {pop_id for pop_id, others in newer.items() if others & with_conversation}


def meetings_of(uow: UnitOfWork, pop_id: int) -> list[Meeting]:
    """The POP's meetings not called off, with who attends, oldest first: one read per step
    that every rule of that step looks in (they used to read them five times)."""
    return list(uow.session.scalars(_MEETINGS, {"pop_id": pop_id}).unique())


def conversation_in(meetings: list[Meeting]) -> Meeting | None:
    """The conversation: the newest one (a follow-up POP's older one may be called off)."""
    return next((m for m in reversed(meetings) if m.kind == "conversation"), None)


def of_kinds(meetings: list[Meeting], kinds: tuple[str, ...]) -> list[Meeting]:
    return sorted((m for m in meetings if m.kind in kinds), key=lambda m: m.starts_at)


def load_facts(uow: UnitOfWork, pop: Pop, meetings: list[Meeting]) -> Facts:
    """The facts of the pure machine; `meetings` is what meetings_of read in this step."""
    s = uow.session
    agreements = s.scalars(_AGREEMENTS, {"pop_id": pop.id}).all()
    signatures = s.scalars(_SIGNATURES, {"pop_id": pop.id}).all()
    yes_no = s.execute(_YES_NO, {"pop_id": pop.id}).one()
    return facts_from(pop, meetings, agreements, signatures, (*yes_no, pop.id in superseded_among(uow, [pop])))


def facts_from(
    pop: Pop,
    meetings: list[Meeting],
    agreements: Sequence[Agreement],
    signatures: Sequence[Signature],
    yes_no: tuple[bool, bool, bool, bool],
) -> Facts:
    """The facts from what was read, for one POP (load_facts) or a group (workflow/group_reads.py).
    yes_no: employee prepared, manager prepared, cancellation asked, a newer POP took over."""
    meeting = conversation_in(meetings)
    reviews = of_kinds(meetings, ("review",))
    followups = of_kinds(meetings, ("followup",))
    prepared_employee, prepared_manager, cancel, successor = yes_no
    prepared = [role for role, done in (("employee", prepared_employee), ("manager", prepared_manager)) if done]
    return Facts(
        state=State(pop.state),
        meeting_start=meeting.starts_at if meeting else None,
        meeting_end=meeting.ends_at if meeting else None,
        scheduled_at=meeting.created_at if meeting else None,
        prepared=frozenset(prepared),
        plan_hash=plan_hash(agreements, pop.plan_goal),
        signed={sig.role: sig.content_hash for sig in signatures},
        open_agreements=sum(1 for a in agreements if a.status == "open"),
        last_review_end=max((r.ends_at for r in reviews), default=None),
        # An employee who left ends the POP like a cancellation.
        cancel_requested=bool(cancel) or not pop.employee.active,
        superseded=bool(successor),
        due_dates=tuple((a.id, a.due_date) for a in agreements if a.status == "open" and a.due_date),
        reviews=tuple((r.id, r.starts_at) for r in reviews),
        progress_at=max((a.progress_at for a in agreements if a.progress_at), default=None),
        followup=(followups[-1].id, followups[-1].ends_at) if followups else None,
        planning_deadline=round_deadline(pop.round),
    )
