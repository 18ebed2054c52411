"""Who is behind in a round: a row per manager (one GROUP BY), and HR's planning reminder
to one manager or to all who are behind, read first as a preview.

HR's reminder is the tick's planning reminder (shared/planning_reminder.py), at most one a
day per manager: its dedupe key names the day in the organisation's time. Each POP it is
about gets a line in its timeline. No Flask here: the page calls these and commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select

from intake.api.schema import Count, named
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_fact
from shared.models import OutboxMail, Person, Pop
from shared.planning_reminder import PLANNING_REMINDER, queue_planning_reminder
from shared.pop_states import State

# A POP counts as planned once it has left planning, and so on: each column holds the ones
# that reached that step or a later one. Cancelled POPs count nowhere, not even as reports.
REACHED = {
    "planned": ("announcement", "alignment", "agreements", "action", "completed"),
    "prepared": ("alignment", "agreements", "action", "completed"),
    "held": ("agreements", "action", "completed"),
    "signed": ("action", "completed"),
}
SORTS = ("name", "reports", "planned", "prepared", "held", "signed", "overdue", "done")
Sort = Literal["name", "reports", "planned", "prepared", "held", "signed", "overdue", "done"]


@named
@dataclass(frozen=True)
class ManagerRow:
    email: str
    name: str
    reports: Count
    planned: Count
    prepared: Count
    held: Count
    signed: Count
    overdue: Count


@dataclass(frozen=True)
class ManagerLine:
    """A row of HR's table: the counts, and what the page needs beside them."""

    manager_id: int
    row: ManagerRow
    waiting: int  # still in planning

    @property
    def done(self) -> int:
        """Share done: signed or further, as a whole percentage of the reports."""
        return round(100 * self.row.signed / self.row.reports) if self.row.reports else 0


def manager_lines(uow: UnitOfWork, round_id: int) -> list[ManagerLine]:
    """Every manager of the round's POPs, by name: one aggregate query."""

    def reached(states: tuple[str, ...]):
        return func.count(case((Pop.state.in_(states), 1)))

    live = Pop.state != State.CANCELLED
    rows = uow.session.execute(
        select(
            Pop.manager_id,
            Person.name,
            Person.email,
            func.count(case((live, 1))),
            *(reached(states) for states in REACHED.values()),
            func.count(case(((Pop.overdue != "") & live, 1))),
            func.count(case((Pop.state == State.PLANNING, 1))),
        )
        .join(Person, Person.id == Pop.manager_id)
        .where(Pop.round_id == round_id)
        .group_by(Pop.manager_id, Person.name, Person.email)
        .order_by(Person.name, Pop.manager_id)
    ).all()
    return [
        ManagerLine(manager_id, ManagerRow(email, name, reports, planned, prepared, held, signed, overdue), waiting)
        for manager_id, name, email, reports, planned, prepared, held, signed, overdue, waiting in rows
        if reports
    ]


def sorted_lines(lines: list[ManagerLine], sort: str, descending: bool) -> list[ManagerLine]:
    """By a column of the table (an unknown one: by name); ties by name."""
    by_name = sorted(lines, key=lambda line: line.row.name.casefold())
    if sort not in SORTS or sort == "name":
        return list(reversed(by_name)) if descending else by_name
    key = (lambda line: line.done) if sort == "done" else (lambda line: getattr(line.row, sort))
    return sorted(by_name, key=key, reverse=descending)


def is_behind(line: ManagerLine, deadline: date | None, today: date) -> bool:
    """Something overdue, or reports still unplanned once the deadline has passed."""
    return bool(line.row.overdue) or (deadline is not None and today > deadline and line.waiting > 0)


def local_day(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def hr_moment(now: datetime, tz: str) -> str:
    """The moment part of HR's reminder key: one a day per manager, the day as the organisation counts it."""
    return f"hr-{local_day(now, tz).isoformat()}"


def first_waiting(uow: UnitOfWork, round_id: int, manager_ids: list[int]) -> dict[int, int]:
    """manager id -> the first of their POPs still in planning (the POP the mail carries)."""
    if not manager_ids:
        return {}
    return dict(
        uow.session.execute(
            select(Pop.manager_id, func.min(Pop.id))
            .where(Pop.round_id == round_id, Pop.state == State.PLANNING, Pop.manager_id.in_(manager_ids))
            .group_by(Pop.manager_id)
        ).all()
    )


def preview_mail(round_id: int, manager_id: int, pop_id: int) -> OutboxMail:
    """The row the reminder would be, not added to the session: for the preview."""
    return OutboxMail(kind=PLANNING_REMINDER, pop_id=pop_id, recipient_id=manager_id, data={"round_id": round_id})


@dataclass
class Sent:
    sent: list[int]  # manager ids reminded now
    already: list[int]  # reminded earlier today
    nothing: list[int]  # nobody left to plan


def send_reminders(uow: UnitOfWork, now: datetime, round_id: int, manager_ids: list[int], actor: str, tz: str) -> Sent:
    """HR's planning reminder to each of these managers; a line in each waiting POP's timeline."""
    first = first_waiting(uow, round_id, manager_ids)
    result = Sent([], [], [m for m in manager_ids if m not in first])
    moment = hr_moment(now, tz)
    for manager_id, pop_id in first.items():
        if queue_planning_reminder(uow, now, round_id, manager_id, pop_id, moment) is None:
            result.already.append(manager_id)
            continue
        result.sent.append(manager_id)
        waiting = uow.session.scalars(
            select(Pop.id).where(Pop.round_id == round_id, Pop.state == State.PLANNING, Pop.manager_id == manager_id)
        )
        for waiting_id in waiting:
            record_fact(uow, now, waiting_id, EventKind.PLANNING_REMINDED, actor, {"round_id": round_id})
    uow.session.flush()
    return result
