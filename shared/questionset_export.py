"""A QuestionSet written as format 2 (shared/questionset_format.py): what an export gives,
what a stored version holds, what the shipped files are. Every set writes this way, so an export
imports again with the same questions in the same order."""

from __future__ import annotations

from typing import Any

from shared.questions import TYPE_KEYS, Question, QuestionSet, Theme


def as_content(qs: QuestionSet) -> dict[str, Any]:
    """The set's questions, themes and texts, without its version and name."""
    return {
        "format": 2,
        "roles": {role: {"themes": [written_theme(t) for t in qs.themes[role]]} for role in ("employee", "manager")},
        "evaluation": [written_question(q) for q in qs.evaluation],
        "conversation_types": {
            key: {
                "nl": ct.nl,
                "en": ct.en,
                "explain_nl": ct.explain_nl,
                "explain_en": ct.explain_en,
            }
            for key in TYPE_KEYS
            if (ct := qs.conversation_types.get(key)) is not None
        },
    }


def as_file(qs: QuestionSet, name: str) -> dict[str, Any]:
    """The file of `popflow questions export` and GET /api/v1/question-sets/<version>."""
    return {"version": qs.version, "format": 2, "name": name, **as_content(qs)}


def _text(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


def written_theme(theme: Theme) -> dict[str, Any]:
    """A theme as the file has it, its questions too."""
    written: dict[str, Any] = {"id": theme.id, "title": _text(theme.nl, theme.en)}
    if theme.help_nl or theme.help_en:
        written["help"] = _text(theme.help_nl, theme.help_en)
    if theme.department:
        written["department"] = True
    written["questions"] = [written_question(q) for q in theme.questions]
    return written


def written_question(q: Question) -> dict[str, Any]:
    """A question as the file has it: core, required, shared and help only when set."""
    written: dict[str, Any] = {"id": q.id, "text": _text(q.nl, q.en), "source": q.source}
    if q.core:
        written["core"] = True
    if q.required:
        written["required"] = True
    if q.shared:
        written["shared"] = True
    if q.help_nl or q.help_en:
        written["help"] = _text(q.help_nl, q.help_en)
    return written
