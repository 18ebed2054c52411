"""HR's own question sets: drafts that change freely, published versions that never do.

No Flask here: the HR pages (a later editor), the CLI and the API call these with a unit
of work and commit at their edge. A draft's content is format 2 without version and name
(shared/questionset_format.py); every save is checked and stored as shared/questionset_export
writes it, so what is stored is always a valid set. A draft may still lack questions for a
role; publishing needs them. Publishing gives the next key s1, s2, ... (shipped files are
v1, v2: the two never meet), which rounds and POPs keep in their `question_set` columns.
Every change is a fact in the audit trail (events), with who (`actor`) and when.

Files, listing and import: intake/question_files.py. Department defaults:
intake/question_defaults.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text

from intake.commands import Conflict, InputError
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_fact
from shared.models import QuestionSetVersion, StoredQuestionSet
from shared.question_library import EVALUATION, library_question
from shared.question_store import mark_written
from shared.questions import LATEST_VERSION, QuestionSet, from_content, load_question_set
from shared.questionset_export import as_content, written_question, written_theme
from shared.questionset_format import NAME_LIMIT, FormatError, line

ROLES = ("employee", "manager")
_PUBLISH_LOCK = 0x5153  # PostgreSQL advisory lock: one publish at a time takes the next number


def checked(content: Any, *, complete: bool) -> tuple[dict, QuestionSet]:
    """(the content as stored, its set): InputError with the code and the place when it is bad."""
    try:
        qs = from_content(content, "draft", complete=complete)
    except FormatError as exc:
        raise InputError(exc.code, path=exc.path or "$", **exc.details) from None
    return as_content(qs), qs


def checked_name(name: Any) -> str:
    try:
        return line(name, "name", NAME_LIMIT, required=True)
    except FormatError:
        raise InputError("qs_name_missing", limit=NAME_LIMIT) from None


def empty_content() -> dict:
    """A draft without questions yet: the evaluation and the conversation types as the newest shipped set has them."""
    content = as_content(load_question_set(LATEST_VERSION))
    content["roles"] = {role: {"themes": []} for role in ROLES}
    return content


def library_content(choices: Mapping[str, Sequence[str]]) -> dict:
    """A set of library questions: per role (and "evaluation") the chosen ids in order, each
    under its library theme. Without an "evaluation" choice, the newest shipped evaluation."""
    content = empty_content()
    for role, chosen in choices.items():
        if role not in (*ROLES, EVALUATION):
            raise InputError("qs_unknown_key", path=str(role)[:40], key=str(role)[:40])
        themes: dict[str, dict] = {}
        for qid in chosen:
            found = library_question(qid)
            if found is None:
                raise InputError("qs_unknown_library_question", id=str(qid)[:40])
            group, question = found
            theme = replace(group.theme, questions=(), department=group.theme.department and role == "manager")
            themes.setdefault(theme.id, written_theme(theme))["questions"].append(written_question(question))
        if role == EVALUATION:
            content["evaluation"] = [q for t in themes.values() for q in t["questions"]]
        else:  # the department themes last, as the form shows them
            content["roles"][role] = {"themes": sorted(themes.values(), key=lambda t: t.get("department", False))}
    return content


def create_draft(
    uow: UnitOfWork, now: datetime, actor: str, name: str, content: Any = None, *, copied_from: str = ""
) -> QuestionSetVersion:
    """A new set with one draft: `content` (format 2), or empty when None."""
    stored, _qs = checked(empty_content() if content is None else content, complete=False)
    found = StoredQuestionSet(name=checked_name(name), created_at=now, created_by=actor)
    uow.session.add(found)
    uow.session.flush()
    return _new_draft(uow, now, actor, found, stored, copied_from)


def draft_from_library(
    uow: UnitOfWork, now: datetime, actor: str, name: str, choices: Mapping[str, Sequence[str]]
) -> QuestionSetVersion:
    return create_draft(uow, now, actor, name, library_content(choices), copied_from="library")


def copy_to_draft(
    uow: UnitOfWork, now: datetime, actor: str, version: str, name: str | None = None
) -> QuestionSetVersion:
    """A new draft with the content of a published (or shipped) version. Of a stored version
    without a new name: the next draft of the same set; else a new set."""
    try:
        qs = load_question_set(version, uow.session)
    except ValueError:
        raise InputError("unknown_question_set", version=str(version)[:20]) from None
    source = uow.session.scalar(select(QuestionSetVersion).where(QuestionSetVersion.key == version))
    if source is not None and name is None:
        return _new_draft(uow, now, actor, source.question_set, as_content(qs), version)
    return create_draft(uow, now, actor, name or f"Kopie van {version}", as_content(qs), copied_from=version)


def _new_draft(
    uow: UnitOfWork, now: datetime, actor: str, owner: StoredQuestionSet, content: dict, copied_from: str
) -> QuestionSetVersion:
    draft = QuestionSetVersion(
        question_set=owner,
        content=content,
        copied_from=copied_from,
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
    )
    uow.session.add(draft)
    uow.session.flush()
    _audit(uow, now, EventKind.QUESTION_SET_DRAFTED, actor, draft, copied_from=copied_from)
    return draft


def get_draft(uow: UnitOfWork, draft_id: int) -> QuestionSetVersion:
    """A draft by its id; InputError when there is none or it was published."""
    draft = uow.session.get(QuestionSetVersion, draft_id) if isinstance(draft_id, int) else None
    if draft is None:
        raise InputError("qs_unknown_draft")
    if draft.published_at is not None:
        raise InputError("qs_not_a_draft")
    return draft


def draft_set(draft: QuestionSetVersion) -> QuestionSet:
    """A draft's content as a QuestionSet (for a preview); its version is "draft"."""
    return from_content(draft.content, "draft", complete=False)


