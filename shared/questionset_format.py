"""Format 2 of a question set file (v2 on, and every set HR stores): themes per role.

    {"version": "v2", "format": 2, "name": "..."?,
     "roles": {"employee": {"themes": [THEME, ...]}, "manager": {"themes": [THEME, ...]}},
     "evaluation": [QUESTION, ...], "conversation_types": {"low_low": TYPE, ...}}
    THEME    = {"id", "title": TEXT, "help": TEXT?, "department": bool?, "questions": [QUESTION, ...]}
    QUESTION = {"id", "text": TEXT, "source", "core": bool?, "help": TEXT?, "required": bool?, "shared": bool?}
    TEXT     = {"nl": "...", "en": "..."}    ("en" may be "": the Dutch text shows)
    TYPE     = {"nl", "en", "explain_nl", "explain_en"}

Order is the order of the lists. A question is optional (behind its theme's fold) unless
"core" is true. "required" (default false): ready to share needs an answer to it; "shared"
(default false): its share box starts ticked. Both absent keep a set asking as before.
A theme marked "department" asks the manager about the department as a
whole: its answers are offered again in the manager's next report's preparation.

Everything is checked on load, so an editor or an import that writes a bad set is told at
once: a FormatError has a stable `code` (intake/i18n.py says it in Dutch and English) and
the JSON `path` of the place, e.g. roles.employee.themes[0].questions[2].text.nl. Texts are
one line without control characters and bounded; unknown keys are refused (a typo in an
imported file is found, not ignored). complete=False lets a draft hold a role without
questions yet; publishing needs complete.
"""

from __future__ import annotations

from typing import Any

from shared.questions import Question, Theme
from shared.safe_text import code_point, refused_character

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")
ID_LIMIT = 40
TEXT_LIMIT = 300  # a question or a theme title
HELP_LIMIT = 600  # a help text, a conversation type's explanation
SOURCE_LIMIT = 40
NAME_LIMIT = 200
MAX_THEMES = 20  # per role
MAX_QUESTIONS = 60  # per role
MAX_EVALUATION = 20
TOP_KEYS = {"version", "format", "name", "roles", "evaluation", "conversation_types"}
THEME_KEYS = {"id", "title", "help", "department", "questions"}
QUESTION_KEYS = {"id", "text", "source", "core", "help", "required", "shared"}
TYPE_TEXTS = (("nl", TEXT_LIMIT), ("en", TEXT_LIMIT), ("explain_nl", HELP_LIMIT), ("explain_en", HELP_LIMIT))


class FormatError(ValueError):
    """What is wrong (a stable code, its details) and where (a JSON path)."""

    def __init__(self, code: str, path: str, **details: Any) -> None:
        self.code, self.path, self.details = code, path, details
        told = ", ".join(f"{k}={v!r}" for k, v in details.items())
        super().__init__(f"{path or 'question set'}: {code}" + (f" ({told})" if told else ""))


def parse_format_2(
    data: dict, version: str, *, complete: bool = True
) -> tuple[dict[str, tuple[Question, ...]], dict[str, tuple[Theme, ...]]]:
    """(the groups QuestionSet has: employee, manager, manager_flow, evaluation; role -> themes)."""
    _keys(data, TOP_KEYS, "")
    if "version" in data:  # a file's own key: an import gives it a new one, but it must be one
        line(data["version"], "version", 20)
    if "name" in data:
        line(data["name"], "name", NAME_LIMIT)
    roles = data.get("roles")
    if not isinstance(roles, dict) or set(roles) != {"employee", "manager"}:
        raise FormatError("qs_roles", "roles")
    seen: set[str] = set()
    themes = {role: _themes(roles[role], f"roles.{role}", seen, complete) for role in ("employee", "manager")}
    evaluation = _list(data.get("evaluation"), "evaluation", 1 if complete else 0, MAX_EVALUATION)
    manager = themes["manager"]
    groups = {
        "employee": tuple(q for t in themes["employee"] for q in t.questions),
        "manager": tuple(q for t in manager if not t.department for q in t.questions),
        "manager_flow": tuple(q for t in manager if t.department for q in t.questions),
        "evaluation": tuple(_question(raw, f"evaluation[{i}]", seen) for i, raw in enumerate(evaluation)),
    }
    for i, theme in enumerate(themes["employee"]):
        if theme.department:
            raise FormatError("qs_department_theme_of_employee", f"roles.employee.themes[{i}].department")
    if [t.department for t in manager] != sorted(t.department for t in manager):
        # for_role("manager") is manager + manager_flow: the form must show that order too
        raise FormatError("qs_department_themes_last", "roles.manager.themes")
    for role in ("employee", "manager"):
        count = sum(len(t.questions) for t in themes[role])
        if count > MAX_QUESTIONS or (complete and not count):
            raise FormatError("qs_question_count", f"roles.{role}", low=1, high=MAX_QUESTIONS)
    return groups, themes


