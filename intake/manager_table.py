"""HR's table per manager on a round's dashboard, a page at a time: counted, sorted and cut
in the database, so the page costs the same for a round of 12 managers as for one of 10,000
(bench/p3_hr_pages.py). The counts are intake/behind.py's (the same columns, the same
meaning); the page also says how many managers there are and how many are behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, false, func, literal, or_, select

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
    live = Pop.state != State.CANCELLED
    counts = (
        select(
            Pop.manager_id.label("manager_id"),
            func.count(case((live, 1))).label("reports"),
            *(func.count(case((Pop.state.in_(states), 1))).label(name) for name, states in REACHED.items()),
            func.count(case((and_(Pop.overdue != "", live), 1))).label("overdue"),
            func.count(case((Pop.state == State.PLANNING, 1))).label("waiting"),
        )
        .where(Pop.round_id == round_id)
        .group_by(Pop.manager_id)
        .subquery()
    )
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
    lines = [
        ManagerLine(
            r.manager_id,
            ManagerRow(r.email, r.name, r.reports, r.planned, r.prepared, r.held, r.signed, r.overdue),
            r.waiting,
        )
        for r in rows
    ]
    return ManagerPage(
        lines=lines,
        behind_ids={r.manager_id for r in rows if r.is_behind},
        managers=total,
        behind=behind_total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )
