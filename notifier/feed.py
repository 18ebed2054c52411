"""A person's POP meetings as one subscribable calendar (served by the web app at a
secret URL): the same UIDs, SEQUENCEs and times as the invitations they were mailed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from notifier.calendar_item import calendar_link, invite_event
from notifier.invites import build_feed
from notifier.mail_words import service_name
from shared.config import Config
from shared.db import UnitOfWork
from shared.models import Attendee, Meeting, Person, Pop


def person_feed(uow: UnitOfWork, person: Person, config: Config, now: datetime) -> bytes:
    """Every meeting the person attends that is not called off, in their language."""
    rows = uow.session.execute(
        select(Meeting, Pop)
        .join(Attendee, Attendee.meeting_id == Meeting.id)
        .join(Pop, Pop.id == Meeting.pop_id)
        .where(Attendee.person_id == person.id, Meeting.cancelled_at.is_(None))
        .order_by(Meeting.starts_at)
    ).all()
    lang = "en" if person.language == "en" else "nl"
    # No personal link in a feed: calendar programs sync and share it (see calendar_link).
    events = [invite_event(meeting, pop, lang, config, calendar_link(config, person, pop)) for meeting, pop in rows]
    return build_feed(events, name=f"{service_name(lang)} – {person.name}", dtstamp=now)


def schedule_calendar(rows: list[tuple[Meeting, Pop]], person: Person, config: Config, now: datetime) -> bytes:
    """A manager's planned conversations as one download: a VEVENT per meeting with the
    invitations' UID and SEQUENCE (a program that has the invitations shows each once), and,
    as every calendar item, no personal link (decision 6)."""
    lang = "en" if person.language == "en" else "nl"
    events = [invite_event(meeting, pop, lang, config, calendar_link(config, person, pop)) for meeting, pop in rows]
    return build_feed(events, name=f"{service_name(lang)} – {person.name}", dtstamp=now)
