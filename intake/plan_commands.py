"""Recording what happens around the plan: follow-up meetings, progress, evaluation, cancel.

Like intake/commands.py: rows plus an event, flushed, never a state change.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from intake.commands import InputError
from shared.db import UnitOfWork
from shared.event_types import CancelRequested, EventKind, FollowupPlanned, ProgressRecorded
from shared.events import record_event
from shared.models import Agreement, Attendee, Evaluation, Meeting, Person, Pop, ProgressEntry
from shared.outbox import add_mail
from shared.pop_states import FINAL, PLAN_EDITABLE, State

PROGRESS_STATUSES = ("open", "done", "dropped")


def plan_followup(
    uow: UnitOfWork, now: datetime, pop: Pop, actor: str, *, start: datetime, minutes: int, location: str
) -> Meeting:
    """No agreement yet (000), or the next conversation agreed at the end (004 step 7)."""
    if pop.state not in PLAN_EDITABLE:
        raise InputError("agreements_closed")
    if start <= now:
        raise InputError("start_in_past")
    if not 10 <= minutes <= 480:
        raise InputError("bad_duration")
    meeting = Meeting(
        pop_id=pop.id,
        round_id=pop.round_id,
        kind="followup",
        uid=f"{uuid.uuid4()}@popflow",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        location=location,
        created_at=now,
        attendees=[
            Attendee(person_id=pop.employee_id, role="employee"),
            Attendee(person_id=pop.manager_id, role="manager"),
        ],
    )
    uow.session.add(meeting)
    uow.session.flush()
    record_event(
        uow,
        now,
        pop.id,
        EventKind.FOLLOWUP_PLANNED,
        actor,
        FollowupPlanned(meeting_id=meeting.id, start=start.isoformat(), minutes=minutes),
    )
    return meeting


def record_progress(
    uow: UnitOfWork, now: datetime, pop: Pop, person: Person, updates: dict[int, tuple[str, str]]
) -> int:
    """Status and note per agreement ({agreement id: (status, note)}); returns how many changed."""
    if pop.role_of(person.id) is None:
        raise InputError("not_yours")
    if pop.state != State.ACTION:
        raise InputError("progress_closed")
    changed = 0
    for agreement in uow.session.scalars(select(Agreement).where(Agreement.pop_id == pop.id)):
        if agreement.id not in updates:
            continue
        status, note = updates[agreement.id]
        if status not in PROGRESS_STATUSES:
            raise InputError("bad_status")
        if (status, note) != (agreement.status, agreement.progress_note):
            agreement.status, agreement.progress_note, agreement.progress_at = status, note, now
            uow.session.add(
                ProgressEntry(
                    pop_id=pop.id,
                    agreement_id=agreement.id,
                    person_id=person.id,
                    role=pop.role_of(person.id),
                    status=status,
                    note=note,
                    recorded_at=now,
                )
            )
            changed += 1
    uow.session.flush()
    if changed:
        record_event(uow, now, pop.id, EventKind.PROGRESS_RECORDED, f"person:{person.id}", ProgressRecorded(changed))
    return changed


def progress_history(uow: UnitOfWork, pop: Pop) -> dict[int, list[tuple[ProgressEntry, str]]]:
    """Per agreement, every recorded progress with the name of who recorded it, oldest first."""
    history: dict[int, list[tuple[ProgressEntry, str]]] = {}
    for entry, name in uow.session.execute(
        select(ProgressEntry, Person.name)
        .join(Person, Person.id == ProgressEntry.person_id)
        .where(ProgressEntry.pop_id == pop.id)
        .order_by(ProgressEntry.recorded_at, ProgressEntry.id)
    ):
        history.setdefault(entry.agreement_id, []).append((entry, name))
    return history


def save_evaluation(
    uow: UnitOfWork,
    now: datetime,
    pop: Pop,
    person: Person,
    answers: dict[str, str],
    question_set: str,
    shared: bool = False,
) -> Evaluation:
    role = pop.role_of(person.id)
    if role is None:
        raise InputError("not_yours")
    if pop.state not in (State.ACTION, State.COMPLETED):
        raise InputError("evaluation_closed")
    evaluation = evaluation_of(uow, pop, role)
    if evaluation is None:
        evaluation = Evaluation(pop_id=pop.id, role=role, author_id=person.id, question_set=question_set)
        uow.session.add(evaluation)
    newly_shared = shared and not evaluation.shared
    evaluation.answers, evaluation.submitted_at, evaluation.shared = answers, now, shared
    uow.session.flush()
    if newly_shared:  # the other side hears of it once (the dedupe key), not of every later edit
        other = "manager" if role == "employee" else "employee"
        add_mail(
            uow,
            now,
            pop_id=pop.id,
            kind="evaluation_shared",
            recipient_id=pop.person_in(other).id,
            sequence=f"evaluation-{role}",
        )
    return evaluation


def evaluation_of(uow: UnitOfWork, pop: Pop, role: str) -> Evaluation | None:
    """The role's evaluation as its present holder wrote it (a former manager's stays theirs)."""
    return uow.session.scalar(
        select(Evaluation).where(
            Evaluation.pop_id == pop.id, Evaluation.role == role, Evaluation.author_id == pop.person_id_in(role)
        )
    )


def shared_evaluation_of_other(uow: UnitOfWork, pop: Pop, role: str) -> Evaluation | None:
    """The other side's evaluation, if they chose to share it."""
    other = "manager" if role == "employee" else "employee"
    evaluation = evaluation_of(uow, pop, other)
    return evaluation if evaluation is not None and evaluation.shared else None


def request_cancel(uow: UnitOfWork, now: datetime, pop: Pop, actor: str, reason: str) -> None:
    """HR or the manager ends a POP before it is completed; the worker sends the CANCELs."""
    if pop.state in FINAL:
        raise InputError("already_final")
    if not reason.strip():
        raise InputError("reason_needed")
    record_event(uow, now, pop.id, EventKind.CANCEL_REQUESTED, actor, CancelRequested(reason.strip()))


def person_left(uow: UnitOfWork, now: datetime, person: Person, actor: str) -> int:
    """An employee leaves: their open POPs end (the worker cancels them). Returns how many."""
    person.active = False
    person.link_epoch += 1  # their personal links stop working
    pops = uow.session.scalars(select(Pop).where(Pop.employee_id == person.id, Pop.state.not_in(list(FINAL))))
    count = 0
    for pop in pops:
        record_event(uow, now, pop.id, EventKind.EMPLOYEE_LEFT, actor)
        count += 1
    uow.session.flush()
    return count
