"""The versioned POP question sets (shared/questionsets/<version>.json).

A POP keeps the version of the question set it was answered with, so a set is
never edited in place: a changed set is a new file (v2, v3, ...). Question ids are
stored next to the answers and must therefore stay stable within a version.

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
from typing import Any

LATEST_VERSION = "v1"

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

    def text(self, lang: str) -> str:
        """English for "en", Dutch for anything else."""
        return self.en if lang == "en" else self.nl


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
    return Question(**values)


def _parse(data: Any, version: str) -> QuestionSet:
    if not isinstance(data, dict):
        raise ValueError(f"question set {version}: top level must be an object")
    if data.get("version") != version:
        raise ValueError(f"question set {version}: file says version {data.get('version')!r}")
    groups = _parse_groups(data, version)
    types = _parse_types(data.get("conversation_types"), version)
    return QuestionSet(version=version, conversation_types=MappingProxyType(types), **groups)


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
