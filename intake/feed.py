"""A person's POP calendar as a subscription (a secret .ics URL), for people who
prefer subscribing to answering invitations. Calendar programs fetch it without a
session or cookie, so the URL itself is the secret; raising the person's link_epoch
(as for the personal links) revokes it.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort
from sqlalchemy import select

from intake import web
from notifier.invites import build_feed
from notifier.render import invite_event, personal_link
from shared.config import Config
from shared.models import Attendee, Meeting, Person, Pop
from shared.tokens import LinkInvalid, make_feed_token, read_feed_token

bp = Blueprint("feed", __name__)

NAMES = {"nl": "POP-gesprekken", "en": "POP conversations"}


def feed_url(config: Config, person: Person) -> str:
    token = make_feed_token(config.secret_key, person.id, person.link_epoch)
    return f"{config.base_url.rstrip('/')}/feed/{token}.ics"


@bp.get("/feed/<token>.ics")
def calendar(token: str):
    config = web.runtime().config
    try:
        person_id, epoch = read_feed_token(config.secret_key, token)
    except LinkInvalid:
        abort(404)
    session = web.uow().session
    person = session.get(Person, person_id)
    if person is None or person.link_epoch != epoch:
        abort(404)
    rows = session.execute(
        select(Meeting, Pop).join(Attendee, Attendee.meeting_id == Meeting.id).join(Pop, Pop.id == Meeting.pop_id)
        .where(Attendee.person_id == person.id, Meeting.cancelled_at.is_(None)).order_by(Meeting.starts_at)).all()
    lang = "en" if person.language == "en" else "nl"
    events = [invite_event(meeting, pop, lang, config, personal_link(config, person, pop)) for meeting, pop in rows]
    body = build_feed(events, name=f"{NAMES[lang]} – {person.name}", dtstamp=web.now())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'inline; filename="pop.ics"', "Cache-Control": "private, max-age=300"})
