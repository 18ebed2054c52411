"""GET /api/v1/people (keyset pages) and POST /api/v1/people/import (CSV or XLSX, dry run or real)."""

from __future__ import annotations

from flask import g, request
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from intake import web
from intake.api import replies
from intake.api.common import ApiError, bp, query_bool, query_int, reply, token_required
from intake.api.openapi import BAD_REQUEST, LIMIT, documented, error, query
from intake.api.schema import Id
from intake.i18n import _
from intake.people import ImportReport, Problem, import_file
from shared.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILENAMES = {"text/csv": "people.csv", XLSX: "people.xlsx"}
Manager = aliased(Person)


def person_reply(person: Person, manager_email: str | None) -> replies.Person:
    return replies.Person(
        id=person.id,
        name=person.name,
        email=person.email,
        manager_email=manager_email,
        department=person.department,
        language=person.language,
        employee_number=person.employee_number,
        active=person.active,
    )


@bp.get("/people")
@documented(
    "listPeople",
    "Everyone, by id, a page at a time.",
    tag="people",
    parameters=(LIMIT, query("after", Id, "The `next` of the previous page.")),
    responses={200: (replies.PeoplePage, "A page of people."), 400: BAD_REQUEST},
)
@token_required
def people():
    size = query_int("limit", default=50, high=500)
    after = query_int("after")
    s = web.uow().session
    query = select(Person, Manager.email).outerjoin(Manager, Manager.id == Person.manager_id)
    if after is not None:
        query = query.where(Person.id > after)
    found = s.execute(query.order_by(Person.id).limit(size + 1)).all()
    items = [person_reply(person, manager) for person, manager in found[:size]]
    total = s.scalar(select(func.count(Person.id)))
    return reply(replies.PeoplePage(items=items, total=total, next=items[-1].id if len(found) > size else None))


def _upload() -> tuple[bytes, str]:
    """The file's bytes and a name that tells CSV from XLSX."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ApiError(400, "file_missing", _("Stuur het bestand in het multipart-veld file."))
        name = upload.filename or ""
        if not name.lower().endswith((".csv", ".xlsx", ".xlsm", ".xls")):
            name = FILENAMES.get(upload.mimetype, "people.csv")
        return upload.read(), name
    if request.mimetype in FILENAMES:
        return request.get_data(), FILENAMES[request.mimetype]
    raise ApiError(
        415,
        "unsupported_media_type",
        _("Stuur een CSV- of XLSX-bestand: text/csv, het XLSX-mediatype of multipart met het veld file."),
    )


def problem_reply(problem: Problem, lang: str) -> replies.ImportProblem:
    return replies.ImportProblem(
        row=problem.row, column=problem.column, code=problem.code, value=problem.value, message=problem.message(lang)
    )


@bp.post("/people/import")
@documented(
    "importPeople",
    "Create and update people from a CSV or XLSX file (the format of `popflow people import`).",
    tag="people",
    description="Columns: name, email, manager_email, department, language, employee_number, timezone "
    "(Dutch headers too). Every row is checked first: with any problem nothing is written. "
    "Importing the same file twice changes nothing.",
    parameters=(query("dry_run", {"type": "boolean", "default": False}, "Only check and count: nothing is written."),),
    body={
        "text/csv": {"type": "string"},
        XLSX: {"type": "string", "format": "binary"},
        "multipart/form-data": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        },
    },
    responses={
        200: (replies.ImportResult, "What the import did (or, on a dry run, would do)."),
        400: BAD_REQUEST,
        413: error("The file is larger than 1 MiB (`too_large`)."),
        415: error("Not CSV, XLSX or multipart (`unsupported_media_type`)."),
        422: (replies.ImportRefused, "The file has problems; nothing was written."),
    },
)
@token_required
def import_people():
    dry_run = query_bool("dry_run")
    data, filename = _upload()
    work = web.uow()
    if data[:4] != b"PK\x03\x04" and b"\x00" in data:  # binary, or UTF-16: no CSV we can read
        report = ImportReport(problems=[Problem(0, "", "unreadable_csv", "")], dry_run=dry_run)
    else:
        report = import_file(work, data, filename, web.now(), dry_run=dry_run)
    if report.problems:
        work.rollback()
        return reply(
            replies.ImportRefused(
                error="invalid_file",
                message=_("Het bestand bevat fouten; er is niets opgeslagen."),
                dry_run=dry_run,
                problems=[problem_reply(p, g.lang) for p in report.problems],
            ),
            422,
        )
    if not dry_run:
        work.commit()
    return reply(
        replies.ImportResult(
            created=report.created, updated=report.updated, unchanged=report.unchanged, dry_run=dry_run
        )
    )
