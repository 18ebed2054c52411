"""Planning the POP conversation (one, or a manager's whole planning page at once) and
moving meetings. Like intake/commands.py: rows and an event, flushed; the caller commits.

A planning page of 20 reports is one transaction; its people, POPs and meetings are read
in one statement each and its meetings and events written in one statement each, instead
of seven statements for every report (what a round launch of 10,000 POPs mostly costs).

The hard rules of shared/schedule_rules.py hold for every caller (the manager's grid, HR's
schedule page, the CLI): nobody twice at overlapping times (one statement reads the
meetings already planned of everyone in the submit), nothing in the past, nothing outside
the round's period. The warnings (a weekend, short notice) are the pages' to ask about.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from intake.commands import InputError, carry_over, default_round
from shared.db import UnitOfWork
from shared.event_types import EventKind, MeetingMoved, MeetingScheduled
from shared.events import record_events
from shared.models import Attendee, Meeting, Person, Pop, Round
from shared.pop_states import BEFORE_MEETING, FINAL, OPEN, State
from shared.schedule_rules import Busy, Proposal, double_booked, outside_period


@dataclass(frozen=True)
class MeetingRequest:
    employee_email: str
    start: datetime
    minutes: int = 60
    location: str = ""


@dataclass(frozen=True)
class Scheduled:
    pop: Pop
    meeting: Meeting
    rescheduled: bool


# Built once (see workflow/facts.py): the planning page runs them for every submit.
_PEOPLE = select(func.lower(Person.email), Person).where(
    func.lower(Person.email).in_(bindparam("emails", expanding=True))
)
_OPEN_POPS = (
    select(Pop)
    .where(Pop.employee_id.in_(bindparam("employee_ids", expanding=True)), Pop.state.in_(sorted(OPEN)))
    .options(joinedload(Pop.round))  # the period, in the same statement
    .order_by(Pop.id)
)
_CONVERSATIONS = select(Meeting).where(
    Meeting.pop_id.in_(bindparam("pop_ids", expanding=True)),
    Meeting.kind == "conversation",
    Meeting.cancelled_at.is_(None),
)
# Every meeting not called off, of any kind, of these people, that overlaps the range.
_BUSY = (
    select(Attendee.person_id, Meeting.id, Meeting.starts_at, Meeting.ends_at)
    .join(Meeting, Meeting.id == Attendee.meeting_id)
    .where(
        Attendee.person_id.in_(bindparam("person_ids", expanding=True)),
        Meeting.cancelled_at.is_(None),
        Meeting.starts_at < bindparam("until"),
        Meeting.ends_at > bindparam("since"),
    )
)


def busy_times(uow: UnitOfWork, person_ids: set[int], since: datetime, until: datetime) -> list[Busy]:
    """The meetings already planned of these people between since and until (one statement)."""
    if not person_ids or until <= since:
        return []
    people: dict[int, set[int]] = {}
    times: dict[int, tuple[datetime, datetime]] = {}
    rows = uow.session.execute(_BUSY, {"person_ids": sorted(person_ids), "since": since, "until": until})
    for person_id, meeting_id, start, end in rows:
        people.setdefault(meeting_id, set()).add(person_id)
        times[meeting_id] = (start, end)
    return [Busy(mid, frozenset(people[mid]), *times[mid]) for mid in sorted(people)]


def schedule_meeting(
    uow: UnitOfWork,
    now: datetime,
    *,
    employee_email: str,
    start: datetime,
    minutes: int = 60,
    location: str = "",
    actor: str = "system",
    tz: str = "Europe/Amsterdam",
) -> Scheduled:
    """Plan (or move) the POP conversation of an employee with their manager."""
    return schedule_meetings(uow, now, [MeetingRequest(employee_email, start, minutes, location)], actor, tz=tz)[0]


def schedule_meetings(
    uow: UnitOfWork,
    now: datetime,
    requests: list[MeetingRequest],
    actor: str = "system",
    *,
    tz: str = "Europe/Amsterdam",
) -> list[Scheduled]:
    """Plan (or move) several conversations in one go; the first request that cannot be
    planned raises InputError (the caller rolls back: all or none). tz: the organisation's
    timezone, whose calendar day the round's period is in."""
    s = uow.session
    people = {
        email: person
        for email, person in s.execute(
            _PEOPLE, {"emails": sorted({r.employee_email.strip().lower() for r in requests})}
        )
    }
    pops_of: dict[int, list[Pop]] = {}
    for pop in s.scalars(_OPEN_POPS, {"employee_ids": sorted({p.id for p in people.values()})}):
        pops_of.setdefault(pop.employee_id, []).append(pop)
    pop_ids = [pop.id for pops in pops_of.values() for pop in pops]
    conversations = {m.pop_id: m for m in s.scalars(_CONVERSATIONS, {"pop_ids": pop_ids})} if pop_ids else {}
    rounds: list = []  # the round of loose POPs, read (or made) once if needed
    chosen = []
    for request in requests:
        employee = people.get(request.employee_email.strip().lower())
        if employee is None or not employee.active:
            raise InputError("unknown_employee", email=request.employee_email)
        if employee.manager_id is None:
            raise InputError("no_manager", email=request.employee_email)
        _check(request, now)
        chosen.append((request, *_pop_to_plan(uow, now, employee, pops_of.setdefault(employee.id, []), rounds)))
    _check_hard_rules(uow, chosen, conversations, people, ZoneInfo(tz))
    s.flush()  # the new POPs, in one statement
    planned: list[tuple[Scheduled, MeetingRequest, int]] = []  # with the SEQUENCE it got
    for request, pop, previous in chosen:
        if previous is not None:
            carry_over(uow, now, previous, pop, actor)
        meeting = conversations.get(pop.id)
        end = request.start + timedelta(minutes=request.minutes)
        if meeting is None:
            meeting = Meeting(
                pop_id=pop.id,
                round_id=pop.round_id,
                kind="conversation",
                uid=f"{uuid.uuid4()}@popflow",
                starts_at=request.start,
                ends_at=end,
                location=request.location,
                created_at=now,
                attendees=[
                    Attendee(person_id=pop.employee_id, role="employee"),
                    Attendee(person_id=pop.manager_id, role="manager"),
                ],
            )
            s.add(meeting)
            conversations[pop.id] = meeting
            planned.append((Scheduled(pop, meeting, False), request, 0))
        else:
            if meeting.id is None:
                s.flush()  # the same employee twice in one submit: the second time moves the first
            _reschedule(meeting, now, request.start, end, request.location)
            planned.append((Scheduled(pop, meeting, True), request, meeting.sequence))
    s.flush()  # the meetings and their attendees, a statement each: the events name the meeting
    record_events(
        uow,
        now,
        [
            (
                done.pop.id,
                EventKind.MEETING_RESCHEDULED if done.rescheduled else EventKind.MEETING_SCHEDULED,
                actor,
                MeetingScheduled(
                    meeting_id=done.meeting.id,
                    start=request.start.isoformat(),
                    minutes=request.minutes,
                    location=request.location,
                    sequence=sequence,
                ),
            )
            for done, request, sequence in planned
        ],
    )
    return [done for done, _request, _sequence in planned]


