"""HR's list of people: a search, keyset pages in order of name, each person with their
manager and POPs; without Flask.

A page costs three statements whatever the number of people: the people (with their
manager, one join), their own POPs, and how many POPs each holds as a manager; a search
adds the count.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from intake.pop_query import people_matching
from shared.db import UnitOfWork
from shared.models import Person, Pop, Round

PAGE_SIZE = 50
Manager = aliased(Person)


@dataclass(frozen=True)
class PersonPop:
    id: int
    state: str
    round_name: str


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    email: str
    employee_number: str | None
    department: str
    active: bool
    manager_name: str | None
    manager_email: str | None
    pops: list[PersonPop] = field(default_factory=list)  # their own, newest first
    managed: int = 0  # the POPs they hold as the manager


def _matching(query, term: str | None):
    return query.where(people_matching(term)) if term else query


def count(uow: UnitOfWork, term: str | None) -> int:
    return uow.session.scalar(_matching(select(func.count(Person.id)), term))


def page(
    uow: UnitOfWork, term: str | None, after: int | None = None, size: int = PAGE_SIZE
) -> tuple[list[PersonRow], int | None]:
    """People by name (then id, for two of the same name); `after` is the id of the last
    person of the previous page: the next page starts after their (name, id)."""
    query = _matching(
        select(
            Person.id,
            Person.name,
            Person.email,
            Person.employee_number,
            Person.department,
            Person.active,
            Manager.name,
            Manager.email,
        ).outerjoin(Manager, Manager.id == Person.manager_id),
        term,
    )
    if after is not None:
        last = select(Person.name).where(Person.id == after).scalar_subquery()
        query = query.where(or_(Person.name > last, and_(Person.name == last, Person.id > after)))
    found = uow.session.execute(query.order_by(Person.name, Person.id).limit(size + 1)).all()
    rows = [PersonRow(*row) for row in found[:size]]
    if rows:
        by_id = {row.id: row for row in rows}
        pops = uow.session.execute(
            select(Pop.employee_id, Pop.id, Pop.state, Round.name)
            .join(Round, Round.id == Pop.round_id)
            .where(Pop.employee_id.in_(by_id))
            .order_by(Pop.id.desc())
        )
        for employee_id, pop_id, state, round_name in pops:
            by_id[employee_id].pops.append(PersonPop(pop_id, state, round_name))
        managed = dict(
            uow.session.execute(
                select(Pop.manager_id, func.count(Pop.id)).where(Pop.manager_id.in_(by_id)).group_by(Pop.manager_id)
            ).all()
        )
        rows = [replace(row, managed=managed.get(row.id, 0)) for row in rows]
    return rows, (rows[-1].id if len(found) > size else None)
