"""From an outbox row to a ready e-mail: gather the facts, compose words, add the invite."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from notifier.compose import MailContext, compose
from notifier.invites import InviteEvent, Party, build_calendar
from notifier.wording import MEETING_LABELS
from notifier.mime import build_message
from notifier.plan_document import plan_pdf
from shared.config import Config
from shared.db import UnitOfWork
from shared.localtime import format_date, format_when
from shared.models import Agreement, Meeting, OutboxMail, Person, Pop, Preparation, Round
from shared.sharing import shared_points
from shared.tokens import make_link_token

# Mail kinds that carry a calendar, and with which iTIP method.
CALENDAR_METHOD = {"invitation": "REQUEST", "review_invite": "REQUEST", "followup_invite": "REQUEST",
                   "meeting_cancelled": "CANCEL"}
# Where the button of each kind leads, below the person's POP page.
LINK_PATH = {"schedule_request": "/schedule", "invitation": "/prepare", "prepare_reminder": "/prepare", "agreements_open": "/agreements",
             "evaluation": "/evaluation", "due_reminder": "/progress", "review_reminder": "/progress"}

SUMMARY = {
    ("conversation", "nl"): "POP-gesprek {employee} – {manager}",
    ("conversation", "en"): "POP conversation {employee} – {manager}",
    ("review", "nl"): "Voortgangsgesprek POP {employee} – {manager}",
    ("review", "en"): "POP progress review {employee} – {manager}",
    ("followup", "nl"): "Vervolggesprek POP {employee} – {manager}",
    ("followup", "en"): "POP follow-up meeting {employee} – {manager}",
}


@dataclass
class RenderedMail:
    recipient: tuple[str, str]
    build: Callable[[str], object]  # message_id -> emails.Message


def personal_link(config: Config, person: Person, pop: Pop) -> str:
    token = make_link_token(config.secret_key, person.id, pop.id, person.link_epoch)
    return f"{config.base_url.rstrip('/')}/p/{token}"


def render_mail(uow: UnitOfWork, mail: OutboxMail, config: Config, now: datetime) -> RenderedMail | None:
    """None when the mail is no longer right to send (its meeting moved on since)."""
    # One query for the POP and both people (the recipient is one of them, or a former manager).
    pop = uow.session.get(Pop, mail.pop_id, options=[joinedload(Pop.employee), joinedload(Pop.manager)])
    recipient = uow.session.get(Person, mail.recipient_id)
    # None for a former manager who gets the CANCEL of meetings that moved to a new one.
    role = pop.role_of(recipient.id) or "manager"
    other_role = "manager" if role == "employee" else "employee"
    lang = recipient.language
    tz = recipient.timezone or config.timezone
    meeting = _meeting_for(uow, mail, pop)
    if meeting is not None and mail.data.get("sequence", meeting.sequence) != meeting.sequence:
        return None  # a newer invite of the same meeting is (or will be) on its way
    kind = mail.kind
    if kind == "invitation" and meeting is not None and meeting.sequence > 0:
        kind = "invitation_update"
    # The workflow decides the exchange deadline: in the row, or on the POP.
    exchange_at = mail.data.get("exchange_at")
    exchange = datetime.fromisoformat(exchange_at) if exchange_at else pop.exchange_at
    agreement = uow.session.get(Agreement, mail.data["agreement_id"]) if "agreement_id" in mail.data else None
    link = personal_link(config, recipient, pop)
    # The button goes where its words say: the update is "Naar mijn POP", not the preparation.
    target = link + LINK_PATH.get(kind, "")
    if mail.kind == "meeting_declined" and meeting is not None:
        target = f"{link}/meetings/{meeting.id}"  # where the manager proposes another time
    invites = CALENDAR_METHOD.get(mail.kind) == "REQUEST" and meeting is not None
    ctx = MailContext(
        kind=kind, language=lang, role=role, recipient_name=recipient.name,
        employee_name=pop.employee.name, manager_name=pop.manager.name,
        other_name=pop.person_in(other_role).name,
        when=format_when(meeting.starts_at, lang, tz) if meeting else "",
        exchange_when=format_when(exchange, lang, tz) if exchange else "",
        location=meeting.location if meeting else "",
        link=target, number=mail.data.get("number", 0),
        sender=config.mail_from_name,
        points=shared_points(_preparation(uow, pop, other_role), lang) if mail.kind == "exchange" else None,
        agreement=agreement.what if agreement else "",
        due=format_date(agreement.due_date, lang) if agreement and agreement.due_date else "",
        reason=mail.data.get("reason", ""),
        meeting_label=MEETING_LABELS[meeting.kind]["en" if lang == "en" else "nl"] if meeting else "",
        answer_url=f"{link}/meetings/{meeting.id}/answer" if invites else "",
        updated=mail.kind in ("review_invite", "followup_invite") and meeting is not None and meeting.sequence > 0,
    )
    if mail.kind == "schedule_request":
        ctx = _round_request(uow, ctx, mail, pop, lang)
    words = compose(ctx)
    calendar = None
    method = CALENDAR_METHOD.get(mail.kind)
    if method and meeting is not None:
        former = recipient if mail.data.get("former_manager") else None
        calendar = build_calendar(method, invite_event(meeting, pop, lang, config, link, former), dtstamp=now)
    addr = (recipient.name, recipient.email)
    sender = (config.mail_from_name, config.mail_from)
    attachments = []
    if mail.kind == "plan_signed":  # for the personnel file (001): the signed plan as a PDF
        signed = plan_pdf(uow, pop, lang, tz)
        if signed is not None:
            attachments.append((*signed, "application/pdf"))

    def build(message_id: str):
        return build_message(subject=words.subject, text=words.text, html=words.html, mail_from=sender,
                             mail_to=addr, message_id=message_id, calendar=calendar,
                             calendar_method=method or "REQUEST", language=lang, attachments=attachments)

    return RenderedMail(recipient=addr, build=build)


def _round_request(uow: UnitOfWork, ctx: MailContext, mail: OutboxMail, pop: Pop, lang: str) -> MailContext:
    """A round's launch: its name, its period, and how many reports still wait for a meeting."""
    rnd = uow.session.get(Round, mail.data.get("round_id", pop.round_id))
    waiting = uow.session.scalar(select(func.count(Pop.id)).where(
        Pop.round_id == rnd.id, Pop.manager_id == pop.manager_id, Pop.state == "planning"))
    word = " tot en met " if lang != "en" else " until "
    period = (format_date(rnd.meetings_from, lang) + word + format_date(rnd.meetings_until, lang)
              if rnd.meetings_from and rnd.meetings_until else "")
    return replace(ctx, round_name=rnd.name, period=period, number=waiting)


