"""HR's table per manager: on the round's dashboard the managers most behind (read from
the POPs that are overdue or unplanned only, so the dashboard does not grow with the
round), and the whole table on a page of its own, 50 rows at a time, counted, sorted and
cut in the database (bench/p3_hr_pages.py measures both at 100,000 POPs). The counts are
intake/behind.py's: the same columns, the same meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, false, func, literal, literal_column, or_, select

from intake.behind import REACHED, SORTS, ManagerLine, ManagerRow
from shared.db import UnitOfWork
from shared.models import Person, Pop
from shared.pop_states import State

PAGE_SIZE = 50


@dataclass(frozen=True)
class ManagerPage:
    lines: list[ManagerLine]
    behind_ids: set[int]  # of the lines shown
    managers: int  # in the whole round (with the filter: those behind)
    behind: int  # in the whole round
    page: int  # from 1
    pages: int


def _counts(round_id: int, only=None):
    """A manager's counts over the round's POPs (of `only` these managers)."""
    live = Pop.state != State.CANCELLED
    where = [Pop.round_id == round_id] + ([Pop.manager_id.in_(only)] if only is not None else [])
    return (
        select(
            Pop.manager_id.label("manager_id"),
            func.count(case((live, 1))).label("reports"),
            *(func.count(case((Pop.state.in_(states), 1))).label(name) for name, states in REACHED.items()),
            func.count(case((and_(Pop.overdue != "", live), 1))).label("overdue"),
            func.count(case((Pop.state == State.PLANNING, 1))).label("waiting"),
        )
        .where(*where)
        .group_by(Pop.manager_id)
        .subquery()
    )


def _lines(rows) -> list[ManagerLine]:
    return [
        ManagerLine(
            r.manager_id,
            ManagerRow(r.email, r.name, r.reports, r.planned, r.prepared, r.held, r.signed, r.overdue),
            r.waiting,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class MostBehind:
    lines: list[ManagerLine]  # the most overdue first, then the most unplanned
    behind: int  # managers behind in the whole round


def most_behind(uow: UnitOfWork, round_id: int, past_deadline: bool, limit: int = 10) -> MostBehind:
    """The dashboard's part: who is behind, read from only the POPs that make someone behind
    (overdue ones, and unplanned ones past the deadline), then the full counts of the few shown."""
    # Constants written into the SQL (not parameters): PostgreSQL then sees that the
    # condition implies ix_pops_behind's, and reads that small index alone.
    overdue = Pop.overdue != literal_column("''")
    planning = Pop.state == literal_column("'planning'")
    makes_behind = or_(overdue, planning) if past_deadline else overdue
    late = (
        select(
            Pop.manager_id.label("manager_id"),
            func.count(case((overdue, 1))).label("overdue"),
            func.count(case((planning, 1))).label("waiting"),
        )
        .where(Pop.round_id == round_id, makes_behind, Pop.state != literal_column("'cancelled'"))
        .group_by(Pop.manager_id)
        .subquery()
    )
    # Ties in the order they joined (their id): no join to people for every manager behind.
    ranked = uow.session.execute(
        select(late.c.manager_id, func.count().over().label("total"))
        .order_by(late.c.overdue.desc(), late.c.waiting.desc(), late.c.manager_id)
        .limit(limit)
    ).all()
    if not ranked:
        return MostBehind([], 0)
    order = [r.manager_id for r in ranked]
    counts = _counts(round_id, order)
    rows = uow.session.execute(
        select(counts, Person.name, Person.email).join(Person, Person.id == counts.c.manager_id)
    ).all()
    by_id = {r.manager_id: r for r in rows}
    return MostBehind(_lines(by_id[i] for i in order if i in by_id), ranked[0].total)


def manager_page(
    uow: UnitOfWork,
    round_id: int,
    sort: str = "name",
    descending: bool = False,
    past_deadline: bool = False,
    only_behind: bool = False,
    page: int = 1,
) -> ManagerPage:
    """One page of the table. Behind: something overdue, or reports still unplanned once the
    deadline has passed (behind.is_behind's rule, here in SQL)."""
    counts = _counts(round_id)
    is_behind = or_(counts.c.overdue > 0, and_(literal(past_deadline), counts.c.waiting > 0))
    behind_flag = case((is_behind, 1), else_=0)
    order = {
        "name": func.lower(Person.name),
        "done": counts.c.signed * 1.0 / counts.c.reports,
    }.get(sort if sort in SORTS else "name", None)
    if order is None:
        order = counts.c[sort]
    query = (
        select(
            counts,
            Person.name,
            Person.email,
            behind_flag.label("is_behind"),
            func.count().over().label("total"),
            func.sum(behind_flag).over().label("behind_total"),
        )
        .join(Person, Person.id == counts.c.manager_id)
        .where(counts.c.reports > 0, is_behind if only_behind else ~false())
        .order_by(order.desc() if descending else order, func.lower(Person.name), counts.c.manager_id)
    )
    page = max(1, page)
    rows = uow.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    if not rows and page > 1:  # past the end (an old link, the round changed): the first page
        return manager_page(uow, round_id, sort, descending, past_deadline, only_behind, 1)
    total = rows[0].total if rows else 0
    behind_total = int(rows[0].behind_total or 0) if rows else 0
    return ManagerPage(
        lines=_lines(rows),
        behind_ids={r.manager_id for r in rows if r.is_behind},
        managers=total,
        behind=behind_total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )
