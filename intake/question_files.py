"""Question sets as a list and as files: the shipped v1 and v2 beside what HR published.

`export_version` writes any version, shipped or stored, as a format 2 file
(shared/questionset_export.py); `import_file` checks such a file and publishes it as a new
version of a new set, so an export imported again asks the same questions under a new key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from intake.api.schema import Count, Doc, named
from intake.commands import InputError
from intake.question_sets import checked, create_draft, draft_set, publish
from shared.db import UnitOfWork
from shared.i18n import N_, translate
from shared.models import QuestionSetVersion
from shared.questions import QuestionSet, available_versions, load_question_set
from shared.questionset_export import as_file

FILE_LIMIT = 1024 * 1024  # far above any set the bounds allow (shared/questionset_format.py)
SHIPPED_NAMES = {"v1": N_("Standaardvragen (eerste versie)"), "v2": N_("Standaardvragen per thema")}
IMPORTED_NAME = "Geïmporteerde vragenlijst"


@named
@dataclass(frozen=True)
class VersionInfo:
    """One version as a list shows it and the API answers it. A draft has no key yet: its draft_id names it."""

    version: Annotated[str, Doc("v1, v2: shipped; s1, s2, ...: published by HR; empty for a draft.")]
    name: str
    status: Literal["shipped", "published", "draft"]
    set_id: Annotated[int | None, Doc("The stored set; null for a shipped one.")]
    draft_id: Annotated[int | None, Doc("The stored version's id (it keeps it once published); null when shipped.")]
    published_at: datetime | None
    copied_from: Annotated[str, Doc("The version a draft started from: a key, library, import, or empty.")]
    questions: dict[Literal["employee", "manager", "evaluation"], Count]
    missing_english: Annotated[Count, Doc("Texts whose English is empty: the Dutch shows instead.")]


def _info(qs: QuestionSet, name: str, status: str, row: QuestionSetVersion | None = None) -> VersionInfo:
    return VersionInfo(
        version=qs.version if status != "draft" else "",
        name=name,
        status=status,  # type: ignore[arg-type]
        set_id=row.set_id if row else None,
        draft_id=row.id if row else None,
        published_at=row.published_at if row else None,
        copied_from=row.copied_from if row else "",
        questions={
            "employee": len(qs.for_role("employee")),
            "manager": len(qs.for_role("manager")),
            "evaluation": len(qs.evaluation),
        },
        missing_english=missing_english(qs),
    )


def missing_english(qs: QuestionSet) -> int:
    themes = [t for role in ("employee", "manager") for t in qs.themes.get(role, ())]
    texts = [(q.nl, q.en) for q in qs.all_questions()] + [(q.help_nl, q.help_en) for q in qs.all_questions()]
    texts += [(t.nl, t.en) for t in themes] + [(t.help_nl, t.help_en) for t in themes]
    texts += [(c.nl, c.en) for c in qs.conversation_types.values()]
    texts += [(c.explain_nl, c.explain_en) for c in qs.conversation_types.values()]
    return sum(1 for nl, en in texts if nl and not en)


def list_versions(uow: UnitOfWork, *, drafts: bool = False, lang: str = "nl") -> list[VersionInfo]:
    """What a round can pick: HR's published versions (newest first), then the shipped ones;
    with drafts=True HR's drafts as well (first, newest first)."""
    query = select(QuestionSetVersion).options(joinedload(QuestionSetVersion.question_set))
    if not drafts:
        query = query.where(QuestionSetVersion.published_at.is_not(None))
    rows = uow.session.scalars(query.order_by(QuestionSetVersion.id.desc())).all()
    found = [_info(draft_set(row), row.question_set.name, "draft", row) for row in rows if row.published_at is None]
    published = sorted((r for r in rows if r.key), key=lambda r: r.number or 0, reverse=True)
    found += [
        _info(load_question_set(row.key, uow.session), row.question_set.name, "published", row)
        for row in published
        if row.key
    ]
    found += [_info(load_question_set(v), shipped_name(v, lang), "shipped") for v in available_versions()]
    return found


def shipped_name(version: str, lang: str = "nl") -> str:
    return translate(SHIPPED_NAMES[version], lang) if version in SHIPPED_NAMES else version


def published_choices(uow: UnitOfWork, lang: str = "nl") -> list[tuple[str, str]]:
    """(version, "s3 · name") of every version a round can pick: never a draft."""
    return [(info.version, f"{info.version} · {info.name}") for info in list_versions(uow, lang=lang)]


def get_version(uow: UnitOfWork, version: str) -> QuestionSet:
    """A shipped or published version; InputError unknown_question_set for anything else."""
    try:
        return load_question_set(version, uow.session)
    except ValueError:
        raise InputError("unknown_question_set", version=str(version)[:20]) from None


def version_name(uow: UnitOfWork, version: str, lang: str = "nl") -> str:
    row = uow.session.scalar(
        select(QuestionSetVersion)
        .where(QuestionSetVersion.key == version)
        .options(joinedload(QuestionSetVersion.question_set))
    )
    return row.question_set.name if row is not None else shipped_name(version, lang)


def export_version(uow: UnitOfWork, version: str, lang: str = "nl") -> dict[str, Any]:
    """The version as a format 2 file (what import_file takes)."""
    return as_file(get_version(uow, version), version_name(uow, version, lang))


def import_file(uow: UnitOfWork, now: datetime, actor: str, data: Any, *, name: str | None = None) -> str:
    """A checked file (any version key in it is ignored) published as a new set; its new key."""
    content, _qs = checked(data, complete=True)
    given = name if name is not None else (data.get("name") if isinstance(data.get("name"), str) else None)
    draft = create_draft(uow, now, actor, (given or "").strip() or IMPORTED_NAME, content, copied_from="import")
    return publish(uow, now, actor, draft.id, imported=True)


def read_file(raw: bytes | str) -> Any:
    """The JSON of a file as the CLI reads it; InputError for too large or not JSON."""
    if len(raw) > FILE_LIMIT:
        raise InputError("qs_too_large", limit=FILE_LIMIT // 1024)

    def no_constants(name: str):
        raise ValueError(name)

    try:
        return json.loads(raw, parse_constant=no_constants)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise InputError("qs_bad_json") from None
