"""From an outbox row to a ready e-mail: gather the facts, compose words, add the invite."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import select

from notifier.compose import MailContext, compose
from notifier.invites import InviteEvent, Party, build_calendar
from notifier.mime import build_message
from shared.config import Config
from shared.db import UnitOfWork
from shared.localtime import format_when
from shared.models import Meeting, OutboxMail, Person, Pop, Preparation
from shared.questions import load_question_set
from shared.tokens import make_link_token

# Mail kinds that carry a calendar, and with which iTIP method.
CALENDAR_METHOD = {"invitation": "REQUEST", "review_invite": "REQUEST", "meeting_cancelled": "CANCEL"}

SUMMARY = {
    ("conversation", "nl"): "POP-gesprek {employee} – {manager}",
    ("conversation", "en"): "POP conversation {employee} – {manager}",
    ("review", "nl"): "Voortgangsgesprek POP {employee} – {manager}",
    ("review", "en"): "POP progress review {employee} – {manager}",
}


@dataclass
class RenderedMail:
    recipient: tuple[str, str]
    build: Callable[[str], object]  # message_id -> emails.Message


def personal_link(config: Config, person: Person, pop: Pop) -> str:
    token = make_link_token(config.secret_key, person.id, pop.id, person.link_epoch)
    return f"{config.base_url.rstrip('/')}/p/{token}"


def shared_points(uow: UnitOfWork, pop: Pop, role: str, lang: str) -> list[tuple[str, str]]:
    """What `role` chose to share, as (question, answer), in the question set's order."""
    prep = uow.session.scalar(select(Preparation).where(
        Preparation.pop_id == pop.id, Preparation.role == role, Preparation.submitted_at.is_not(None)))
    if prep is None:
        return []
    questions = load_question_set(prep.question_set).for_role(role)
    points = []
    for question in questions:
        answer = (prep.answers or {}).get(question.id) or {}
        if answer.get("share") and (answer.get("text") or "").strip():
            points.append((question.text(lang), answer["text"].strip()))
    return points


def render_mail(uow: UnitOfWork, mail: OutboxMail, config: Config, now: datetime) -> RenderedMail | None:
    """None when the mail is no longer right to send (its meeting moved on since)."""
    recipient = uow.session.get(Person, mail.recipient_id)
    pop = uow.session.get(Pop, mail.pop_id)
    role = pop.role_of(recipient.id)
    other_role = "manager" if role == "employee" else "employee"
    lang = recipient.language
    tz = recipient.timezone or config.timezone
    meeting = _meeting_for(uow, mail, pop)
    if meeting is not None and mail.data.get("sequence", meeting.sequence) != meeting.sequence:
        return None  # a newer invite of the same meeting is (or will be) on its way
    kind = mail.kind
    if kind == "invitation" and meeting is not None and meeting.sequence > 0:
        kind = "invitation_update"
    # The workflow decides the exchange deadline and hands it over in the row.
    exchange_at = mail.data.get("exchange_at")
    exchange_when = format_when(datetime.fromisoformat(exchange_at), lang, tz) if exchange_at else ""
    ctx = MailContext(
        kind=kind, language=lang, role=role, recipient_name=recipient.name,
        employee_name=pop.employee.name, manager_name=pop.manager.name,
        other_name=pop.person_in(other_role).name,
        when=format_when(meeting.starts_at, lang, tz) if meeting else "",
        exchange_when=exchange_when, location=meeting.location if meeting else "",
        link=personal_link(config, recipient, pop), number=mail.data.get("number", 0),
        sender=config.mail_from_name,
        points=shared_points(uow, pop, other_role, lang) if mail.kind == "exchange" else None,
    )
    words = compose(ctx)
    calendar = None
    method = CALENDAR_METHOD.get(mail.kind)
    if method and meeting is not None:
        calendar = build_calendar(method, _invite_event(meeting, pop, lang, config, ctx.link), dtstamp=now)
    addr = (recipient.name, recipient.email)
    sender = (config.mail_from_name, config.mail_from)

    def build(message_id: str):
        return build_message(subject=words.subject, text=words.text, html=words.html, mail_from=sender,
                             mail_to=addr, message_id=message_id, calendar=calendar,
                             calendar_method=method or "REQUEST", language=lang)

    return RenderedMail(recipient=addr, build=build)


def _meeting_for(uow: UnitOfWork, mail: OutboxMail, pop: Pop) -> Meeting | None:
    meeting_id = mail.data.get("meeting_id")
    if meeting_id:
        return uow.session.get(Meeting, meeting_id)
    return uow.session.scalar(select(Meeting).where(
        Meeting.pop_id == pop.id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None)
    ).order_by(Meeting.id.desc()).limit(1))


def _invite_event(meeting: Meeting, pop: Pop, lang: str, config: Config, link: str) -> InviteEvent:
    key = (meeting.kind if meeting.kind == "review" else "conversation", "en" if lang == "en" else "nl")
    summary = SUMMARY[key].format(employee=pop.employee.name, manager=pop.manager.name)
    intro = ("Your preparation and the plan: " if lang == "en" else "Je voorbereiding en het plan: ")
    attendees = tuple(
        Party(email=a.person.email, name=a.person.name, partstat=a.partstat) for a in meeting.attendees
    )
    return InviteEvent(
        uid=meeting.uid, sequence=meeting.sequence, start=meeting.starts_at, end=meeting.ends_at,
        summary=summary, description=intro + link, location=meeting.location,
        organizer=Party(email=config.mail_from, name=pop.manager.name, role="CHAIR"),
        attendees=attendees, timezone=config.timezone, url=link,
    )
