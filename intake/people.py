"""Importing people from CSV or XLSX: check every row first, then an idempotent upsert.

Columns: name, email, manager_email, department, language, employee_number, timezone
(Dutch headers too: naam, e-mail, leidinggevende, afdeling, taal, personeelsnummer,
tijdzone). Only name and email are required. A column that is not in the file is left
as it is for people who exist already; a column that is there but empty clears the value
(no manager, no employee number, no time zone; an empty language is nl).

From a view: `import_file(uow, data, filename, now, dry_run=True)` -> ImportReport.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Final

from sqlalchemy import insert, select, update

from intake.people_table import (
    COLUMNS,
    LANGUAGES,
    Problem,
    Table,
    TableError,
    check_rows,
    columns_of,
    is_blank,
    read_table,
    timezone_of,
    value,
)
from shared.clock import utcnow
from shared.db import UnitOfWork
from shared.event_types import EventKind, ManagerImported
from shared.events import record_event
from shared.models import Person, Pop
from shared.pop_states import FINAL

__all__ = [
    "COLUMNS",
    "LANGUAGES",
    "ImportReport",
    "Problem",
    "Table",
    "TableError",
    "check_rows",
    "import_file",
    "import_people",
    "read_csv",
    "read_table",
]

Progress = Callable[[int, int], None]
CHUNK = 500  # rows per flush, and between two progress calls
MAX_PROBLEMS = 200  # listed; a file with more gets these and a line saying how many more


class _Keep(Enum):
    KEEP = "keep"


_KEEP: Final = _Keep.KEEP  # the file has no manager_email column: managers stay as they are


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False  # counts are what an import would do; nothing was written

    def messages(self, lang: str = "nl") -> list[str]:
        return [problem.message(lang) for problem in self.problems]


def first_problems(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS, and then one saying how many more: a page, a JSON answer and a
    terminal stay readable when every row of 100,000 is wrong."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return problems[:MAX_PROBLEMS] + [Problem(0, "", "more_problems", "", other=str(len(problems) - MAX_PROBLEMS))]


@dataclass
class _Row:
    mail: str
    person: Person | None  # None: a new person
    values: dict[str, str | None]  # every attribute the file sets
    manager: str | None | _Keep  # e-mail of the new manager, None for none, or _KEEP
    changes: dict[str, str | None] = field(default_factory=dict)
    manager_changes: bool = False


def read_csv(text: str) -> Table:
    """The rows of a CSV text (kept for callers that hold text, not bytes)."""
    return read_table(text.encode("utf-8"), "people.csv")


def import_file(
    uow: UnitOfWork,
    data: bytes,
    filename: str,
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """A file's bytes and name in (CSV or XLSX by its extension), the report out."""
    try:
        rows = read_table(data, filename)
    except TableError as error:
        return ImportReport(problems=[error.problem], dry_run=dry_run)
    return import_people(uow, rows, now, dry_run=dry_run, progress=progress)


