"""A department's default question set: what a new round for that department alone gets
unless HR picks another (a round for several departments, or everyone, gets LATEST_VERSION)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from intake import pop_query
from intake.commands import InputError
from intake.question_files import get_version
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_fact
from shared.models import DepartmentQuestionSet
from shared.questions import LATEST_VERSION


def department_defaults(uow: UnitOfWork) -> dict[str, str]:
    """Department -> its default version, by department."""
    rows = uow.session.scalars(select(DepartmentQuestionSet).order_by(DepartmentQuestionSet.department))
    return {row.department: row.version for row in rows}


def set_department_default(uow: UnitOfWork, now: datetime, actor: str, department: str, version: str | None) -> None:
    """The department's default becomes `version` (shipped or published); None clears it."""
    name = (department or "").strip()
    if name not in pop_query.departments(uow):
        raise InputError("qs_unknown_department", name=name[:200])
    if version is not None:
        get_version(uow, version)  # a draft has no key: it cannot be a default either
    row = uow.session.get(DepartmentQuestionSet, name)
    if version is None:
        if row is not None:
            uow.session.delete(row)
    elif row is None:
        uow.session.add(DepartmentQuestionSet(department=name, version=version, set_at=now, set_by=actor))
    else:
        row.version, row.set_at, row.set_by = version, now, actor
    uow.session.flush()
    record_fact(uow, now, None, EventKind.QUESTION_SET_DEFAULT, actor, {"department": name, "version": version or ""})


def round_default(uow: UnitOfWork, departments: Sequence[str]) -> str:
    """The version a new round gets when HR picks none: its one department's default, else the newest shipped."""
    chosen = {d.strip() for d in departments if d and d.strip()}
    if len(chosen) == 1:
        row = uow.session.get(DepartmentQuestionSet, chosen.pop())
        if row is not None:
            return row.version
    return LATEST_VERSION
