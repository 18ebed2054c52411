"""HR's draft editor as plain data: the posted form <-> a draft's content, and its actions.

No Flask here (intake/hr/question_draft_views.py is the page). The page is one form: every
theme and question as fields named by their place ("employee-0-2-text_nl": role, theme,
question, part) and a submit button per action ("up:employee:0:2"), so it works without
JavaScript. What was posted is kept as typed ("rows", strings and booleans) until it is
saved through intake/question_sets.update_draft, which checks it; the page shows the rows
again on an error, so nothing typed is lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from shared.questionset_format import HELP_LIMIT, ID_LIMIT, MAX_QUESTIONS, MAX_THEMES, TEXT_LIMIT, FormatError, line

ROLES = ("employee", "manager")
OWN_SOURCE = "eigen"  # the source of a question HR wrote (the seeds' are 000, 002, 004)
THEME_TEXTS = ("title_nl", "title_en", "help_nl", "help_en")
QUESTION_TEXTS = ("text_nl", "text_en", "help_nl", "help_en")
FLAGS = ("core", "required", "shared")
_FIELD = re.compile(r"(employee|manager)-([0-9]{1,2})-(?:([0-9]{1,2})-)?([a-z_]{2,12})")
_ACTION = re.compile(
    r"(up|down|remove|theme_up|theme_down|theme_remove|add|add_theme):(employee|manager)(?::([0-9]{1,2}))?(?::([0-9]{1,2}))?"
)
Rows = dict[str, list[dict[str, Any]]]  # role -> themes, each with its "questions"


def rows_of(content: Mapping[str, Any]) -> Rows:
    """A stored draft's themes and questions as the form shows them."""
    rows: Rows = {}
    for role in ROLES:
        rows[role] = []
        for theme in content["roles"][role]["themes"]:
            title, help_ = theme["title"], theme.get("help", {"nl": "", "en": ""})
            rows[role].append(
                {
                    "id": theme["id"],
                    "department": bool(theme.get("department")),
                    "title_nl": title["nl"],
                    "title_en": title["en"],
                    "help_nl": help_["nl"],
                    "help_en": help_["en"],
                    "questions": [_question_row(q) for q in theme["questions"]],
                }
            )
    return rows


def _question_row(q: Mapping[str, Any]) -> dict[str, Any]:
    help_ = q.get("help", {"nl": "", "en": ""})
    return {
        "id": q["id"],
        "source": q["source"],
        "text_nl": q["text"]["nl"],
        "text_en": q["text"]["en"],
        "help_nl": help_["nl"],
        "help_en": help_["en"],
        **{flag: bool(q.get(flag)) for flag in FLAGS},
    }


def rows_from_form(form: Mapping[str, str]) -> Rows:
    """The posted fields as rows, in the order of their numbers; a missing field is empty.
    Any other field (a number too large, an unknown part) is ignored."""
    themes: dict[str, dict[int, dict[str, Any]]] = {role: {} for role in ROLES}
    questions: dict[tuple[str, int], dict[int, dict[str, Any]]] = {}
    for name in form:
        m = _FIELD.fullmatch(name)
        if m is None:
            continue
        role, t, q, part = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        theme = themes[role].setdefault(t, {})
        if q is None:
            if part in (*THEME_TEXTS, "id", "department"):
                theme[part] = form[name]
        elif part in (*QUESTION_TEXTS, "id", "source", *FLAGS):
            questions.setdefault((role, t), {}).setdefault(int(q), {})[part] = form[name]
    rows: Rows = {}
    for role in ROLES:
        rows[role] = []
        for t in sorted(themes[role]):
            raw = themes[role][t]
            theme = {key: raw.get(key, "") for key in ("id", *THEME_TEXTS)}
            theme["department"] = bool(raw.get("department"))
            found = questions.get((role, t), {})
            theme["questions"] = [
                {
                    **{key: found[n].get(key, "") for key in ("id", "source", *QUESTION_TEXTS)},
                    **{flag: bool(found[n].get(flag)) for flag in FLAGS},
                }
                for n in sorted(found)
            ]
            rows[role].append(theme)
    return rows


