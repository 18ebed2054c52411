"""Every question of the seeds, as a list to start a set from (the future editor's library).

The shipped sets hold them all: v2's themes, newest first, then what only v1 asks (its two
ambition questions). Grouped by role and theme, each question with its seed (`source`:
000, 002, 004). A question id is taken once, from the newest set that has it, so a set
built from the library has unique ids and each keeps the meaning the seed gave it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from shared.questions import Question, Theme, available_versions, load_question_set

EVALUATION = "evaluation"  # a library group of the evaluation questions (004 step 8), beside the roles


@dataclass(frozen=True)
class LibraryGroup:
    role: str  # "employee", "manager" or EVALUATION
    theme: Theme  # its id, titles, help and department flag; `questions` holds this group's
    version: str  # the shipped set it comes from

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.theme.questions


@functools.cache
def library() -> tuple[LibraryGroup, ...]:
    groups: list[LibraryGroup] = []
    seen: set[str] = set()
    for version in available_versions():  # newest first
        qs = load_question_set(version)
        evaluation = Theme(EVALUATION, "Evaluatie van het gesprek", "Evaluation of the conversation", qs.evaluation)
        for role, themes in (
            *((role, qs.themes[role]) for role in ("employee", "manager")),
            (EVALUATION, (evaluation,)),
        ):
            for theme in themes:
                new = tuple(q for q in theme.questions if q.id not in seen)
                seen.update(q.id for q in new)
                if new:
                    groups.append(LibraryGroup(role, _with(theme, new), version))
    return tuple(groups)


def _with(theme: Theme, questions: tuple[Question, ...]) -> Theme:
    return Theme(theme.id, theme.nl, theme.en, questions, theme.help_nl, theme.help_en, theme.department)


def library_question(qid: str) -> tuple[LibraryGroup, Question] | None:
    """The library's question with this id, and its group."""
    for group in library():
        for q in group.questions:
            if q.id == qid:
                return group, q
    return None
