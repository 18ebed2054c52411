"""Importing people from CSV (name,email,manager_email,department,language)."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from io import StringIO

from datetime import datetime

from sqlalchemy import select

from shared.clock import utcnow
from shared.db import UnitOfWork
from shared.events import record_event
from shared.models import Person, Pop
from shared.pop_states import FINAL

COLUMNS = ("name", "email", "manager_email", "department", "language")
LANGUAGES = ("nl", "en")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def read_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(StringIO(text.lstrip("\ufeff")))
    return [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def check_rows(rows: list[dict[str, str]], known_emails: set[str]) -> list[str]:
    """Every problem with its row number, before anything is written."""
    problems: list[str] = []
    emails = [r.get("email", "").lower() for r in rows]
    all_emails = known_emails | set(emails)
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        mail = row.get("email", "").lower()
        if not row.get("name"):
            problems.append(f"rij {number}: naam ontbreekt")
        if "@" not in mail:
            problems.append(f"rij {number}: ongeldig e-mailadres {mail!r}")
        elif emails.count(mail) > 1:
            problems.append(f"rij {number}: e-mailadres {mail} staat er vaker in")
        manager = row.get("manager_email", "").lower()
        if manager and manager not in all_emails:
            problems.append(f"rij {number}: onbekende leidinggevende {manager}")
        if manager == mail and manager:
            problems.append(f"rij {number}: {mail} is zijn eigen leidinggevende")
        if row.get("language", "nl") not in LANGUAGES + ("",):
            problems.append(f"rij {number}: taal moet nl of en zijn, niet {row['language']!r}")
    return problems


def import_people(uow: UnitOfWork, rows: list[dict[str, str]], now: datetime | None = None,
                  dry_run: bool = False) -> ImportReport:
    """Upsert by e-mail address; importing the same file twice changes nothing.

    A changed manager is a change with effects: each open POP of that employee gets a
    `manager_changed` event, and the worker moves its future meetings to the new manager.
    """
    s = uow.session
    existing = {p.email.lower(): p for p in s.scalars(select(Person))}
    report = ImportReport(problems=check_rows(rows, set(existing)))
    if report.problems or dry_run:
        return report
    people: dict[str, Person] = dict(existing)
    changed: set[str] = set()
    for row in rows:
        mail = row["email"].lower()
        person = people.get(mail)
        values = {"name": row["name"], "department": row.get("department", ""),
                  "language": row.get("language") or "nl"}
        if person is None:
            person = Person(email=mail, **values)
            s.add(person)
            people[mail] = person
            report.created += 1
            continue
        if any(getattr(person, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(person, k, v)
            changed.add(mail)
    s.flush()
    for row in rows:
        mail, manager = row["email"].lower(), row.get("manager_email", "").lower()
        manager_id = people[manager].id if manager else None
        if people[mail].manager_id != manager_id:
            had_manager = people[mail].manager_id is not None
            people[mail].manager_id = manager_id
            changed.add(mail)
            if had_manager and manager_id is not None:
                _announce_manager_change(uow, now or utcnow(), people[mail])
    s.flush()
    report.updated = len(changed - {r["email"].lower() for r in rows if r["email"].lower() not in existing})
    report.unchanged = len(rows) - report.created - report.updated
    return report


def _announce_manager_change(uow: UnitOfWork, now: datetime, employee: Person) -> None:
    for pop in uow.session.scalars(select(Pop).where(Pop.employee_id == employee.id,
                                                     Pop.state.not_in(list(FINAL)))):
        record_event(uow, now, pop.id, "manager_changed", "import", {"manager_id": employee.manager_id})
