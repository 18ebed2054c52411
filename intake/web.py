"""Request plumbing shared by the blueprints: the unit of work, the clock, languages."""

from __future__ import annotations

from flask import current_app, g, request, session

from intake.i18n import LANGUAGES
from shared.db import UnitOfWork
from shared.runtime import Runtime


def runtime() -> Runtime:
    return current_app.extensions["popflow"]


def uow() -> UnitOfWork:
    """The request's unit of work; the view commits it, teardown rolls back the rest."""
    if "uow" not in g:
        g.uow = runtime().uow().__enter__()
    return g.uow


def question_set(version: str):
    """The question set of a POP (shipped, or published by HR: read through this request's session)."""
    from shared.questions import load_question_set

    return load_question_set(version, uow().session)


def now():
    return runtime().now()


def close_uow(_exc=None) -> None:
    work = g.pop("uow", None)
    if work is not None:
        work.__exit__(None, None, None)


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL: 4 bytes)


def query_id(name: str) -> int | None:
    """An id from the query string, or None for anything else ('١٢', 10**30, -1, 'x')."""
    raw = request.args.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) <= MAX_ID else None


def choose_language(default: str | None = None) -> str:
    """An explicit switch (?lang=en) wins and is remembered; else the person's language."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
    lang = session.get("lang") or default or "nl"
    g.lang = lang if lang in LANGUAGES else "nl"
    return g.lang
