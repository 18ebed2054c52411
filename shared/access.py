"""Who may see and do what with a POP: the one place that decides it (pure: no Flask, no database).

The rules of DESIGN.md "Access and privacy":
- an employee sees their own POPs; a manager the POPs of their reports (the POP's
  manager), never those of another manager's team;
- HR sees states, dates, agreements, signatures and the timeline, but no preparation
  text at all: not the private answers, and not the shared points either (those were
  shared with the other side of the conversation, not with HR);
- nobody ever reads another person's private (share=False) answers.

Views, the JSON export and the CLI ask `can(viewer, action, facts)`; `visible_answers`
applies the same rules to the content of a preparation. Anything not listed is denied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from shared.pop_states import FINAL, PLAN_EDITABLE, POINTS_EXCHANGED, plan_editable

ViewerKind = Literal["employee", "manager", "hr", "anonymous"]
Role = Literal["employee", "manager", "hr"]


@dataclass(frozen=True)
class Viewer:
    """Who asks. person_id is a Person's id for employee/manager (an HrUser's for hr, unused)."""

    kind: ViewerKind
    person_id: int | None = None


ANONYMOUS = Viewer("anonymous")


@dataclass(frozen=True)
class PopFacts:
    """What the rules need to know about one POP, read from the database by the caller."""

    pop_id: int
    employee_id: int
    manager_id: int
    state: str
    # Both signed the current content of the plan (there is a PDF for the personnel file).
    plan_signed: bool = False
    # The conversation has started: its agreements can be typed in during it.
    conversation_started: bool = False


VIEW_POP = "view_pop"
VIEW_OWN_PREPARATION = "view_own_preparation"
VIEW_SHARED_POINTS = "view_shared_points"
VIEW_PRIVATE_ANSWERS_OF_OTHER = "view_private_answers_of_other"
VIEW_AGENDA = "view_agenda"
VIEW_AGREEMENTS = "view_agreements"
EDIT_PLAN = "edit_plan"
SIGN = "sign"
VIEW_TIMELINE = "view_timeline"
DOWNLOAD_PLAN_PDF = "download_plan_pdf"
CANCEL = "cancel"
VIEW_OWN_EVALUATION = "view_own_evaluation"
VIEW_SHARED_EVALUATION_OF_OTHER = "view_shared_evaluation_of_other"

PARTIES: frozenset[Role] = frozenset({"employee", "manager"})
EVERYONE_INVOLVED: frozenset[Role] = frozenset({"employee", "manager", "hr"})


def _always(_facts: PopFacts) -> bool:
    return True


# action -> (roles allowed, condition on the POP). One table, so a review reads it in one go.
RULES: Mapping[str, tuple[frozenset[Role], Callable[[PopFacts], bool]]] = {
    VIEW_POP: (EVERYONE_INVOLVED, _always),
    VIEW_OWN_PREPARATION: (PARTIES, _always),
    # 002: the points are exchanged a week before the meeting, not earlier.
    VIEW_SHARED_POINTS: (PARTIES, lambda f: f.state in POINTS_EXCHANGED),
    VIEW_PRIVATE_ANSWERS_OF_OTHER: (frozenset(), _always),
    # The agenda is shared between the two as soon as it is written; it is not HR's.
    VIEW_AGENDA: (PARTIES, _always),
    VIEW_AGREEMENTS: (EVERYONE_INVOLVED, _always),
    EDIT_PLAN: (PARTIES, lambda f: plan_editable(f.state, f.conversation_started)),
    SIGN: (PARTIES, lambda f: f.state in PLAN_EDITABLE),
    VIEW_TIMELINE: (EVERYONE_INVOLVED, _always),
    DOWNLOAD_PLAN_PDF: (EVERYONE_INVOLVED, lambda f: f.plan_signed),
    CANCEL: (frozenset({"manager", "hr"}), lambda f: f.state not in FINAL),
    VIEW_OWN_EVALUATION: (PARTIES, _always),
    # 004 step 8: the manager collects the employee's feedback. Only an evaluation its writer
    # chose to share (Evaluation.shared); HR sees none.
    VIEW_SHARED_EVALUATION_OF_OTHER: (PARTIES, _always),
}
ACTIONS: tuple[str, ...] = tuple(RULES)


def role_in(viewer: Viewer, facts: PopFacts) -> Role | None:
    """The viewer's part in this POP. A manager is also an employee in their own POP,
    so the role comes from the POP's ids; the kind only limits what it can be."""
    if viewer.kind == "hr":
        return "hr"
    if viewer.kind not in ("employee", "manager") or viewer.person_id is None:
        return None
    if viewer.person_id == facts.employee_id:
        return "employee"
    if viewer.kind == "manager" and viewer.person_id == facts.manager_id:
        return "manager"
    return None


def can(viewer: Viewer, action: str, pop: PopFacts) -> bool:
    """Whether `viewer` may do `action` to this POP now. An unknown action is a bug, not a no."""
    try:
        roles, condition = RULES[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None
    role = role_in(viewer, pop)
    return role is not None and role in roles and condition(pop)


def visible_answers(
    viewer: Viewer,
    pop: PopFacts,
    side: str,
    answers: Mapping[str, Mapping] | None,
    submitted: bool,
    shared_with: int | None = None,
) -> dict[str, str]:
    """{question id: text} of `side`'s preparation that the viewer may read.

    Their own side: everything, private answers included. The other side: only what was
    shared, only once submitted and exchanged, and only with this person (shared_with:
    consent names a person; a new manager reads nothing until the employee shares with
    him). Anyone else (HR included): nothing.
    """
    role = role_in(viewer, pop)
    texts = {qid: str((a or {}).get("text") or "") for qid, a in (answers or {}).items()}
    if role == side and can(viewer, VIEW_OWN_PREPARATION, pop):
        return {qid: text for qid, text in texts.items() if text.strip()}
    if (
        role in PARTIES
        and role != side
        and submitted
        and viewer.person_id == shared_with
        and can(viewer, VIEW_SHARED_POINTS, pop)
    ):
        return {
            qid: text for qid, text in texts.items() if text.strip() and ((answers or {}).get(qid) or {}).get("share")
        }
    return {}