def content_of(rows: Rows, base: Mapping[str, Any]) -> dict[str, Any]:
    """Format 2 content: the rows' roles, and the evaluation and conversation types of `base`
    (the stored draft: this page does not edit them)."""

    def text(row: Mapping[str, Any], prefix: str) -> dict[str, str]:
        return {"nl": row[f"{prefix}_nl"], "en": row[f"{prefix}_en"]}

    def question(row: Mapping[str, Any]) -> dict[str, Any]:
        written: dict[str, Any] = {"id": row["id"], "text": text(row, "text"), "source": row["source"]}
        written.update({flag: True for flag in FLAGS if row[flag]})
        if row["help_nl"].strip() or row["help_en"].strip():
            written["help"] = text(row, "help")
        return written

    def theme(row: Mapping[str, Any]) -> dict[str, Any]:
        written: dict[str, Any] = {"id": row["id"], "title": text(row, "title")}
        if row["help_nl"].strip() or row["help_en"].strip():
            written["help"] = text(row, "help")
        if row["department"]:
            written["department"] = True
        written["questions"] = [question(q) for q in row["questions"]]
        return written

    return {
        **dict(base),
        "roles": {role: {"themes": [theme(t) for t in rows[role]]} for role in ROLES},
    }


def text_problems(rows: Rows) -> list[tuple[str, FormatError]]:
    """Every text that cannot be stored, with its field: all at once, for the error summary
    (the service's own check stops at the first)."""
    found = []
    for role in ROLES:
        for t, theme in enumerate(rows[role]):
            for part in THEME_TEXTS:
                found += _line_problem(f"{role}-{t}-{part}", theme[part], part)
            for n, q in enumerate(theme["questions"]):
                for part in QUESTION_TEXTS:
                    found += _line_problem(f"{role}-{t}-{n}-{part}", q[part], part)
    return found


def _line_problem(name: str, value: str, part: str) -> list[tuple[str, FormatError]]:
    limit = HELP_LIMIT if part.startswith("help") else TEXT_LIMIT
    try:
        line(value, name, limit, required=part in ("title_nl", "text_nl"))
    except FormatError as exc:
        return [(name, exc)]
    return []


def field_of(path: str) -> str | None:
    """The form field (or the block's anchor) a FormatError's JSON path points at."""
    m = re.fullmatch(
        r"roles\.(employee|manager)(?:\.themes(?:\[([0-9]+)\](?:\.questions(?:\[([0-9]+)\])?)?)?)?(?:\.(\w+))?(?:\.(nl|en))?",
        path,
    )
    if m is None:
        return None
    role, t, q, part, lang = m.groups()
    if t is None:
        return f"role-{role}"
    place = f"{role}-{t}" + (f"-{q}" if q is not None else "")
    if part in ("text", "help", "title") and lang:
        return f"{place}-{part}_{lang}"
    return place


def missing_english(rows: Rows) -> list[tuple[str, str]]:
    """(field, its Dutch text) of every text whose English is empty: the Dutch shows instead."""
    found = []
    for role in ROLES:
        for t, theme in enumerate(rows[role]):
            for part in ("title", "help"):
                if theme[f"{part}_nl"].strip() and not theme[f"{part}_en"].strip():
                    found.append((f"{role}-{t}-{part}_en", theme[f"{part}_nl"]))
            for n, q in enumerate(theme["questions"]):
                for part in ("text", "help"):
                    if q[f"{part}_nl"].strip() and not q[f"{part}_en"].strip():
                        found.append((f"{role}-{t}-{n}-{part}_en", q[f"{part}_nl"]))
    return found