def import_people(
    uow: UnitOfWork,
    rows: list[dict[str, str]],
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Upsert by e-mail address; importing the same file twice changes nothing.

    Nothing is written when there is any problem, or on a dry run (whose counts say what
    the import would do). A changed manager is a change with effects: each open POP of
    that employee gets a `manager_changed` event, and the worker moves its future meetings
    to the new manager. progress(done, total) is called every CHUNK rows while writing.
    """
    s = uow.session
    everyone = s.scalars(select(Person)).all()  # one query; 10,000 people load in a blink
    email_of = {p.id: p.email.lower() for p in everyone}
    existing = {p.email.lower(): p for p in everyone}
    known_managers = {
        mail: email_of.get(p.manager_id) if p.manager_id is not None else None for mail, p in existing.items()
    }
    known_numbers = {p.employee_number: mail for mail, p in existing.items() if p.employee_number}
    report = ImportReport(problems=first_problems(check_rows(rows, known_managers, known_numbers)), dry_run=dry_run)
    if report.problems:
        return report
    planned = _plan(rows, columns_of(rows), existing, known_managers)
    report.created = sum(1 for r in planned if r.person is None)
    report.updated = sum(1 for r in planned if r.person is not None and (r.changes or r.manager_changes))
    report.unchanged = len(planned) - report.created - report.updated
    if not dry_run:
        _write(uow, planned, existing, now or utcnow(), progress)
    return report


def _plan(
    rows: list[dict[str, str]], columns: list[str], existing: dict[str, Person], known_managers: dict[str, str | None]
) -> list[_Row]:
    planned = []
    for row in rows:
        if is_blank(row):
            continue
        mail = value(row, "email").lower()
        values: dict[str, str | None] = {"name": value(row, "name")}
        if "department" in columns:
            values["department"] = value(row, "department")
        if "language" in columns:
            values["language"] = value(row, "language").lower() or "nl"
        if "employee_number" in columns:
            values["employee_number"] = value(row, "employee_number") or None
        if "timezone" in columns:
            values["timezone"] = timezone_of(value(row, "timezone")) if value(row, "timezone") else None
        manager = (value(row, "manager_email").lower() or None) if "manager_email" in columns else _KEEP
        person = existing.get(mail)
        entry = _Row(mail, person, values, manager)
        if person is not None:
            entry.changes = {k: v for k, v in values.items() if getattr(person, k) != v}
            entry.manager_changes = manager is not _KEEP and known_managers[mail] != manager
        planned.append(entry)
    return planned


def _write(
    uow: UnitOfWork, planned: list[_Row], existing: dict[str, Person], now: datetime, progress: Progress | None
) -> None:
    """People first, then managers: every new person needs an id before anyone can report to them.

    New people go in as one multi-row INSERT per chunk (a flush would insert them one by
    one: Person refers to itself, so the unit of work orders its rows singly).
    """
    s = uow.session
    people = dict(existing)
    total = len(planned)
    for start in range(0, total, CHUNK):
        chunk = planned[start : start + CHUNK]
        fresh = [{"email": entry.mail, **entry.values} for entry in chunk if entry.person is None]
        if fresh:
            people.update((person.email, person) for person in s.scalars(insert(Person).returning(Person), fresh))
        for entry in chunk:
            for k, v in entry.changes.items():
                setattr(entry.person, k, v)
        _move_pops_along(uow, [entry for entry in chunk if "department" in entry.changes])
        s.flush()
        if progress is not None:
            progress(start + len(chunk), total)
    moved: list[Person] = []
    for entry in planned:
        if entry.manager is _KEEP:
            continue
        person = people[entry.mail]
        manager_id = people[entry.manager].id if entry.manager else None
        if person.manager_id != manager_id:
            if person.manager_id is not None and manager_id is not None:
                moved.append(person)
            person.manager_id = manager_id
    s.flush()
    _announce_manager_changes(uow, now, moved)


def _move_pops_along(uow: UnitOfWork, moved: list[_Row]) -> None:
    """The POPs keep their employee's department (Pop.department, for the round counts):
    one UPDATE per new department."""
    to: dict[str | None, list[int]] = {}  # None: no department any more
    for entry in moved:
        assert entry.person is not None, "a change is made to someone already there"
        to.setdefault(entry.changes["department"], []).append(entry.person.id)
    for department, ids in to.items():
        uow.session.execute(update(Pop).where(Pop.employee_id.in_(ids)).values(department=department))


def _announce_manager_changes(uow: UnitOfWork, now: datetime, moved: list[Person]) -> None:
    """A `manager_changed` event for each open POP of the employees who have a new manager."""
    manager_of = {p.id: p.manager_id for p in moved if p.manager_id is not None}  # moved: each has one
    ids = list(manager_of)
    for start in range(0, len(ids), CHUNK):
        pops = uow.session.scalars(
            select(Pop)
            .where(Pop.employee_id.in_(ids[start : start + CHUNK]), Pop.state.not_in(list(FINAL)))
            .order_by(Pop.id)
        ).all()
        for pop in pops:
            record_event(
                uow, now, pop.id, EventKind.MANAGER_CHANGED, "import", ManagerImported(manager_of[pop.employee_id])
            )