def _preparation(uow: UnitOfWork, pop: Pop, role: str) -> Preparation | None:
    return uow.session.scalar(select(Preparation).where(Preparation.pop_id == pop.id, Preparation.role == role))


def _meeting_for(uow: UnitOfWork, mail: OutboxMail, pop: Pop) -> Meeting | None:
    meeting_id = mail.data.get("meeting_id")
    if meeting_id:
        return uow.session.get(Meeting, meeting_id, options=[joinedload(Meeting.attendees)])
    return uow.session.scalar(select(Meeting).where(
        Meeting.pop_id == pop.id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None)
    ).order_by(Meeting.id.desc()).limit(1))


def invite_event(meeting: Meeting, pop: Pop, lang: str, config: Config, link: str,
                  former: Person | None = None) -> InviteEvent:
    """former: a manager no longer on the meeting, who receives its CANCEL."""
    key = (meeting.kind, "en" if lang == "en" else "nl")
    summary = SUMMARY[key].format(employee=pop.employee.name, manager=pop.manager.name)
    intro = ("Your preparation and the plan: " if lang == "en" else "Je voorbereiding en het plan: ")
    attendees = tuple(
        Party(email=a.person.email, name=a.person.name, partstat=a.partstat) for a in meeting.attendees
    ) + ((Party(email=former.email, name=former.name),) if former else ())
    return InviteEvent(
        uid=meeting.uid, sequence=meeting.sequence, start=meeting.starts_at, end=meeting.ends_at,
        summary=summary, description=intro + link, location=meeting.location,
        organizer=Party(email=config.mail_from, name=pop.manager.name, role="CHAIR"),
        attendees=attendees, timezone=config.timezone, url=link,
    )