def _check_hard_rules(uow: UnitOfWork, chosen: list, conversations: dict, people: dict, zone: ZoneInfo) -> None:
    """Outside the round's period, or someone twice at overlapping times: InputError."""
    proposals = []
    for request, pop, _previous in chosen:
        rnd = pop.round if pop.id is not None else uow.session.get(Round, pop.round_id)  # a new POP: the loose round
        day = request.start.astimezone(zone).date()
        period = (rnd.meetings_from, rnd.meetings_until) if rnd and rnd.meetings_from and rnd.meetings_until else None
        if (problem := outside_period(day, period)) is not None:
            raise InputError("outside_round", email=request.employee_email, **_days(problem.details))
        moving = conversations.get(pop.id) if pop.id is not None else None
        # The key is the employee: the same one twice in a submit is a move, not a clash.
        proposals.append(
            Proposal(
                key=pop.employee_id,
                people=frozenset({pop.employee_id, pop.manager_id}),
                start=request.start,
                end=request.start + timedelta(minutes=request.minutes),
                day=day,
                period=period,
                moving=moving.id if moving is not None else None,
            )
        )
    if not proposals:
        return
    since, until = min(p.start for p in proposals), max(p.end for p in proposals)
    clashes = double_booked(proposals, busy_times(uow, {i for p in proposals for i in p.people}, since, until))
    employees = {person.id for person in people.values()}
    for proposal, (request, _pop, _previous) in zip(proposals, chosen, strict=True):
        if (problem := clashes.get(proposal.key)) is not None:
            code = "double_booked" if problem.details["person"] in employees else "double_booked_manager"
            raise InputError(code, email=request.employee_email)


