"""Format 1 of a question set file (v1): each group's questions flat, laid out as v1's form
always had them. Only v1 is in it; every later set is format 2 (shared/questionset_format.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from shared.questions import TYPE_KEYS, ConversationType, Question, Theme

_QUESTION_GROUPS = ("employee", "manager", "manager_flow", "evaluation")


def parse_format_1(
    data: dict, version: str
) -> tuple[dict[str, tuple[Question, ...]], dict[str, tuple[Theme, ...]], dict[str, ConversationType]]:
    groups = _parse_groups(data, version)
    return groups, _format_1_themes(groups), _parse_types(data.get("conversation_types"), version)


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
    return {key: _parse_type(raw_types.get(key), key, version) for key in TYPE_KEYS}


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