def new_id(text: str, taken: set[str]) -> str:
    """A snake_case id made from a text, not yet in `taken`. Made once: the question keeps it
    whatever its text becomes (ids are stored beside the answers)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[: ID_LIMIT - 8].rstrip("_") or "vraag"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def question_ids(rows: Rows, base: Mapping[str, Any]) -> set[str]:
    ids = {q["id"] for role in ROLES for t in rows[role] for q in t["questions"]}
    return ids | {str(q.get("id")) for q in base.get("evaluation", []) if isinstance(q, dict)}


class ActionProblem(ValueError):
    """An action that cannot be done as asked: `code` for intake/i18n.py, `field` where."""

    def __init__(self, code: str, field: str) -> None:
        super().__init__(code)
        self.code, self.field = code, field


def apply_action(action: str, rows: Rows, form: Mapping[str, str], taken: set[str]) -> str:
    """Does the button's action on the rows (in place); the anchor to show afterwards.
    Any value the page never sends only saves ("" anchor)."""
    m = _ACTION.fullmatch(action or "")
    if m is None:
        return ""
    kind, role, t_text, q_text = m.groups()
    themes = rows[role]
    t = int(t_text) if t_text is not None else None
    q = int(q_text) if q_text is not None else None
    if kind == "add":
        return _add_question(role, themes, form, taken)
    if kind == "add_theme":
        return _add_theme(role, themes, form)
    if t is None or t >= len(themes):
        return ""
    if kind.startswith("theme_"):
        return _theme_action(kind, role, themes, t)
    if q is None or q >= len(themes[t]["questions"]):
        return ""
    return _question_action(kind, role, themes, t, q)


def _question_action(kind: str, role: str, themes: list[dict[str, Any]], t: int, q: int) -> str:
    items = themes[t]["questions"]
    if kind == "remove":
        del items[q]
        return f"{role}-{t}"
    if kind == "up":
        if q > 0:
            items[q - 1], items[q] = items[q], items[q - 1]
            return f"{role}-{t}-{q - 1}"
        if t > 0:  # the first of its theme goes to the end of the theme before
            themes[t - 1]["questions"].append(items.pop(q))
            return f"{role}-{t - 1}-{len(themes[t - 1]['questions']) - 1}"
        return f"{role}-{t}-{q}"
    if q < len(items) - 1:
        items[q + 1], items[q] = items[q], items[q + 1]
        return f"{role}-{t}-{q + 1}"
    if t < len(themes) - 1:  # the last of its theme goes to the start of the next
        themes[t + 1]["questions"].insert(0, items.pop(q))
        return f"{role}-{t + 1}-0"
    return f"{role}-{t}-{q}"


def _theme_action(kind: str, role: str, themes: list[dict[str, Any]], t: int) -> str:
    if kind == "theme_remove":
        del themes[t]
        return f"role-{role}"
    other = t - 1 if kind == "theme_up" else t + 1
    if not 0 <= other < len(themes):
        return f"{role}-{t}"
    themes[other], themes[t] = themes[t], themes[other]
    return f"{role}-{other}"


def _add_question(role: str, themes: list[dict[str, Any]], form: Mapping[str, str], taken: set[str]) -> str:
    nl, en = (form.get(f"new-{role}-text_{lang}") or "" for lang in ("nl", "en"))
    field = f"new-{role}-text_nl"
    try:
        line(nl, field, TEXT_LIMIT, required=True)
        line(en, f"new-{role}-text_en", TEXT_LIMIT)
    except FormatError as exc:
        raise ActionProblem("qe_new_question_text" if exc.code == "qs_text_missing" else exc.code, exc.path) from None
    if sum(len(t["questions"]) for t in themes) >= MAX_QUESTIONS:
        raise ActionProblem("qe_too_many_questions", field)
    chosen = form.get(f"new-{role}-theme") or ""
    if chosen.isascii() and chosen.isdigit() and len(chosen) < 3 and int(chosen) < len(themes):
        t = int(chosen)
    else:  # no theme yet, or "a new one": own questions get a theme of their own
        t = _new_theme(role, themes, "Eigen vragen", "Your own questions", field)
    qid = new_id(nl, taken)
    row = {"id": qid, "source": OWN_SOURCE, "text_nl": nl.strip(), "text_en": en.strip(), "help_nl": "", "help_en": ""}
    themes[t]["questions"].append({**row, "core": True, "required": False, "shared": False})
    return f"{role}-{t}-{len(themes[t]['questions']) - 1}"


def _add_theme(role: str, themes: list[dict[str, Any]], form: Mapping[str, str]) -> str:
    field = f"newtheme-{role}-title_nl"
    title = form.get(field) or ""
    try:
        line(title, field, TEXT_LIMIT, required=True)
        en = line(form.get(f"newtheme-{role}-title_en") or "", f"newtheme-{role}-title_en", TEXT_LIMIT)
    except FormatError as exc:
        raise ActionProblem("qe_new_theme_title" if exc.code == "qs_text_missing" else exc.code, exc.path) from None
    return f"{role}-{_new_theme(role, themes, title.strip(), en, field)}"


def _new_theme(role: str, themes: list[dict[str, Any]], nl: str, en: str, field: str) -> int:
    """Adds an empty theme; its place."""
    if len(themes) >= MAX_THEMES:
        raise ActionProblem("qe_too_many_themes", field)
    row = {"id": new_id(nl, {t["id"] for t in themes}), "department": False, "title_nl": nl, "title_en": en}
    row = {**row, "help_nl": "", "help_en": "", "questions": []}
    # A new theme goes before the manager's department themes: those come last.
    at = next((i for i, t in enumerate(themes) if t["department"]), len(themes))
    themes.insert(at, row)
    return at
