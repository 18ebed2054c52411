"""The versioned POP question sets (shared/questionsets/<version>.json).

A POP keeps the version of the question set it was answered with, so a set is
never edited in place: a changed set is a new file (v2, v3, ...). Question ids are
stored next to the answers and must therefore stay stable within a version.

Two file formats. v1 (format 1) lists each group's questions flat. From v2 on (format 2,
see docs/forms.md) each role has themes in order, each theme a few core questions shown
at once and optional ones behind a fold, with optional help texts, every text in nl and
en: what a later question-set editor writes. Both load into the same QuestionSet, whose
`themes` say how a preparation form is laid out.

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
from dataclasses import dataclass, field, replace
from importlib import resources
from types import MappingProxyType
from typing import Any

LATEST_VERSION = "v2"  # what a new round (and so its POPs) gets; a POP keeps its own

ROLES = ("employee", "manager")
LEVELS = ("low", "high")

_VERSION_RE = re.compile(r"^v[0-9]+$")
_QUESTION_GROUPS = ("employee", "manager", "manager_flow", "evaluation")
_TYPE_KEYS = tuple(f"{p}_{w}" for p in LEVELS for w in LEVELS)


@dataclass(frozen=True)
class Question:
    id: str
    nl: str
    en: str
    source: str
    core: bool = True  # shown at once; False: behind its theme's fold
    help_nl: str = ""
    help_en: str = ""

    def text(self, lang: str) -> str:
        """English for "en", Dutch for anything else."""
        return self.en if lang == "en" else self.nl

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_nl


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
        return (self.en if lang == "en" else self.nl).replace("{name}", name)

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_nl

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
        return self.en if lang == "en" else self.nl

    def explanation(self, lang: str) -> str:
        return self.explain_en if lang == "en" else self.explain_nl


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


def _parse_question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a question must be an object")
    values = {}
    for key in ("id", "nl", "en", "source"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: missing or empty {key!r}")
        values[key] = value
    return Question(id=values["id"], nl=values["nl"], en=values["en"], source=values["source"])


def _parse(data: Any, version: str) -> QuestionSet:
    if not isinstance(data, dict):
        raise ValueError(f"question set {version}: top level must be an object")
    if data.get("version") != version:
        raise ValueError(f"question set {version}: file says version {data.get('version')!r}")
    types = _parse_types(data.get("conversation_types"), version)
    if data.get("format", 1) == 2:
        from shared.questionset_format import parse_format_2

        groups, themes = parse_format_2(data, version)
    elif data.get("format", 1) == 1:
        groups = _parse_groups(data, version)
        themes = _format_1_themes(groups)
    else:
        raise ValueError(f"question set {version}: unknown format {data.get('format')!r}")
    return QuestionSet(
        version=version, conversation_types=MappingProxyType(types), themes=MappingProxyType(themes), **groups
    )


def _format_1_themes(groups: dict[str, tuple[Question, ...]]) -> dict[str, tuple[Theme, ...]]:
    """v1's layout, as its form always had it: the employee's 002 questions, then 000's; the
    manager's questions, then the doorstroom questions folded."""
    employee = groups["employee"]
    return {
        "employee": (
            Theme(
                "self",
                "Vragen over jezelf en je werk",
                "Questions about yourself and your work",
                tuple(q for q in employee if q.source == "002"),
            ),
            Theme(
                "career",
                "Loopbaan en arbeidsmarkt",
                "Career and labour market",
                tuple(q for q in employee if q.source == "000"),
            ),
        ),
        "manager": (
            Theme("employee", "Over {name}", "About {name}", groups["manager"]),
            Theme(
                "department",
                "Doorstroom en afdeling (optioneel)",
                "Staff flow and department (optional)",
                groups["manager_flow"],
                help_nl="Deze vragen gaan over je afdeling als geheel. Ze zijn niet verplicht.",
                help_en="These questions are about your department as a whole. They are optional.",
                department=True,
            ),
        ),
    }


def _parse_groups(data: dict, version: str) -> dict[str, tuple[Question, ...]]:
    groups: dict[str, tuple[Question, ...]] = {}
    seen: set[str] = set()
    for group in _QUESTION_GROUPS:
        raw_list = data.get(group)
        if not isinstance(raw_list, list):
            raise ValueError(f"question set {version}: {group!r} must be a list")
        questions = []
        for i, raw in enumerate(raw_list):
            q = _parse_question(raw, f"question set {version}, {group}[{i}]")
            if group == "manager_flow":  # v1's form folded the doorstroom questions
                q = replace(q, core=False)
            if q.id in seen:
                raise ValueError(f"question set {version}: duplicate question id {q.id!r}")
            seen.add(q.id)
            questions.append(q)
        groups[group] = tuple(questions)
    return groups


def _parse_types(raw_types: Any, version: str) -> dict[str, ConversationType]:
    if not isinstance(raw_types, dict):
        raise ValueError(f"question set {version}: 'conversation_types' must be an object")
    return {key: _parse_type(raw_types.get(key), key, version) for key in _TYPE_KEYS}


def _parse_type(raw: Any, key: str, version: str) -> ConversationType:
    if not isinstance(raw, dict):
        raise ValueError(f"question set {version}: conversation type {key!r} missing")
    values = {}
    for attr in ("nl", "en", "explain_nl", "explain_en"):
        value = raw.get(attr)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"question set {version}: conversation type {key!r} lacks {attr!r}")
        values[attr] = value
    return ConversationType(key=key, **values)


def load_question_set(version: str = LATEST_VERSION) -> QuestionSet:
    """The question set of `version` (cached: one object per version); ValueError if unknown."""
    if not isinstance(version, str) or not _VERSION_RE.match(version):
        raise ValueError(f"unknown question set version {version!r}")
    return _load(version)


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
) -> tuple[str, str] | None:
    """(type name, one-sentence explanation) for a cell of the potential x willingness matrix.

    potential and willingness are "low" or "high"; None (or "") when either is missing.
    """
    if not potential or not willingness:
        return None
    if potential not in LEVELS or willingness not in LEVELS:
        raise ValueError(f"potential and willingness must be one of {LEVELS}, got {potential!r}, {willingness!r}")
    ctype = load_question_set(version).conversation_types[f"{potential}_{willingness}"]
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
