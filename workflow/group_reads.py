"""What a group of messages needs read, for all its POPs at once.

A manager's planning submit sends twenty events in one message; handled one by one they
cost six reads each (the event, the POP under lock, its meetings, agreements, signatures
and yes/no facts). Read here a statement per kind for the whole group, then each POP's
step uses its share. A POP's share is taken once: a second event of the same POP in the
group (its state has moved meanwhile) reads afresh, as a single event does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import BindParameter, Row, bindparam, exists, select
from sqlalchemy.orm import joinedload

from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.models import Agreement, Event, Meeting, Pop, Preparation, Signature
from workflow.facts import facts_from, superseded_among
from workflow.machine import Facts

_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_POP_IDS: BindParameter[list[int]] = bindparam("pop_ids", expanding=True)
_EVENTS = select(Event.id, Event.pop_id, Event.handled_at).where(Event.id.in_(_IDS))
# Locked in id order, as two groups that share a POP must take their locks.
_LOCKED_POPS = (
    select(Pop)
    .where(Pop.id.in_(_POP_IDS))
    .order_by(Pop.id)
    .with_for_update(of=Pop)
    .options(
        joinedload(Pop.round, innerjoin=True),
        joinedload(Pop.employee, innerjoin=True),
        joinedload(Pop.manager, innerjoin=True),
    )
)
_MEETINGS = (
    select(Meeting)
    .where(Meeting.pop_id.in_(_POP_IDS), Meeting.cancelled_at.is_(None))
    .options(joinedload(Meeting.attendees))
    .order_by(Meeting.id)
)
_AGREEMENTS = select(Agreement).where(Agreement.pop_id.in_(_POP_IDS))
_SIGNATURES = select(Signature).where(Signature.pop_id.in_(_POP_IDS)).order_by(Signature.id)


# Each subquery also names the group's POPs (redundant for the result): PostgreSQL may run
# an EXISTS once for all rows, as a hash, and then reads only the group's rows through an
# index instead of the whole table.
def _prepared(role: str):
    holder = Pop.employee_id if role == "employee" else Pop.manager_id  # a former manager's is not theirs
    return exists().where(
        Preparation.pop_id == Pop.id,
        Preparation.pop_id.in_(_POP_IDS),
        Preparation.role == role,
        Preparation.author_id == holder,
        Preparation.submitted_at.is_not(None),
    )


# The yes/no facts of workflow/facts.py, a row per POP (the successor: superseded_among);
# then whether it has agreements or signatures: most groups (a launch, a planning
# submit) have none, and need not read them.
_YES_NO = select(
    Pop.id,
    _prepared("employee"),
    _prepared("manager"),
    exists().where(Event.pop_id == Pop.id, Event.pop_id.in_(_POP_IDS), Event.kind == EventKind.CANCEL_REQUESTED),
    exists().where(Agreement.pop_id == Pop.id, Agreement.pop_id.in_(_POP_IDS)),
    exists().where(Signature.pop_id == Pop.id, Signature.pop_id.in_(_POP_IDS)),
).where(Pop.id.in_(_POP_IDS))


@dataclass
class GroupReads:
    """The locked POPs of a group and, once per POP, the meetings and facts read for it."""

    pops: dict[int, Pop] = field(default_factory=dict)
    _shares: dict[int, tuple[list[Meeting], Facts]] = field(default_factory=dict)

    def take(self, pop_id: int) -> tuple[list[Meeting], Facts] | None:
        return self._shares.pop(pop_id, None)


def read_events(uow: UnitOfWork, event_ids: list[int]) -> dict[int, Row]:
    """The events' id, pop_id and handled_at, by id, in one statement (rows, not ORM
    objects: the group writes their outcomes in one UPDATE of its own)."""
    return {row.id: row for row in uow.session.execute(_EVENTS, {"ids": event_ids})}


def read_group(uow: UnitOfWork, pop_ids: set[int]) -> GroupReads:
    """Lock the POPs (in id order) and read what their steps need."""
    if not pop_ids:
        return GroupReads()
    s = uow.session
    pops = {pop.id: pop for pop in s.scalars(_LOCKED_POPS, {"pop_ids": sorted(pop_ids)}).unique()}
    if not pops:
        return GroupReads()
    ids = {"pop_ids": sorted(pops)}
    meetings: dict[int, list[Meeting]] = {pop_id: [] for pop_id in pops}
    for meeting in s.scalars(_MEETINGS, ids).unique():
        meetings[meeting.pop_id].append(meeting)
    yes_no = {pop_id: rest for pop_id, *rest in s.execute(_YES_NO, ids)}
    agreements: dict[int, list[Agreement]] = {pop_id: [] for pop_id in pops}
    if any(has_agreements for *_, has_agreements, _ in yes_no.values()):
        for agreement in s.scalars(_AGREEMENTS, ids):
            agreements[agreement.pop_id].append(agreement)
    signatures: dict[int, list[Signature]] = {pop_id: [] for pop_id in pops}
    if any(has_signatures for *_, has_signatures in yes_no.values()):
        for signature in s.scalars(_SIGNATURES, ids):
            signatures[signature.pop_id].append(signature)
    superseded = superseded_among(uow, list(pops.values()))
    shares = {}
    for pop_id, (employee_prepared, manager_prepared, cancel_requested, *_) in yes_no.items():
        shares[pop_id] = (
            meetings[pop_id],
            facts_from(
                pops[pop_id],
                meetings[pop_id],
                agreements[pop_id],
                signatures[pop_id],
                (employee_prepared, manager_prepared, cancel_requested, pop_id in superseded),
            ),
        )
    return GroupReads(pops, shares)