def _keys(raw: Any, allowed: set[str], path: str) -> None:
    if not isinstance(raw, dict):
        raise FormatError("qs_not_object", path)
    for key in raw:
        if key not in allowed:
            raise FormatError("qs_unknown_key", f"{path}.{key}".lstrip("."), key=str(key)[:40])


def _list(raw: Any, path: str, low: int, high: int) -> list:
    if not isinstance(raw, list):
        raise FormatError("qs_not_list", path)
    if not low <= len(raw) <= high:
        raise FormatError("qs_count", path, low=low, high=high)
    return raw


def _themes(raw: Any, path: str, seen: set[str], complete: bool) -> tuple[Theme, ...]:
    _keys(raw, {"themes"}, path)
    themes, theme_ids = [], set()
    for i, theme in enumerate(_list(raw.get("themes"), f"{path}.themes", 1 if complete else 0, MAX_THEMES)):
        here = f"{path}.themes[{i}]"
        _keys(theme, THEME_KEYS, here)
        tid = _id(theme.get("id"), f"{here}.id")
        if tid in theme_ids:
            raise FormatError("qs_theme_id_taken", f"{here}.id", id=tid)
        theme_ids.add(tid)
        questions = _list(theme.get("questions"), f"{here}.questions", 1 if complete else 0, MAX_QUESTIONS)
        nl, en = _text(theme.get("title"), f"{here}.title", TEXT_LIMIT)
        help_nl, help_en = _text(theme["help"], f"{here}.help", HELP_LIMIT) if "help" in theme else ("", "")
        themes.append(
            Theme(
                id=tid,
                nl=nl,
                en=en,
                questions=tuple(_question(q, f"{here}.questions[{n}]", seen) for n, q in enumerate(questions)),
                help_nl=help_nl,
                help_en=help_en,
                department=_flag(theme, "department", here),
            )
        )
    return tuple(themes)


def _question(raw: Any, path: str, seen: set[str]) -> Question:
    _keys(raw, QUESTION_KEYS, path)
    qid = _id(raw.get("id"), f"{path}.id")
    if qid in seen:
        # ids are stored beside the answers: one id, one question, in the whole set
        raise FormatError("qs_question_id_taken", f"{path}.id", id=qid)
    seen.add(qid)
    nl, en = _text(raw.get("text"), f"{path}.text", TEXT_LIMIT)
    help_nl, help_en = _text(raw["help"], f"{path}.help", HELP_LIMIT) if "help" in raw else ("", "")
    source = line(raw.get("source"), f"{path}.source", SOURCE_LIMIT, required=True)
    return Question(
        id=qid,
        nl=nl,
        en=en,
        source=source,
        core=_flag(raw, "core", path),
        help_nl=help_nl,
        help_en=help_en,
        required=_flag(raw, "required", path),
        shared=_flag(raw, "shared", path),
    )


def _flag(raw: dict, key: str, path: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise FormatError("qs_not_boolean", f"{path}.{key}")
    return value


def _id(value: Any, path: str) -> str:
    # Ids name form fields and JSON keys of saved answers: plain snake_case only.
    if (
        not isinstance(value, str)
        or not value
        or len(value) > ID_LIMIT
        or not set(value) <= _ID_CHARS
        or value[0] == "_"
    ):
        raise FormatError("qs_bad_id", path, limit=ID_LIMIT)
    return value


def _text(raw: Any, path: str, limit: int) -> tuple[str, str]:
    _keys(raw, {"nl", "en"}, path)
    if "en" not in raw:
        raise FormatError("qs_text_missing", f"{path}.en")
    return line(raw.get("nl"), f"{path}.nl", limit, required=True), line(raw["en"], f"{path}.en", limit)


def line(value: Any, path: str, limit: int, *, required: bool = False) -> str:
    """One line of text, stripped: no control character, at most `limit` characters."""
    if not isinstance(value, str) or (required and not value.strip()):
        raise FormatError("qs_text_missing", path)
    char = refused_character(value)
    if char is not None or "\ufffe" in value or "\uffff" in value:
        raise FormatError("qs_control_character", path, char=code_point(char or "\ufffe"))
    if len(value) > limit:
        raise FormatError("qs_text_too_long", path, limit=limit)
    return value.strip()


def parse_type_texts(raw: Any, path: str) -> dict[str, str]:
    """A conversation type's name and explanation in both languages (English may be empty)."""
    _keys(raw, {name for name, _limit in TYPE_TEXTS}, path)
    if set(raw) != {name for name, _limit in TYPE_TEXTS}:
        raise FormatError("qs_text_missing", path)
    return {
        name: line(raw[name], f"{path}.{name}", limit, required=name in ("nl", "explain_nl"))
        for name, limit in TYPE_TEXTS
    }
