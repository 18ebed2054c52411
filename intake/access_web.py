"""shared.access for the web side: who the request is, the POP's facts, and a 404 when not allowed.

The views keep their own flow; they call these helpers so that every decision about
who sees what goes through shared.access.can. A refusal is a 404, never a 403: a
page must not tell a stranger that the POP exists.
"""

from __future__ import annotations

from flask import Blueprint, abort, g
from sqlalchemy import select

from intake import web
from intake.commands import preparation_of
from shared.access import ANONYMOUS, VIEW_SHARED_POINTS, PopFacts, Viewer, can, role_in, visible_answers
from shared.log_context import bind_pop
from shared.models import Agreement, Pop, Signature
from shared.plan import plan_hash


def current_viewer() -> Viewer:
    """The HR user logged in (hr_required ran), else the person of the personal link, else nobody."""
    if g.get("hr_user") is not None:
        return Viewer("hr", g.hr_user.id)
    if g.get("person") is not None and g.get("role") in ("employee", "manager"):
        return Viewer(g.role, g.person.id)
    return ANONYMOUS


def _plan_signed(pop: Pop) -> bool:
    s = web.uow().session
    current = plan_hash(s.scalars(select(Agreement).where(Agreement.pop_id == pop.id)), pop.plan_goal)
    if current is None:
        return False
    roles = set(s.scalars(select(Signature.role).where(Signature.pop_id == pop.id, Signature.content_hash == current)))
    return roles >= {"employee", "manager"}


def facts_of(pop: Pop, with_plan: bool = False) -> PopFacts:
    """with_plan: also read whether both signed (two queries; only download_plan_pdf needs it)."""
    return PopFacts(
        pop_id=pop.id,
        employee_id=pop.employee_id,
        manager_id=pop.manager_id,
        state=pop.state,
        plan_signed=_plan_signed(pop) if with_plan else False,
    )


def allowed(action: str, pop: Pop) -> bool:
    return can(current_viewer(), action, facts_of(pop, with_plan=action == "download_plan_pdf"))


def require(action: str, pop: Pop) -> None:
    if not allowed(action, pop):
        abort(404)


def guard(bp: Blueprint, action: str = "view_pop") -> None:
    """Check `action` on g.current_pop before every view of a blueprint whose url processor
    resolved it (the personal blueprint): a second lock behind the link's own checks."""

    @bp.before_request
    def _check_access() -> None:
        pop = g.get("current_pop")
        if pop is None:
            abort(404)
        bind_pop(pop.id)  # this request's log lines name the POP
        require(action, pop)


def preparation_texts(pop: Pop, side: str) -> dict[str, str]:
    """{question id: text} of `side`'s preparation that this request may read."""
    prep = preparation_of(web.uow(), pop, side)
    if prep is None:
        return {}
    return visible_answers(
        current_viewer(), facts_of(pop), side, prep.answers, prep.submitted_at is not None, prep.shared_with_id
    )


def other_side_points(pop: Pop, lang: str) -> list[tuple[str, str]] | None:
    """(question, answer) the other side shared with this viewer, in the question set's order;
    None before the exchange or for anyone not in the POP (a drop-in for views._shared_by)."""
    viewer = current_viewer()
    role = role_in(viewer, facts_of(pop))
    if role not in ("employee", "manager") or not allowed(VIEW_SHARED_POINTS, pop):
        return None
    side = "manager" if role == "employee" else "employee"
    prep = preparation_of(web.uow(), pop, side)
    if prep is None:
        return []
    texts = preparation_texts(pop, side)
    return [
        (q.text(lang), texts[q.id].strip()) for q in web.question_set(prep.question_set).for_role(side) if q.id in texts
    ]
