"""The manager's planning overview: every conversation planned in the rounds still under
way for them (name, date, time, place, the employee's answer), the reports still waiting,
and all of it as one .ics to download.

Routes on the personal blueprint (views.py resolves the link); the planning page sends the
manager here after saving, and links here itself.
"""

from __future__ import annotations

from flask import Response, abort, g, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from intake import web
from intake.feed import schedule_calendar
from intake.i18n import current_lang
from intake.personal.schedule_views import waiting_pops
from intake.personal.views import bp
from shared.localtime import format_until
from shared.models import Attendee, Meeting, Pop
from shared.pop_states import BEFORE_MEETING, State


def planned_conversations(manager_id: int) -> list[tuple[Meeting, Pop]]:
    """The conversations, not called off, of the manager's POPs in every round where one of
    their POPs is still waiting for or heading to its conversation; by start."""
    current = (
        select(Pop.round_id)
        .where(Pop.manager_id == manager_id, Pop.state.in_(sorted({State.PLANNING, *BEFORE_MEETING})))
        .distinct()
    )
    rows = (
        web.uow()
        .session.execute(
            select(Meeting, Pop)
            .join(Pop, Pop.id == Meeting.pop_id)
            .where(
                Pop.manager_id == manager_id,
                Pop.round_id.in_(current),
                Meeting.kind == "conversation",
                Meeting.cancelled_at.is_(None),
            )
            .options(
                joinedload(Pop.employee),
                joinedload(Pop.manager),
                joinedload(Pop.round),
                selectinload(Meeting.attendees).joinedload(Attendee.person),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
        .all()
    )
    return [(meeting, pop) for meeting, pop in rows]


def _employee_answer(meeting: Meeting, pop: Pop) -> str:
    return next((a.partstat for a in meeting.attendees if a.person_id == pop.employee_id), "NEEDS-ACTION")


@bp.get("/schedule/planned")
def planned():
    if g.role != "manager":
        abort(404)
    rows = planned_conversations(g.person.id)
    tz, lang = web.runtime().config.timezone, current_lang()
    return render_template(
        "personal/planned.html",
        rows=[
            (meeting, pop, _employee_answer(meeting, pop), format_until(meeting.starts_at, meeting.ends_at, lang, tz))
            for meeting, pop in rows
        ],
        waiting=waiting_pops(g.person.id),
        rounds=len({pop.round_id for _meeting, pop in rows}),
        pop=g.current_pop,
        tz=tz,
    )


@bp.get("/schedule/planned.ics")
def planned_ics():
    if g.role != "manager":
        abort(404)
    body = schedule_calendar(planned_conversations(g.person.id), g.person, web.runtime().config, web.now())
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="pop-planning.ics"', "Cache-Control": "no-store"},
    )