def update_draft(
    uow: UnitOfWork,
    now: datetime,
    actor: str,
    draft_id: int,
    content: Any,
    *,
    revision: int | None = None,
    name: str | None = None,
) -> QuestionSetVersion:
    """The draft's new content (and the set's name). `revision`: the one the editor loaded;
    another means someone saved in between (Conflict), so nothing is overwritten."""
    draft = get_draft(uow, draft_id)
    if revision is not None and revision != draft.revision:
        raise Conflict("qs_stale_draft")
    stored, _qs = checked(content, complete=False)
    if name is not None:
        draft.question_set.name = checked_name(name)
    draft.content, draft.revision = stored, draft.revision + 1
    draft.updated_at, draft.updated_by = now, actor
    uow.session.flush()
    _audit(uow, now, EventKind.QUESTION_SET_EDITED, actor, draft, revision=draft.revision)
    return draft


def discard_draft(uow: UnitOfWork, now: datetime, actor: str, draft_id: int) -> None:
    draft = get_draft(uow, draft_id)
    _audit(uow, now, EventKind.QUESTION_SET_DISCARDED, actor, draft)
    uow.session.delete(draft)
    uow.session.flush()


def publish(uow: UnitOfWork, now: datetime, actor: str, draft_id: int, *, imported: bool = False) -> str:
    """The draft becomes the published version s<n>, never to change again; its key."""
    draft = get_draft(uow, draft_id)
    checked(draft.content, complete=True)
    s = uow.session
    if s.get_bind().dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE already serialises writers
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PUBLISH_LOCK})
    number = (s.scalar(select(func.max(QuestionSetVersion.number))) or 0) + 1
    draft.key, draft.number = f"s{number}", number
    draft.published_at, draft.published_by = now, actor
    mark_written(s)  # this transaction's reads of s<n> are not kept: it may still roll back
    s.flush()
    _audit(uow, now, EventKind.QUESTION_SET_PUBLISHED, actor, draft, imported=imported)
    return draft.key


def rename_set(uow: UnitOfWork, now: datetime, actor: str, set_id: int, name: str) -> StoredQuestionSet:
    """A set's name (its exports show it; the published content stays as it was)."""
    found = uow.session.get(StoredQuestionSet, set_id)
    if found is None:
        raise InputError("qs_unknown_draft")
    found.name = checked_name(name)
    record_fact(uow, now, None, EventKind.QUESTION_SET_EDITED, actor, {"set_id": found.id, "name": found.name})
    return found


def _audit(uow: UnitOfWork, now: datetime, kind: EventKind, actor: str, row: QuestionSetVersion, **more) -> None:
    data = {"set_id": row.set_id, "draft_id": row.id, "version": row.key or "", **more}
    record_fact(uow, now, None, kind, actor, data)


def history(uow: UnitOfWork, set_id: int) -> list[dict]:
    """Who changed the set, when and how: its facts in the audit trail, oldest first."""
    from shared.models import Event

    kinds = [k.value for k in EventKind if k.value.startswith("question_set_") and k != EventKind.QUESTION_SET_DEFAULT]
    rows = uow.session.scalars(select(Event).where(Event.kind.in_(kinds), Event.pop_id.is_(None)).order_by(Event.id))
    return [
        {"kind": e.kind, "actor": e.actor, "at": e.created_at, **e.data}
        for e in rows
        if (e.data or {}).get("set_id") == set_id
    ]
