"""Workflow use cases: load a POP's facts, ask the machine and the rules, write the outcome.

Functions here take a UnitOfWork and flush; the actor (or CLI) commits. Intake never
calls these: it records input and an event, and the worker comes here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from shared.db import UnitOfWork
from shared.event_types import EventKind, ManagerFollowed, StateChanged
from shared.events import facts_in_one_statement, record_fact
from shared.log_context import bind_pop
from shared.models import Event, Meeting, Pop, Preparation
from shared.outbox import BUNDLE, add_mail, mails_in_one_statement
from shared.rows_at_once import update_rows, write_columns
from workflow import machine, rules
from workflow.entry import (
    ENTRY,
    MAIL_ONLY_ENTRY,
    ensure_decline_notices,
    ensure_invites,
    ensure_sign_request,
    was_invited,
)
from workflow.facts import DEFAULT_TZ, load_facts, meetings_of, settings_of
from workflow.group_reads import GroupReads, read_events, read_group
from workflow.machine import FINAL, Facts, Settings, State, Transition

# Locked (one advance per POP at a time), with its round and both people in the same read;
# built once (see workflow/facts.py).
_LOCKED_POP = (
    select(Pop)
    .where(Pop.id == bindparam("pop_id"))
    .with_for_update(of=Pop)
    .options(
        joinedload(Pop.round, innerjoin=True),
        joinedload(Pop.employee, innerjoin=True),
        joinedload(Pop.manager, innerjoin=True),
    )
)


# What every advance sets on a POP; a group writes them in one statement (its other
# changes, rarer, go out in the session's flush).
POP_STEP_COLUMNS = ("state", "state_changed_at", "exchange_at", "overdue", "next_check_at")


def handle_events(uow: UnitOfWork, event_ids: list[int], now: datetime, tz: str = DEFAULT_TZ) -> None:
    """A group of events (the ones one transaction queued: a manager's planning submit) in
    one transaction: what they need read a statement per kind for them all, their mails,
    facts, outcomes and POPs' steps written a statement each. Each event as handle_event."""
    events = read_events(uow, event_ids)
    reads = read_group(uow, {e.pop_id for e in events.values() if e.pop_id and e.handled_at is None})
    handled: list[dict] = []
    with mails_in_one_statement(uow), facts_in_one_statement(uow):
        for event_id in dict.fromkeys(event_ids):  # the same id twice is handled once
            event = events.get(event_id)
            if event is None or event.handled_at is not None:
                continue
            bind_pop(event.pop_id)
            outcome = advance(uow, event.pop_id, now, tz, reads) if event.pop_id else "no POP"
            handled.append({"id": event_id, "outcome": outcome, "handled_at": now})
        write_columns(uow.session, list(reads.pops.values()), POP_STEP_COLUMNS)
        update_rows(uow.session, Event.__table__, handled)
    uow.session.flush()


def advance_many(uow: UnitOfWork, pop_ids: list[int], now: datetime, tz: str = DEFAULT_TZ) -> None:
    """advance() for a group of POPs (the tick's nudges), read and written as handle_events does."""
    reads = read_group(uow, set(pop_ids))
    with mails_in_one_statement(uow), facts_in_one_statement(uow):
        for pop_id in pop_ids:
            bind_pop(pop_id)  # log lines name the POP; the worker's middleware scopes it per message
            advance(uow, pop_id, now, tz, reads)
        write_columns(uow.session, list(reads.pops.values()), POP_STEP_COLUMNS)
    uow.session.flush()


def handle_event(uow: UnitOfWork, event_id: int, now: datetime, tz: str = DEFAULT_TZ) -> None:
    """Apply one event. Handling the same event twice changes nothing the second time;
    an event for a state already left is recorded with its outcome and otherwise ignored."""
    event = uow.session.get(Event, event_id)
    if event is None or event.handled_at is not None:
        return
    bind_pop(event.pop_id)  # log lines from here on name the POP
    # Both set after the advance: one UPDATE of the event, not two.
    event.outcome = advance(uow, event.pop_id, now, tz) if event.pop_id else "no POP"
    event.handled_at = now


def advance(uow: UnitOfWork, pop_id: int, now: datetime, tz: str = DEFAULT_TZ, reads: GroupReads | None = None) -> str:
    """Walk the POP through every transition that applies now, then apply the time rules.
    `reads`: what handle_events/advance_many read for the group (the POP locked with it)."""
    pop = reads.pops.get(pop_id) if reads else None
    if pop is None:
        pop = uow.session.scalar(_LOCKED_POP, {"pop_id": pop_id})
    if pop is None:
        return "unknown POP"
    if pop.state in FINAL:
        pop.next_check_at = None
        return f"ignored: state is {pop.state}"
    settings = settings_of(pop, tz)
    _follow_manager_change(uow, pop, now)
    walked, facts, meetings = _walk(uow, pop, now, settings, reads.take(pop.id) if reads else None)
    if pop.state not in FINAL:
        _keep_up(uow, pop, now, settings, facts, meetings)
    pop.exchange_at = machine.exchange_at(facts, settings)
    pop.overdue = ",".join(rules.overdue(facts, now, settings))
    pop.next_check_at = rules.next_moment(facts, now, settings)
    if reads is None:
        uow.session.flush()  # a group flushes once, after its last POP
    if walked:
        return "advanced to " + " → ".join(walked)
    return f"no change: state is {pop.state}"


def _walk(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, share: tuple[list[Meeting], Facts] | None
) -> tuple[list[str], Facts, list[Meeting]]:
    """Every transition that applies now, in turn: the states walked, the facts and meetings after.
    `share`: the group's read of this POP's meetings and facts, if there is one."""
    walked: list[str] = []
    meetings, facts = share if share is not None else ([], None)
    while True:
        if facts is None:
            meetings = meetings_of(uow, pop.id)
            facts = load_facts(uow, pop, meetings)
        transition = machine.next_transition(facts, now, settings)
        if transition is None:
            return walked, facts, meetings
        _enter(uow, pop, transition, now, settings, facts, meetings)
        walked.append(transition.target)
        # Entering these states only queues mail: the facts and meetings stay as read, but
        # for the state; the other entries change meetings, so they are read again.
        facts = replace(facts, state=transition.target) if transition.target in MAIL_ONLY_ENTRY else None


def _keep_up(
    uow: UnitOfWork, pop: Pop, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    """What a POP that is still running needs in its state: invites, notices, reminders."""
    ensure_invites(uow, pop, now, facts, settings, meetings)
    ensure_decline_notices(uow, pop, now, meetings)
    ensure_sign_request(uow, pop, now, facts)
    _apply_late_exchange(uow, pop, facts, now)
    _send_due_reminders(uow, pop, facts, now, settings)


def _enter(
    uow: UnitOfWork, pop: Pop, t: Transition, now: datetime, settings: Settings, facts: Facts, meetings: list[Meeting]
) -> None:
    pop.state = t.target
    pop.state_changed_at = now
    record_fact(
        uow,
        now,
        pop.id,
        EventKind.STATE_CHANGED,
        "system",
        StateChanged(from_=t.source.value, to=t.target.value, reason=t.reason),
    )
    ENTRY[t.target](uow, pop, now, settings, replace(facts, state=t.target), meetings)


def _apply_late_exchange(uow: UnitOfWork, pop: Pop, facts: Facts, now: datetime) -> None:
    """A side that prepares after the exchange still reaches the other side, once."""
    if pop.state != State.ALIGNMENT:
        return
    for role in facts.prepared:
        submitted = uow.session.scalar(
            select(Preparation.submitted_at).where(
                Preparation.pop_id == pop.id, Preparation.role == role, Preparation.author_id == pop.person_id_in(role)
            )
        )
        if submitted and submitted > pop.state_changed_at:
            other = "manager" if role == "employee" else "employee"
            add_mail(
                uow,
                now,
                pop_id=pop.id,
                kind="exchange",
                recipient_id=pop.person_in(other).id,
                sequence="late",
                data={"late": True},
            )


def _send_due_reminders(uow: UnitOfWork, pop: Pop, facts: Facts, now: datetime, settings: Settings) -> None:
    for reminder in rules.due_reminders(facts, now, settings):
        # A manager's reminders of several reports go out together (notifier/bundles.py).
        bundle = {BUNDLE: True} if reminder.role == "manager" else {}
        add_mail(
            uow,
            now,
            pop_id=pop.id,
            kind=reminder.kind,
            recipient_id=pop.person_in(reminder.role).id,
            sequence=reminder.key,
            data={**reminder.data, "until": reminder.until.isoformat(), **bundle},
        )


def _follow_manager_change(uow: UnitOfWork, pop: Pop, now: datetime) -> None:
    """The POP follows the employee's new manager: future meetings move to them.

    The old manager gets a CANCEL for each future meeting; the new one an invite of the
    next SEQUENCE (through ensure_invites). Past meetings keep who was there.
    """
    new_manager = pop.employee.manager_id
    if new_manager is None or new_manager == pop.manager_id:
        return
    old_manager = pop.manager_id
    future = uow.session.scalars(
        select(Meeting).where(Meeting.pop_id == pop.id, Meeting.cancelled_at.is_(None), Meeting.ends_at > now)
    ).all()
    for meeting in future:
        meeting.sequence += 1
        for attendee in meeting.attendees:
            if attendee.role == "manager":
                attendee.person_id, attendee.partstat, attendee.answered_sequence = new_manager, "NEEDS-ACTION", None
        meeting.tally_answers()
        if not was_invited(uow, pop, meeting, old_manager):
            continue  # a review whose invitation was not due yet: nothing in their calendar
        add_mail(
            uow,
            now,
            pop_id=pop.id,
            kind="meeting_cancelled",
            recipient_id=old_manager,
            sequence=f"{meeting.id}-{meeting.sequence}",
            data={"meeting_id": meeting.id, "sequence": meeting.sequence, "former_manager": True},
        )
    pop.manager_id = new_manager
    uow.session.flush()
    uow.session.refresh(pop, ["manager"])
    record_fact(
        uow, now, pop.id, EventKind.MANAGER_CHANGED, "system", ManagerFollowed(from_=old_manager, to=new_manager)
    )
