"""The versioned POP question sets (shared/questionsets/<version>.json).

A POP keeps the version of the question set it was answered with, so a set is
never edited in place: a changed set is a new file (v2, v3, ...). Question ids are
stored next to the answers and must therefore stay stable within a version.

Every shipped set is a file in format 2 (see docs/forms.md), the format HR's editor, the
export and the import use: each role has themes in order, each theme a few core questions
shown at once and optional ones behind a fold, with optional help texts, every text in nl
and en. (v1 was first written in format 1, each group's questions flat; its file was
rewritten in format 2 with the same QuestionSet, and a format-1 file still loads.) The
`themes` of a QuestionSet say how a preparation form is laid out.

The texts come from the Dutch seed material: the preparation questions for the
employee and the manager (incl. the manager's 'doorstroom' questions) and the
conversation-type matrix (potential x willingness to develop) from seed 002, the
extra employee questions from seed 000 step 1, and the evaluation questions from
seed 004 step 8.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LATEST_VERSION = "v2"  # what a new round (and so its POPs) gets; a POP keeps its own

ROLES = ("employee", "manager")
LEVELS = ("low", "high")

_VERSION_RE = re.compile(r"^v[0-9]+$")  # shipped: a file of shared/questionsets/
# Stored by HR (shared/question_store.py): s1, s2, ... numbered by the database, so a file a
# developer ships later (v3) can never take the key of a set a POP already uses.
STORED_RE = re.compile(r"^s[1-9][0-9]{0,8}$")
TYPE_KEYS = tuple(f"{p}_{w}" for p in LEVELS for w in LEVELS)


@dataclass(frozen=True)
class Question:
    id: str
    nl: str
    en: str
    source: str
    core: bool = True  # shown at once; False: behind its theme's fold
    help_nl: str = ""
    help_en: str = ""
    required: bool = False  # "ready to share" needs an answer to it (format 2 on; v1, v2 have none)
    shared: bool = False  # its "share beforehand" box starts ticked

    def text(self, lang: str) -> str:
        """English for "en" (the Dutch when HR left the English empty), Dutch for anything else."""
        return _in(lang, self.nl, self.en)

    def help(self, lang: str) -> str:
        return _in(lang, self.help_nl, self.help_en)


def _in(lang: str, nl: str, en: str) -> str:
    return en if lang == "en" and en else nl


@dataclass(frozen=True)
class Theme:
    """Questions on one subject, in order. A title may name the employee: "{name}"."""

    id: str
    nl: str
    en: str
    questions: tuple[Question, ...]
    help_nl: str = ""
    help_en: str = ""
    department: bool = False  # about the manager's department: carried from report to report

    def title(self, lang: str, name: str = "") -> str:
        return _in(lang, self.nl, self.en).replace("{name}", name)

    def help(self, lang: str) -> str:
        return _in(lang, self.help_nl, self.help_en)

    @property
    def core(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.core)

    @property
    def more(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if not q.core)


@dataclass(frozen=True)
class ConversationType:
    key: str  # "<potential>_<willingness>", e.g. "high_low"
    nl: str
    en: str
    explain_nl: str
    explain_en: str

    def name(self, lang: str) -> str:
        return _in(lang, self.nl, self.en)

    def explanation(self, lang: str) -> str:
        return _in(lang, self.explain_nl, self.explain_en)


@dataclass(frozen=True)
class QuestionSet:
    version: str
    employee: tuple[Question, ...]
    manager: tuple[Question, ...]
    manager_flow: tuple[Question, ...]
    evaluation: tuple[Question, ...]
    conversation_types: Mapping[str, ConversationType] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    # role -> its preparation's themes, together exactly for_role(role), in that order
    themes: Mapping[str, tuple[Theme, ...]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    def for_role(self, role: str) -> tuple[Question, ...]:
        """The preparation questions for a role: the manager also gets the doorstroom questions."""
        if role == "employee":
            return self.employee
        if role == "manager":
            return self.manager + self.manager_flow
        raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")

    def all_questions(self) -> tuple[Question, ...]:
        return self.employee + self.manager + self.manager_flow + self.evaluation

    def question(self, qid: str) -> Question | None:
        for q in self.all_questions():
            if q.id == qid:
                return q
        return None


def _parse(data: Any, version: str) -> QuestionSet:
    if not isinstance(data, dict):
        raise ValueError(f"question set {version}: top level must be an object")
    if data.get("version") != version:
        raise ValueError(f"question set {version}: file says version {data.get('version')!r}")
    if data.get("format", 1) == 2:
        return from_content(data, version)
    if data.get("format", 1) != 1:
        raise ValueError(f"question set {version}: unknown format {data.get('format')!r}")
    from shared.questionset_format_1 import parse_format_1

    groups, themes, types = parse_format_1(data, version)
    return QuestionSet(
        version=version, conversation_types=MappingProxyType(types), themes=MappingProxyType(themes), **groups
    )


def from_content(data: Any, version: str, *, complete: bool = True) -> QuestionSet:
    """A set in format 2 (a shipped file, a stored version, an import), whatever version
    its data names; FormatError (a ValueError) says what is wrong and where."""
    from shared.questionset_format import FormatError, parse_format_2, parse_type_texts

    if not isinstance(data, dict):
        raise FormatError("qs_not_object", "")
    if data.get("format") != 2:
        raise FormatError("qs_format", "format")
    groups, themes = parse_format_2(data, version, complete=complete)
    raw_types = data.get("conversation_types")
    if not isinstance(raw_types, dict) or set(raw_types) != set(TYPE_KEYS):
        raise FormatError("qs_conversation_types", "conversation_types", keys=", ".join(TYPE_KEYS))
    types = {
        key: ConversationType(key=key, **parse_type_texts(raw_types[key], f"conversation_types.{key}"))
        for key in TYPE_KEYS
    }
    return QuestionSet(
        version=version, conversation_types=MappingProxyType(types), themes=MappingProxyType(themes), **groups
    )


def load_question_set(version: str = LATEST_VERSION, session: Session | None = None) -> QuestionSet:
    """The question set of `version` (cached: one object per version); ValueError if unknown.

    A shipped version (v1, v2) is a file; a version HR published (s1, s2, ...) is read
    through `session` from the database: without a session only the shipped ones are known."""
    if isinstance(version, str) and _VERSION_RE.match(version):
        return _load(version)
    if session is not None and isinstance(version, str) and STORED_RE.match(version):
        from shared.question_store import stored_question_set

        found = stored_question_set(session, version)
        if found is not None:
            return found
    raise ValueError(f"unknown question set version {version!r}")


@functools.cache
def _load(version: str) -> QuestionSet:
    resource = resources.files("shared") / "questionsets" / f"{version}.json"
    try:
        raw = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"unknown question set version {version!r}") from None
    return _parse(json.loads(raw), version)


def conversation_type(
    potential: str | None,
    willingness: str | None,
    lang: str,
    *,
    version: str = LATEST_VERSION,
    session: Session | None = None,
) -> tuple[str, str] | None:
    """(type name, one-sentence explanation) for a cell of the potential x willingness matrix.

    potential and willingness are "low" or "high"; None (or "") when either is missing.
    """
    if not potential or not willingness:
        return None
    if potential not in LEVELS or willingness not in LEVELS:
        raise ValueError(f"potential and willingness must be one of {LEVELS}, got {potential!r}, {willingness!r}")
    ctype = load_question_set(version, session).conversation_types[f"{potential}_{willingness}"]
    return ctype.name(lang), ctype.explanation(lang)


def available_versions() -> list[str]:
    """The question set versions shipped, newest first (v10 after v9)."""
    folder = resources.files("shared") / "questionsets"
    found = [
        entry.name[:-5]
        for entry in folder.iterdir()
        if entry.name.endswith(".json") and _VERSION_RE.match(entry.name[:-5])
    ]
    return sorted(found, key=lambda v: int(v[1:]), reverse=True)
