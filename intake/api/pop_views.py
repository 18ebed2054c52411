"""POPs: GET /api/v1/pops (HR's filters, keyset pages), GET …/<id> and GET …/<id>/timeline.

HR sees states, dates, agreements and signatures, never the private preparation answers:
pop_detail has none, and the timeline carries event data only.
"""

from __future__ import annotations

from flask import request

from intake import pop_query, web
from intake.api import replies
from intake.api.common import (
    bad_parameter,
    bp,
    checked_id,
    not_found,
    query_bool,
    query_int,
    query_text,
    reply,
    token_required,
)
from intake.api.openapi import BAD_REQUEST, LIMIT, NO_NUL, NOT_FOUND, documented, path_id, query
from intake.api.schema import Id
from intake.pop_query import PHASES, Phase, PopFilter
from intake.serialize import PopDetail, pop_detail, timeline_entries
from shared.models import Pop


def _pop(pop_id: int) -> Pop:
    item = web.uow().session.get(Pop, checked_id(pop_id))
    if item is None:
        raise not_found()
    return item


def _search() -> str | None:
    """?q= as the HR list takes it; twice is a mistake, like any other parameter."""
    values = request.args.getlist("q")
    if len(values) > 1:
        raise bad_parameter("q")
    return pop_query.search_term(values[0] if values else None)


@bp.get("/pops")
@documented(
    "listPops",
    "POPs with HR's filters, newest first.",
    tag="pops",
    parameters=(
        query("round", Id, "Only this round."),
        query("phase", Phase, "Only this phase."),
        query("department", NO_NUL, "Only employees of this department (exactly; empty: any)."),
        query(
            "manager",
            NO_NUL,
            "Only POPs with this manager: their e-mail address (exactly, any case) or a part of their name "
            "(any case; empty: any).",
        ),
        query(
            "q",
            {"type": "string"},
            "Search: POPs whose employee or manager has this in their name, e-mail address or employee "
            "number (a part, any case; `%` and `_` are plain characters; control characters are dropped "
            f"and only the first {pop_query.SEARCH_LIMIT} characters count; empty: any).",
        ),
        query("overdue", {"type": "boolean", "default": False}, "Only POPs with something overdue."),
        LIMIT,
        query("before", Id, "The `next` of the previous page."),
    ),
    responses={200: (replies.PopPage, "A page of POPs and the number of all that match."), 400: BAD_REQUEST},
)
@token_required
def pops():
    manager = query_text("manager")
    f = PopFilter(
        round_id=query_int("round"),
        phase=query_text("phase", PHASES),
        department=query_text("department"),
        manager=manager.lower()[: pop_query.SEARCH_LIMIT] if manager else None,
        overdue=query_bool("overdue"),
        q=_search(),
    )
    size = query_int("limit", default=pop_query.PAGE_SIZE, high=500)
    before = query_int("before")
    work = web.uow()
    rows, next_before = pop_query.page(work, f, web.now(), before, size=size)
    return reply(replies.PopPage(items=rows, total=pop_query.count(work, f), next=next_before))


@bp.get("/pops/<int:pop_id>")
@documented(
    "getPop",
    "One POP: meetings, agreements, signatures, timeline; never the private preparation answers.",
    tag="pops",
    parameters=(path_id("pop_id", "POP"),),
    responses={200: (PopDetail, "The POP."), 404: NOT_FOUND},
)
@token_required
def pop(pop_id: int):
    return reply(pop_detail(web.uow(), _pop(pop_id)))


@bp.get("/pops/<int:pop_id>/timeline")
@documented(
    "popTimeline",
    "Every event of one POP, oldest first.",
    tag="pops",
    parameters=(path_id("pop_id", "POP"),),
    responses={200: (replies.Timeline, "The events."), 404: NOT_FOUND},
)
@token_required
def pop_timeline(pop_id: int):
    item = _pop(pop_id)
    return reply(replies.Timeline(pop_id=item.id, items=timeline_entries(web.uow(), item)))
