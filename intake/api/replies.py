"""What the API's views answer, as types: the views build these, intake/api/schema.py makes
their JSON and their schemas in the document. A POP (intake/serialize.py), a row of HR's
list (intake/pop_query.py) and a round's counts (intake/rounds.py) are typed where they
are made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from intake.api.schema import Bounds, Count, Doc, Id, named
from intake.people_table import ProblemCode
from intake.pop_query import PopRow
from intake.serialize import TimelineEntry


@named
@dataclass(frozen=True)
class Person:
    id: Id
    name: str
    email: str
    manager_email: str | None
    department: str
    language: str
    employee_number: str | None
    active: bool


@named
@dataclass(frozen=True)
class PeoplePage:
    items: list[Person]
    total: Count
    next: Annotated[Id | None, Doc("Pass as `after` for the next page; null on the last page.")]


@named
@dataclass(frozen=True)
class ImportResult:
    created: Count
    updated: Count
    unchanged: Count
    dry_run: bool


@named
@dataclass(frozen=True)
class ImportProblem:
    row: Annotated[int, Bounds(0), Doc("As the spreadsheet shows it: the header is 1; 0 is the whole file.")]
    column: str
    code: ProblemCode
    value: str
    message: str


@named
@dataclass(frozen=True)
class ImportRefused:
    error: Literal["invalid_file"]
    message: str
    dry_run: bool
    problems: Annotated[list[ImportProblem], Bounds(1)]


@named
@dataclass(frozen=True)
class Round:
    """A round holds its settings (shared/round_settings.py) as they were: a round of before
    may hold a value now out of bounds, so no bounds here. The settings' fields are written
    out so a type checker sees them; tests/unit/test_round_settings.py keeps them the same
    as the table."""

    id: Id
    name: str
    departments: list[str]
    meetings_from: date | None
    meetings_until: date | None
    review_every_months: int
    plan_months: int
    exchange_days: int
    prepare_reminder_days: list[int]
    sign_reminder_days: list[int]
    due_reminder_days: int
    review_reminder_days: int
    review_minutes: int
    review_invite_days_before: int
    plan_by_days_before_end: int
    planning_reminder_days: list[int]
    conversation_types: bool
    question_set: str
    created_at: datetime
    launched_at: datetime | None


@named
@dataclass(frozen=True)
class RoundList:
    items: list[Round]


@named
@dataclass(frozen=True)
class Launched:
    round_id: Id
    created: Count
    already_open: Count
    managers_asked: Count


@named
@dataclass(frozen=True)
class PopPage:
    items: list[PopRow]
    total: Count
    next: Annotated[Id | None, Doc("Pass as `before` for the next page; null on the last page.")]


@named
@dataclass(frozen=True)
class Timeline:
    pop_id: Id
    items: list[TimelineEntry]


@dataclass(frozen=True)
class FailedMail:
    id: Id
    pop_id: Id | None
    kind: str
    recipient_id: Id
    recipient_email: str | None
    attempts: Count
    error: Annotated[str, Doc("The machine's reason (`550 …`, `render: …`, `send: …`).")]
    why: Annotated[str, Doc("The reason in HR's words (Dutch, or English by Accept-Language).")]
    last_attempt_at: datetime | None
    created_at: datetime


@named
@dataclass(frozen=True)
class FailedMails:
    total: Count
    items: list[FailedMail]


@named
@dataclass(frozen=True)
class Resent:
    resent: Annotated[Count, Doc("How many failed mails are on their way again.")]
    refused: Annotated[
        Count,
        Doc(
            "How many were dropped instead: their recipient is no longer in the POP "
            "(a former manager), so the mail would show them the POP as it is now."
        ),
    ]