def _days(details: dict) -> dict:
    return {name: value.strftime("%d-%m-%Y") for name, value in details.items()}


def _check(request: MeetingRequest, now: datetime) -> None:
    if request.start <= now:
        raise InputError("start_in_past")
    if not 10 <= request.minutes <= 480:
        raise InputError("bad_duration")


def _pop_to_plan(
    uow: UnitOfWork, now: datetime, employee: Person, open_pops: list[Pop], rounds: list
) -> tuple[Pop, Pop | None]:
    """The POP whose conversation this is (a new one, not yet flushed, when there is none),
    and the POP whose plan runs and which it takes over from, if any."""
    pop = open_pops[-1] if open_pops else None  # the newest open one
    previous = None
    if pop is not None and pop.id is None:
        pass  # made for an earlier row of this submit (the same employee twice)
    elif pop is not None and pop.state == State.ACTION:
        previous, pop = pop, None  # the next conversation: a new POP takes over
    elif pop is not None and pop.state not in BEFORE_MEETING:
        raise InputError("meeting_already_held")
    elif pop is not None and pop.state == State.PLANNING:
        # Launched by a round while the last plan still runs: it takes over once its meeting is set.
        previous = next((p for p in open_pops if p.id != pop.id and p.state == State.ACTION), None)
    if pop is None:
        if not rounds:
            rounds.append(default_round(uow, now))
        pop = Pop(
            round_id=rounds[0].id,
            employee_id=employee.id,
            manager_id=employee.manager_id,
            department=employee.department,
            question_set=rounds[0].question_set,
            created_at=now,
            state_changed_at=now,
        )
        uow.session.add(pop)
        open_pops.append(pop)
    return pop, previous


def move_meeting(
    uow: UnitOfWork,
    now: datetime,
    pop: Pop,
    meeting: Meeting,
    actor: str,
    *,
    start: datetime,
    minutes: int,
    location: str,
) -> Meeting:
    """Another time for a meeting of this POP (after a decline, say): the same UID, a new SEQUENCE."""
    if meeting.pop_id != pop.id:
        raise InputError("not_yours")
    if meeting.cancelled_at is not None or pop.state in FINAL or meeting.ends_at <= now:
        raise InputError("meeting_not_movable")
    if meeting.kind == "conversation" and pop.state not in BEFORE_MEETING:
        raise InputError("meeting_already_held")
    _check(MeetingRequest("", start, minutes, location), now)
    _reschedule(meeting, now, start, start + timedelta(minutes=minutes), location)
    uow.session.flush()
    record_events(
        uow,
        now,
        [
            (
                pop.id,
                EventKind.MEETING_RESCHEDULED,
                actor,
                MeetingMoved(
                    meeting_id=meeting.id,
                    kind=meeting.kind,
                    start=start.isoformat(),
                    minutes=minutes,
                    location=location,
                    sequence=meeting.sequence,
                ),
            )
        ],
    )
    return meeting


def _reschedule(meeting: Meeting, now: datetime, start: datetime, end: datetime, location: str) -> None:
    # Same UID, SEQUENCE + 1: calendar programs update the event they have, and
    # everyone answers again for the new time.
    meeting.starts_at, meeting.ends_at, meeting.location = start, end, location
    meeting.sequence += 1
    meeting.created_at = now
    for attendee in meeting.attendees:
        attendee.partstat, attendee.answered_sequence, attendee.answered_at = "NEEDS-ACTION", None, None
    meeting.tally_answers()
