"""Format 2 of a question set file (v2 on): themes per role, core and optional questions.

    {"version": "v2", "format": 2,
     "roles": {"employee": {"themes": [THEME, ...]}, "manager": {"themes": [THEME, ...]}},
     "evaluation": [QUESTION, ...], "conversation_types": {...as in format 1...}}
    THEME    = {"id", "title": TEXT, "help": TEXT?, "department": bool?, "questions": [QUESTION, ...]}
    QUESTION = {"id", "text": TEXT, "source", "core": bool?, "help": TEXT?}
    TEXT     = {"nl": "...", "en": "..."}

Order is the order of the lists. A question is optional (behind its theme's fold) unless
"core" is true. A theme marked "department" asks the manager about the department as a
whole: its answers are offered again in the manager's next report's preparation.
Everything is checked on load, so an editor that writes a bad file is told at once.
"""

from __future__ import annotations

from typing import Any

from shared.questions import Question, Theme

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def parse_format_2(data: dict, version: str) -> tuple[dict[str, tuple[Question, ...]], dict[str, tuple[Theme, ...]]]:
    """(the groups QuestionSet has: employee, manager, manager_flow, evaluation; role -> themes)."""
    roles = data.get("roles")
    if not isinstance(roles, dict) or set(roles) != {"employee", "manager"}:
        raise ValueError(f"question set {version}: 'roles' must have exactly 'employee' and 'manager'")
    seen: set[str] = set()
    themes = {role: _themes(roles[role], f"question set {version}, {role}", seen) for role in ("employee", "manager")}
    evaluation = data.get("evaluation")
    if not isinstance(evaluation, list):
        raise ValueError(f"question set {version}: 'evaluation' must be a list")
    manager = themes["manager"]
    groups = {
        "employee": tuple(q for t in themes["employee"] for q in t.questions),
        "manager": tuple(q for t in manager if not t.department for q in t.questions),
        "manager_flow": tuple(q for t in manager if t.department for q in t.questions),
        "evaluation": tuple(
            _question(raw, f"question set {version}, evaluation[{i}]", seen) for i, raw in enumerate(evaluation)
        ),
    }
    if any(t.department for t in themes["employee"]):
        raise ValueError(f"question set {version}: only the manager's themes can be about the department")
    if [t.department for t in manager] != sorted(t.department for t in manager):
        # for_role("manager") is manager + manager_flow: the form must show that order too
        raise ValueError(f"question set {version}: the manager's department themes come last")
    return groups, themes


def _themes(raw: Any, where: str, seen: set[str]) -> tuple[Theme, ...]:
    if not isinstance(raw, dict) or not isinstance(raw.get("themes"), list) or not raw["themes"]:
        raise ValueError(f"{where}: needs a non-empty list 'themes'")
    themes, theme_ids = [], set()
    for i, theme in enumerate(raw["themes"]):
        here = f"{where}, theme {i}"
        if not isinstance(theme, dict):
            raise ValueError(f"{here}: a theme must be an object")
        tid = _id(theme.get("id"), here)
        if tid in theme_ids:
            raise ValueError(f"{here}: duplicate theme id {tid!r}")
        theme_ids.add(tid)
        questions = theme.get("questions")
        if not isinstance(questions, list) or not questions:
            raise ValueError(f"{here}: needs a non-empty list 'questions'")
        nl, en = _text(theme.get("title"), f"{here}, title")
        help_nl, help_en = _text(theme["help"], f"{here}, help") if "help" in theme else ("", "")
        department = theme.get("department", False)
        if not isinstance(department, bool):
            raise ValueError(f"{here}: 'department' must be true or false")
        themes.append(
            Theme(
                id=tid,
                nl=nl,
                en=en,
                questions=tuple(_question(q, f"{here}, question {n}", seen) for n, q in enumerate(questions)),
                help_nl=help_nl,
                help_en=help_en,
                department=department,
            )
        )
    return tuple(themes)


def _question(raw: Any, where: str, seen: set[str]) -> Question:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a question must be an object")
    qid = _id(raw.get("id"), where)
    if qid in seen:
        raise ValueError(f"{where}: duplicate question id {qid!r}")
    seen.add(qid)
    nl, en = _text(raw.get("text"), f"{where}, text")
    help_nl, help_en = _text(raw["help"], f"{where}, help") if "help" in raw else ("", "")
    source, core = raw.get("source"), raw.get("core", False)
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"{where}: missing or empty 'source'")
    if not isinstance(core, bool):
        raise ValueError(f"{where}: 'core' must be true or false")
    return Question(id=qid, nl=nl, en=en, source=source, core=core, help_nl=help_nl, help_en=help_en)


def _id(value: Any, where: str) -> str:
    # Ids name form fields and JSON keys of saved answers: plain snake_case only.
    if not isinstance(value, str) or not value or not set(value) <= _ID_CHARS or value[0] == "_":
        raise ValueError(f"{where}: id must be snake_case, got {value!r}")
    return value


def _text(raw: Any, where: str) -> tuple[str, str]:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be an object with 'nl' and 'en'")
    values = tuple(raw.get(lang) for lang in ("nl", "en"))
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError(f"{where}: needs non-empty 'nl' and 'en'")
    return values  # type: ignore[return-value]
