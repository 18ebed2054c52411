"""POPs as plain dicts, for `popflow pop show/list --json` (and later the JSON API)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from intake.commands import current_plan, timeline
from shared.db import UnitOfWork
from shared.models import Meeting, Pop, Signature
from shared.plan import plan_hash


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def pop_summaries(uow: UnitOfWork) -> list[dict]:
    rows = uow.session.execute(
        select(Pop, Meeting).outerjoin(Meeting, (Meeting.pop_id == Pop.id) & (Meeting.kind == "conversation")
                                       & Meeting.cancelled_at.is_(None))
        .options(joinedload(Pop.employee), joinedload(Pop.manager)).order_by(Pop.id)).all()
    return [{"id": pop.id, "employee": pop.employee.email, "manager": pop.manager.email, "state": pop.state,
             "meeting_start": _iso(meeting.starts_at) if meeting else None} for pop, meeting in rows]


def pop_detail(uow: UnitOfWork, pop: Pop) -> dict:
    s = uow.session
    meetings = s.scalars(select(Meeting).where(Meeting.pop_id == pop.id).order_by(Meeting.starts_at)).all()
    agreements = current_plan(uow, pop)
    current = plan_hash(agreements, pop.plan_goal)
    signatures = s.scalars(select(Signature).where(Signature.pop_id == pop.id).order_by(Signature.id)).all()
    return {
        "id": pop.id,
        "state": pop.state,
        "employee": pop.employee.email,
        "manager": pop.manager.email,
        "question_set": pop.question_set,
        "meetings": [{
            "kind": m.kind, "uid": m.uid, "sequence": m.sequence, "start": _iso(m.starts_at),
            "end": _iso(m.ends_at), "location": m.location, "cancelled": m.cancelled_at is not None,
            "attendees": [{"email": a.person.email, "role": a.role, "status": a.partstat,
                           "answered_sequence": a.answered_sequence,
                           "answered_at": _iso(a.answered_at)} for a in m.attendees],
        } for m in meetings],
        "agreements": [{
            "what": a.what, "measurable_result": a.measurable_result, "owner": a.owner,
            "due_date": a.due_date.isoformat() if a.due_date else None, "kind": a.kind,
            "activity": a.activity, "cost_eur": str(a.cost_eur) if a.cost_eur is not None else None,
            "hours": a.hours, "support": a.support, "status": a.status,
        } for a in agreements],
        "plan_goal": pop.plan_goal,
        "plan_hash": current,
        "signatures": [{"role": sig.role, "signed_at": _iso(sig.signed_at), "content_hash": sig.content_hash,
                        "valid": sig.content_hash == current} for sig in signatures],
        "timeline": [{"at": _iso(e.created_at), "kind": e.kind, "actor": e.actor, "data": e.data,
                      "outcome": e.outcome, "handled": e.handled_at is not None} for e in timeline(uow, pop)],
    }
