"""The link's query: the POP and both its people, in one statement.

A page gets ORM objects. A save (a POST to a view that locks the POP) takes the POP's lock
in the same statement (FOR UPDATE OF pops) and gets plain rows: loading the POP and both
people as ORM objects cost more than the query itself, and a draft save needs only a few
of their columns, with the few methods the link check, the access guard and the draft save
use. A save that needs the objects after all calls full_link(), which loads them (under
the lock already held, so as saved now).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask import abort, g
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from intake import web
from shared.models import Person, Pop

# One query for the POP and both its people (most pages name the other side): the link's
# person is one of them, so get() and pop.employee/manager need no SQL. Plain rows, not
# joinedload options, so that a later refresh of the POP stays one table. Built once: an
# alias made per request costs SQLAlchemy its column collections again on every link.
_EMPLOYEE_OBJECT, _MANAGER_OBJECT = aliased(Person, name="employee"), aliased(Person, name="manager")
_POP_AND_PEOPLE = (
    select(Pop, _EMPLOYEE_OBJECT, _MANAGER_OBJECT)
    .join(_EMPLOYEE_OBJECT, _EMPLOYEE_OBJECT.id == Pop.employee_id)
    .join(_MANAGER_OBJECT, _MANAGER_OBJECT.id == Pop.manager_id)
    .where(Pop.id == bindparam("pop_id"))
)


def pop_and_people(session: Session, pop_id: int) -> Pop | None:
    """The POP as an ORM object, its people loaded with it (g holds them: the session keeps
    objects only weakly)."""
    found = session.execute(_POP_AND_PEOPLE, {"pop_id": pop_id}).first()
    pop, *g.pop_people = found or (None,)
    return pop


def full_link() -> Pop:
    """g.current_pop and g.person as ORM objects, loaded now if the link query of a save
    read plain rows (its lock is held: they are as saved now)."""
    if isinstance(g.current_pop, Pop):
        return g.current_pop
    session = web.uow().session
    pop = pop_and_people(session, g.current_pop.id)
    person = session.get(Person, g.person.id)
    if pop is None or person is None or person.link_epoch != g.person.link_epoch or pop.role_of(person.id) != g.role:
        abort(404)  # its people changed since the link query: as when they change during it
    g.current_pop, g.person = pop, person
    return pop


@dataclass(frozen=True, slots=True)
class LinkedPerson:
    id: int
    name: str
    language: str
    link_epoch: int


@dataclass(frozen=True, slots=True)
class LockedPop:
    """What a save reads of the POP under its lock; Pop's own names, so callers take either."""

    id: int
    state: str
    question_set: str
    employee: LinkedPerson
    manager: LinkedPerson

    @property
    def employee_id(self) -> int:
        return self.employee.id

    @property
    def manager_id(self) -> int:
        return self.manager.id

    def role_of(self, person_id: int) -> Literal["employee", "manager"] | None:  # as Pop.role_of
        if person_id == self.employee.id:
            return "employee"
        if person_id == self.manager.id:
            return "manager"
        return None

    def person_id_in(self, role: str) -> int:
        return self.employee.id if role == "employee" else self.manager.id


_POPS = Pop.__table__
_PEOPLE = Person.__table__
_EMPLOYEE, _MANAGER = _PEOPLE.alias("employee"), _PEOPLE.alias("manager")
_PERSON_COLUMNS = ("id", "name", "language", "link_epoch")
_LOCKED_LINK = (
    select(
        _POPS.c.id,
        _POPS.c.state,
        _POPS.c.question_set,
        *(_EMPLOYEE.c[name] for name in _PERSON_COLUMNS),
        *(_MANAGER.c[name] for name in _PERSON_COLUMNS),
    )
    .join_from(_POPS, _EMPLOYEE, _EMPLOYEE.c.id == _POPS.c.employee_id)
    .join(_MANAGER, _MANAGER.c.id == _POPS.c.manager_id)
    .where(_POPS.c.id == bindparam("pop_id"))
    .with_for_update(of=_POPS)
)


def locked_link(session: Session, pop_id: int) -> LockedPop | None:
    """The POP with both its people, its row locked until this transaction ends."""
    row = session.connection().execute(_LOCKED_LINK, {"pop_id": pop_id}).first()
    if row is None:
        return None
    n = len(_PERSON_COLUMNS)
    return LockedPop(row[0], row[1], row[2], LinkedPerson(*row[3 : 3 + n]), LinkedPerson(*row[3 + n : 3 + 2 * n]))


def person_of(pop: LockedPop, person_id: int) -> LinkedPerson | None:
    return pop.employee if person_id == pop.employee.id else pop.manager if person_id == pop.manager.id else None
