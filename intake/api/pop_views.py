"""POPs: GET /api/v1/pops (HR's filters, keyset pages), GET …/<id> and GET …/<id>/timeline.

HR sees states, dates, agreements and signatures, never the private preparation answers:
pop_detail has none, and the timeline carries event data only.
"""
from __future__ import annotations

from flask import jsonify

from intake import pop_query, web
from intake.api.common import bp, checked_id, not_found, page_json, query_bool, query_int, query_text, token_required
from intake.commands import timeline
from intake.pop_query import PHASES, PopFilter
from intake.serialize import pop_detail
from shared.models import Pop


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _pop(pop_id: int) -> Pop:
    item = web.uow().session.get(Pop, checked_id(pop_id))
    if item is None:
        raise not_found()
    return item


@bp.get("/pops")
@token_required
def pops():
    manager = query_text("manager")
    f = PopFilter(round_id=query_int("round"), phase=query_text("phase", PHASES),
                  department=query_text("department"), manager=manager.lower() if manager else None,
                  overdue=query_bool("overdue"))
    size = query_int("limit", default=pop_query.PAGE_SIZE, high=500)
    before = query_int("before")
    work = web.uow()
    rows, next_before = pop_query.page(work, f, web.now(), before, size=size)
    return page_json([row.as_json() for row in rows], pop_query.count(work, f), next_before)


@bp.get("/pops/<int:pop_id>")
@token_required
def pop(pop_id: int):
    return jsonify(pop_detail(web.uow(), _pop(pop_id)))


@bp.get("/pops/<int:pop_id>/timeline")
@token_required
def pop_timeline(pop_id: int):
    item = _pop(pop_id)
    return jsonify({"pop_id": item.id, "items": [
        {"at": _iso(e.created_at), "kind": e.kind, "actor": e.actor, "data": e.data, "outcome": e.outcome,
         "handled": e.handled_at is not None} for e in timeline(web.uow(), item)]})
