"""Every question of the seeds, as a list to start a set from (the future editor's library).

The shipped sets hold most of them: v2's themes, newest first, then what only v1 asks (its
two ambition questions). Seed 004's step 2 lists the subjects a development conversation can
cover; no shipped set asks them, so they are here as questions for the employee (TOPICS_004).
Grouped by role and theme, each question with its seed (`source`: 000, 002, 004). A question
id is taken once, from the newest set that has it, so a set built from the library has
unique ids and each keeps the meaning the seed gave it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from shared.questions import Question, Theme, available_versions, load_question_set

EVALUATION = "evaluation"  # a library group of the evaluation questions (004 step 8), beside the roles

# Seed 004, step 2 "Onderwerpen van gesprek", each subject asked in plain words.
TOPICS_004 = Theme(
    "topics_004",
    "Onderwerpen van het gesprek",
    "Subjects of the conversation",
    tuple(
        Question(qid, nl, en, "004", core=False)
        for qid, nl, en in (
            (
                "job_satisfaction",
                "Hoe tevreden ben je over je huidige functie?",
                "How satisfied are you with your current job?",
            ),
            (
                "workload_capacity",
                "Hoe is je werkdruk, en hoeveel kun je aan?",
                "How is your workload, and how much can you handle?",
            ),
            (
                "growing_capacity",
                "Kun je meer aan nu je kennis, vaardigheden en ervaring groeien?",
                "Can you take on more now that your knowledge, skills and experience grow?",
            ),
            (
                "competences",
                "Welke vaardigheden beheers je goed, en welke wil je nog leren?",
                "Which skills do you master, and which do you still want to learn?",
            ),
            (
                "personal_circumstances",
                "Is er iets veranderd in je persoonlijke situatie dat invloed heeft op je werk?",
                "Has anything changed in your personal situation that affects your work?",
            ),
            (
                "internal_move",
                "Zie je kansen voor een andere functie bij ons?",
                "Do you see chances for another job with us?",
            ),
            (
                "external_jobs",
                "Kijk je ook naar werk bij een andere werkgever?",
                "Are you also looking at work elsewhere?",
            ),
            (
                "previous_agreements",
                "Hoe staat het met de afspraken en acties van de vorige keer?",
                "How are the agreements and actions of last time going?",
            ),
        )
    ),
)


@dataclass(frozen=True)
class LibraryGroup:
    role: str  # "employee", "manager" or EVALUATION
    theme: Theme  # its id, titles, help and department flag; `questions` holds this group's
    version: str  # the shipped set it comes from ("004": seed 004's topics, in no shipped set)

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
    topics = tuple(q for q in TOPICS_004.questions if q.id not in seen)
    if topics:
        groups.append(LibraryGroup("employee", _with(TOPICS_004, topics), "004"))
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
