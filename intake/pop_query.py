"""HR's list of POPs: filters, keyset paging and the rows of an export, without Flask.

The same filter serves the page, the CSV/XLSX export and the API. Each page costs a
fixed number of statements whatever the number of POPs: the rows (one join), the
count, and the declined marks of the rows on the page.

A search (``q``) and a manager's name are matched on the people table, not on the
POPs: a subquery of the matching people's ids, which PostgreSQL finds through the
trigram indexes of migration 0022 when pg_trgm is there, and then one pass over the POPs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Annotated, Literal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from intake.api.schema import Doc, Id, named
from shared.db import UnitOfWork, unicode_lower
from shared.models import Attendee, Meeting, Person, Pop, Round
from shared.safe_text import refused_character, single_line

PAGE_SIZE = 50
SEARCH_LIMIT = 100  # characters of a search that count: longer than any name part one types
PHASES = ("planning", "announcement", "alignment", "agreements", "action", "completed", "cancelled")
Phase = Literal[PHASES]  # type: ignore[valid-type]


@dataclass(frozen=True)
class PopFilter:
    round_id: int | None = None
    phase: str | None = None
    department: str | None = None
    manager: str | None = None  # the manager's e-mail address, or (a part of) their name; lower case
    overdue: bool = False
    q: str | None = None  # a part of the employee's or manager's name, e-mail or number; lower case

    @classmethod
    def from_args(cls, args) -> PopFilter:
        """From a query string; anything unknown is ignored rather than an error."""
        round_id = args.get("round", "")
        phase = args.get("phase", "")
        return cls(
            round_id=int(round_id) if round_id.isascii() and round_id.isdigit() and len(round_id) < 10 else None,
            phase=phase if phase in PHASES else None,
            department=_text(args, "department"),
            manager=(_text(args, "manager") or "").lower()[:SEARCH_LIMIT] or None,
            overdue=args.get("overdue", "") in ("1", "on", "true"),
            q=search_term(args.get("q", "")),
        )

    def as_args(self) -> dict[str, str]:
        out = {
            "round": self.round_id,
            "phase": self.phase,
            "department": self.department,
            "manager": self.manager,
            "overdue": "1" if self.overdue else None,
            "q": self.q,
        }
        return {k: str(v) for k, v in out.items() if v}


def _text(args, name: str) -> str | None:
    """A text filter; one with a control character names nothing and is ignored like any
    unknown value (PostgreSQL refuses a NUL in a query: a 500 before)."""
    value = args.get(name, "").strip()
    return value if value and refused_character(value) is None else None


def search_term(raw: str | None) -> str | None:
    """What a search looks for: one line without controls (whatever was typed or pasted),
    in lower case, at most SEARCH_LIMIT characters; None for nothing."""
    return single_line(raw or "", limit=None)[:SEARCH_LIMIT].strip().lower() or None


def people_matching(term: str) -> ColumnElement[bool]:
    """A person whose name, e-mail address or employee number holds `term` (lower case),
    whatever its case. `%` and `_` in it are letters here, not LIKE wildcards (autoescape)."""
    return or_(
        *(
            unicode_lower(column).contains(term, autoescape=True)
            for column in (Person.name, Person.email, Person.employee_number)
        )
    )


def _manager_named(value: str) -> ColumnElement[bool]:
    return or_(func.lower(Person.email) == value, unicode_lower(Person.name).contains(value, autoescape=True))


@named
@dataclass(frozen=True)
class PopRow:
    id: Id
    state: Phase
    overdue: Annotated[str, Doc("Comma-separated marks, empty when nothing is overdue.")]
    round_name: str
    employee_name: str
    employee_email: str
    department: str
    manager_name: str
    manager_email: str
    meeting_start: datetime | None
    declined: Annotated[bool, Doc("A meeting ahead was declined: a new time is needed.")] = False


Employee, Manager = aliased(Person), aliased(Person)
COLUMNS = (
    Pop.id,
    Pop.state,
    Pop.overdue,
    Round.name,
    Employee.name,
    Employee.email,
    Employee.department,
    Manager.name,
    Manager.email,
    Meeting.starts_at,
)


def _where(query: Select, f: PopFilter) -> Select:
    if f.round_id is not None:
        query = query.where(Pop.round_id == f.round_id)
    if f.phase:
        query = query.where(Pop.state == f.phase)
    if f.department:
        query = query.where(Employee.department == f.department)
    if f.manager:
        query = query.where(Pop.manager_id.in_(select(Person.id).where(_manager_named(f.manager))))
    if f.q:
        found = select(Person.id).where(people_matching(f.q))
        query = query.where(or_(Pop.employee_id.in_(found), Pop.manager_id.in_(found)))
    if f.overdue:
        query = query.where(Pop.overdue != "")
    return query


def _joined(query: Select, with_meeting: bool = True) -> Select:
    query = (
        query.join(Employee, Employee.id == Pop.employee_id)
        .join(Manager, Manager.id == Pop.manager_id)
        .join(Round, Round.id == Pop.round_id)
    )
    if with_meeting:
        query = query.outerjoin(
            Meeting, and_(Meeting.pop_id == Pop.id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None))
        )
    return query


def count(uow: UnitOfWork, f: PopFilter) -> int:
    # Join only the people a filter names: every POP has both (NOT NULL foreign keys), so
    # the count is the same, and without a filter it is one scan of pops, not three joins.
    query = select(func.count(Pop.id))
    if f.department:
        query = query.join(Employee, Employee.id == Pop.employee_id)
    return uow.session.scalar(_where(query, f))


def page(
    uow: UnitOfWork, f: PopFilter, now: datetime, before: int | None = None, size: int = PAGE_SIZE
) -> tuple[list[PopRow], int | None]:
    """The newest POPs first; `before` is the last id of the previous page (keyset paging)."""
    query = _where(_joined(select(*COLUMNS)), f)
    if before is not None:
        query = query.where(Pop.id < before)
    found = uow.session.execute(query.order_by(Pop.id.desc()).limit(size + 1)).all()
    rows = [PopRow(*row) for row in found[:size]]
    declined = (
        set(
            uow.session.scalars(
                select(Meeting.pop_id)
                .join(Attendee, Attendee.meeting_id == Meeting.id)
                .where(
                    Attendee.partstat == "DECLINED",
                    Meeting.cancelled_at.is_(None),
                    Meeting.ends_at > now,
                    Meeting.pop_id.in_([row.id for row in rows]),
                )
            )
        )
        if rows
        else set()
    )
    rows = [PopRow(**{**asdict(row), "declined": row.id in declined}) for row in rows]
    return rows, (rows[-1].id if len(found) > size else None)


def all_rows(uow: UnitOfWork, f: PopFilter, batch: int = 2000) -> Iterator[PopRow]:
    """Every row of the filter, for an export: streamed in batches, never all in memory."""
    before = None
    while True:
        query = _where(_joined(select(*COLUMNS)), f)
        if before is not None:
            query = query.where(Pop.id < before)
        found = uow.session.execute(query.order_by(Pop.id.desc()).limit(batch)).all()
        if not found:
            return
        for row in found:
            yield PopRow(*row)
        before = found[-1][0]


def departments(uow: UnitOfWork) -> list[str]:
    return [d for d in uow.session.scalars(select(Person.department).distinct().order_by(Person.department)) if d]


def rounds(uow: UnitOfWork) -> list[Round]:
    return list(uow.session.scalars(select(Round).order_by(Round.id.desc())))
