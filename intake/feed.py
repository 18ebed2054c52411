"""A person's POP calendar as a subscription (a secret .ics URL), for people who
prefer subscribing to answering invitations. Calendar programs fetch it without a
session or cookie, so the URL itself is the secret; raising the person's link_epoch
(as for the personal links) revokes it, and its owner can replace it alone (feed_epoch,
intake/personal/feed_views.py). Its items carry no personal link (notifier.calendar_item.calendar_link).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort

from intake import web
from notifier.feed import person_feed, schedule_calendar  # the invitations' own rendering
from shared.config import Config
from shared.models import Person
from shared.tokens import LinkInvalid, make_feed_token, read_feed_token

bp = Blueprint("feed", __name__)
__all__ = ["bp", "feed_url", "schedule_calendar"]  # schedule_calendar: the planning overview's download


def feed_url(config: Config, person: Person) -> str:
    token = make_feed_token(config.secret_key, person.id, person.link_epoch, person.feed_epoch)
    return f"{config.base_url.rstrip('/')}/feed/{token}.ics"


@bp.get("/feed/<token>.ics")
def calendar(token: str):
    config = web.runtime().config
    try:
        person_id, epoch, feed_epoch = read_feed_token(config.secret_key, token)
    except LinkInvalid:
        abort(404)
    person = web.uow().session.get(Person, person_id)
    if person is None or person.link_epoch != epoch or person.feed_epoch != feed_epoch:
        abort(404)
    body = person_feed(web.uow(), person, config, web.now())
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'inline; filename="pop.ics"', "Cache-Control": "no-store"},
    )
