"""The link of a save (a POST to a view that locks the POP), read as plain rows.

A save's link query takes the POP's lock too (FOR UPDATE OF pops). Loading the POP and
both its people as ORM objects cost more than the query itself, and a draft save needs
only a few of their columns: here they come as frozen rows with the few methods the link
check, the access guard and the draft save use. A view that needs the objects after all
calls views.full_link(), which loads them (under the lock already held, so as saved now).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from shared.models import Person, Pop


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
