"""From an outbox row to a ready e-mail: gather the facts, compose words, add the invite."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notifier import mail_reads as reads
from notifier.calendar_item import calendar_link, invite_event
from notifier.compose import MailContext, compose
from notifier.invites import build_calendar
from notifier.link_life import link_valid_until
from notifier.mail_payload import MailPayload
from notifier.mail_words import meeting_label, service_name
from notifier.mime import InviteMessage, build_message, one_mailbox
from notifier.openings import opening_for
from notifier.plan_document import plan_pdf
from shared.config import Config
from shared.db import UnitOfWork
from shared.i18n import translations
from shared.localtime import format_date, format_until, format_when
from shared.models import Meeting, OutboxMail, Person, Pop
from shared.planning_deadline import planning_deadline
from shared.sharing import shared_points
from shared.tokens import make_link_token

# Mail kinds that carry a calendar, and with which iTIP method.
CALENDAR_METHOD = {
    "invitation": "REQUEST",
    "review_invite": "REQUEST",
    "followup_invite": "REQUEST",
    "meeting_cancelled": "CANCEL",
}
# Mails about no single POP: a round's launch (HR's, about every report still waiting) would
# send a reply to whichever report's POP carries the row. The config has no HR address.
NO_OTHER_PERSON = frozenset({"schedule_request", "planning_reminder"})
# Where the button of each kind leads, below the person's POP page.
LINK_PATH = {
    "schedule_request": "/schedule",
    "planning_reminder": "/schedule",
    "slot_offer": "/pick",  # a report picks a time the manager offered
    "slot_reminder": "/pick",
    "invitation": "/prepare",
    "prepare_reminder": "/prepare",
    "agreements_open": "/agreements",
    "evaluation": "/evaluation",
    "plan_signed": "/evaluation",  # the signed plan is attached; its button asks for the evaluation
    "due_reminder": "/progress",
    "review_reminder": "/progress",
}


def sender_name(config: Config, lang: str) -> str:
    """The configured name, else the service's in the reader's language (no Dutch signature
    under an English mail)."""
    return config.mail_from_name or service_name(lang)


@dataclass
class RenderedMail:
    recipient: tuple[str, str]
    build: Callable[[str], InviteMessage]  # message_id -> the message


@dataclass(frozen=True)
class Dropped:
    """A mail no longer right to send, and why (kept on the row as its last_error)."""

    reason: str


SUPERSEDED = Dropped("superseded before sending")
NOTHING_TO_PLAN = Dropped("every report planned before sending")  # a planning reminder
NOT_IN_POP = Dropped("recipient no longer in this POP")  # also intake/failed_mails.NOT_IN_POP


@dataclass(frozen=True)
class MailFacts:
    """What the database says about one mail: who reads it, about which POP and meeting."""

    mail: OutboxMail
    payload: MailPayload
    kind: str  # the words to use: an invitation of a moved meeting is an update
    pop: Pop
    meeting: Meeting | None
    recipient: Person
    member: str | None  # the recipient's role in the POP; None: a former manager
    tz: str

    @property
    def lang(self) -> str:
        return self.recipient.language


def meant_for_outsider(mail: OutboxMail, payload: MailPayload, meeting: Meeting | None, person_id: int) -> bool:
    """The one kind of mail someone outside the POP still gets: the CANCEL of a meeting
    that was in their calendar (a former manager's, moved to the new one; or one cancelled
    while they were on it). Anything else would show them the POP as it is now."""
    if mail.kind != "meeting_cancelled":
        return False
    return payload.former_manager or (meeting is not None and any(a.person_id == person_id for a in meeting.attendees))


def personal_link(config: Config, person: Person, pop: Pop, valid_until: datetime | None = None) -> str:
    """The credential that opens the person's POP page: for the mail body only (the mail goes
    to the person), never for a calendar item (those get copied, shared and synced)."""
    token = make_link_token(config.secret_key, person.id, pop.id, person.link_epoch, valid_until)
    return f"{config.base_url.rstrip('/')}/p/{token}"


def render_mail(uow: UnitOfWork, mail: OutboxMail, config: Config, now: datetime) -> RenderedMail | Dropped:
    """Dropped when the mail is no longer right to send: its meeting moved on since, or its
    recipient is no longer in the POP (a manager change after it was queued: the exchange
    of a former manager would show her the employee's shared points)."""
    facts = mail_facts(uow, mail, config)
    if isinstance(facts, Dropped):
        return facts
    # No link for an outsider: the POP is no longer theirs to open (and the mail no button).
    link = (
        personal_link(config, facts.recipient, facts.pop, link_valid_until(uow, facts.pop, now, config))
        if facts.member
        else ""
    )
    context = mail_context(uow, facts, config, link)
    if context.kind == "planning_reminder" and not context.number:
        return NOTHING_TO_PLAN
    words = compose(context)
    method = CALENDAR_METHOD.get(mail.kind)
    calendar = _calendar(facts, method, config, now)
    attachments = _attachments(uow, facts, config)
    addr = (facts.recipient.name, facts.recipient.email)
    sender = (sender_name(config, facts.lang), config.mail_from)
    reply_to = reply_address(facts, hr_mailbox(config, facts.lang))

    def build(message_id: str) -> InviteMessage:
        return build_message(
            subject=words.subject,
            text=words.text,
            html=words.html,
            mail_from=sender,
            mail_to=addr,
            message_id=message_id,
            reply_to=reply_to,
            calendar=calendar,
            calendar_method=method or "REQUEST",
            language=facts.lang,
            attachments=attachments,
        )

    return RenderedMail(recipient=addr, build=build)


def preview_text(uow: UnitOfWork, mail: OutboxMail, config: Config) -> tuple[str, str] | Dropped:
    """(subject, plain text) of a mail not yet queued, for HR to read before sending it; the
    personal link shown as the base address only (HR's screen is not the manager's mailbox)."""
    facts = mail_facts(uow, mail, config)
    if isinstance(facts, Dropped):
        return facts
    context = mail_context(uow, facts, config, f"{config.base_url.rstrip('/')}/p/…")
    if context.kind == "planning_reminder" and not context.number:
        return NOTHING_TO_PLAN
    words = compose(context)
    return words.subject, words.text


def hr_mailbox(config: Config, lang: str) -> tuple[str, str] | None:
    """HR's own mailbox (HR_REPLY_TO) under the sender's name, for HR's mails; None if unset."""
    return (sender_name(config, lang), config.hr_reply_to) if config.hr_reply_to else None


def reply_address(facts: MailFacts, hr: tuple[str, str] | None = None) -> tuple[str, str] | None:
    """A reply in words goes to the POP's other person, not to the service's mailbox (calendar
    answers still go to the ORGANIZER, the service); to HR (hr) for HR's mail about every
    waiting report. None, so From takes the reply, for someone who has left or an address that
    is not one mailbox: the mail still goes to its reader."""
    if facts.mail.kind in NO_OTHER_PERSON:
        return hr
    other = facts.pop.person_in(_other_role(facts))
    if not other.active or not one_mailbox(other.email):
        return None
    return (other.name, other.email)


def mail_facts(uow: UnitOfWork, mail: OutboxMail, config: Config) -> MailFacts | Dropped:
    payload = MailPayload.of(mail)
    # One query for the POP, both people and the meeting (the recipient is one of the
    # people, or a former manager).
    pop, meeting = reads.pop_and_meeting(uow, mail, payload)
    recipient = reads.person(uow, mail.recipient_id)
    member = pop.role_of(recipient.id)
    if member is None and not meant_for_outsider(mail, payload, meeting, recipient.id):
        return NOT_IN_POP
    reads.keep(uow, pop, recipient, meeting)
    if meeting is not None and payload.sequence is not None and payload.sequence != meeting.sequence:
        return SUPERSEDED  # a newer invite of the same meeting is (or will be) on its way
    return MailFacts(
        mail=mail,
        payload=payload,
        kind=_shown_kind(mail, meeting),
        pop=pop,
        meeting=meeting,
        recipient=recipient,
        member=member,
        tz=recipient.timezone or config.timezone,
    )


def _shown_kind(mail: OutboxMail, meeting: Meeting | None) -> str:
    if mail.kind == "invitation" and meeting is not None and meeting.sequence > 0:
        return "invitation_update"
    return mail.kind


def mail_context(uow: UnitOfWork, facts: MailFacts, config: Config, link: str) -> MailContext:
    pop, lang, payload = facts.pop, facts.lang, facts.payload
    # The workflow decides the exchange deadline: in the row, or on the POP.
    exchange = payload.exchange_at or pop.exchange_at
    values: dict[str, Any] = dict(  # MailContext's fields, checked by its constructor
        kind=facts.kind,
        language=lang,
        role=facts.member or "manager",  # an outsider: a former manager
        recipient_name=facts.recipient.name,
        employee_name=pop.employee.name,
        manager_name=pop.manager.name,
        other_name=pop.person_in(_other_role(facts)).name,
        exchange_when=format_when(exchange, lang, facts.tz) if exchange else "",
        link=_button_target(facts, link),
        number=payload.number,
        sender=sender_name(config, lang),
        org_name=config.org_name,
        accent=config.org_accent,
        reason=payload.reason,
        ratings=pop.round.conversation_types if pop.round is not None else True,
        opening=opening_for(uow, facts.kind, facts.member or "manager", lang),
    )
    values.update(_meeting_values(facts, link))
    values.update(_series_values(uow, facts))
    values.update(_kind_values(uow, facts))  # a round's launch counts its waiting reports in `number`
    return MailContext(**values)


def _other_role(facts: MailFacts) -> str:
    return "employee" if facts.member != "employee" else "manager"


def _button_target(facts: MailFacts, link: str) -> str:
    """The button goes where its words say: the update is "Naar mijn POP", not the preparation."""
    if not link:
        return ""
    if facts.mail.kind == "meeting_declined" and facts.meeting is not None:
        return f"{link}/meetings/{facts.meeting.id}"  # where the manager proposes another time
    return link + LINK_PATH.get(facts.kind, "")


def _meeting_values(facts: MailFacts, link: str) -> dict:
    meeting, lang, kind = facts.meeting, facts.lang, facts.mail.kind
    if meeting is None:
        return {}
    invites = CALENDAR_METHOD.get(kind) == "REQUEST"
    return dict(
        when=format_when(meeting.starts_at, lang, facts.tz),
        until=format_until(meeting.starts_at, meeting.ends_at, lang, facts.tz),
        location=meeting.location,
        meeting_label=meeting_label(meeting.kind, lang),
        answer_url=f"{link}/meetings/{meeting.id}/answer" if invites and link else "",
        updated=kind in ("review_invite", "followup_invite") and meeting.sequence > 0,
    )


def _series_values(uow: UnitOfWork, facts: MailFacts) -> dict:
    """A review's "2 of 4": counted from the POP's reviews as they are when the mail goes out."""
    if facts.meeting is None or facts.meeting.kind != "review":
        return {}
    place = reads.place_in_series(uow, facts.meeting)
    return dict(number=place[0], total=place[1]) if place else {}


def _kind_values(uow: UnitOfWork, facts: MailFacts) -> dict:
    """The facts only some kinds speak of: shared points, an agreement, a round's launch."""
    values: dict[str, Any] = {}
    if facts.mail.kind == "exchange":
        preparation = reads.preparation(uow, facts.pop, _other_role(facts))
        values["points"] = shared_points(preparation, facts.lang, facts.recipient.id)
    agreement = reads.agreement(uow, facts.payload)
    if agreement is not None:
        values["agreement"] = agreement.what
        values["due"] = format_date(agreement.due_date, facts.lang) if agreement.due_date else ""
    if facts.mail.kind in ("schedule_request", "planning_reminder"):
        values.update(_round_values(uow, facts))
    if facts.mail.kind == "plan_signed":  # one mail at signing: it names the review dates
        values["dates"] = tuple(
            format_when(start, facts.lang, facts.tz) for start in reads.review_starts(uow, facts.pop)
        )
    return values


def _round_values(uow: UnitOfWork, facts: MailFacts) -> dict:
    """A round's launch: its name, its period, and the reports still waiting for a meeting."""
    rnd, waiting = reads.round_and_waiting(uow, facts.payload, facts.pop)
    lang, period = facts.lang, ""
    if rnd.meetings_from and rnd.meetings_until:
        period = (
            translations(lang)
            .gettext("{first} tot en met {last}")
            .format(first=format_date(rnd.meetings_from, lang), last=format_date(rnd.meetings_until, lang))
        )
    values = dict(round_name=rnd.name, period=period, number=len(waiting), names=tuple(waiting))
    if facts.mail.kind == "planning_reminder":  # every waiting report by name, and the deadline
        deadline = planning_deadline(rnd.meetings_from, rnd.meetings_until, rnd.plan_by_days_before_end)
        values.update(dates=tuple(waiting), deadline=format_date(deadline, lang) if deadline else "")
    return values


def _calendar(facts: MailFacts, method: str | None, config: Config, now: datetime):
    if not method or facts.meeting is None:
        return None
    former = facts.recipient if facts.payload.former_manager else None
    item_link = calendar_link(config, facts.recipient, facts.pop)  # never the personal link: items get shared
    event = invite_event(facts.meeting, facts.pop, facts.lang, config, item_link, former)
    return build_calendar(method, event, dtstamp=now)


def _attachments(uow: UnitOfWork, facts: MailFacts, config: Config) -> list[tuple]:
    if facts.mail.kind != "plan_signed":
        return []
    # For the personnel file (001): the signed plan, with its verification code.
    signed = plan_pdf(uow, facts.pop, facts.lang, facts.tz, base_url=config.base_url)
    return [(*signed, "application/pdf")] if signed is not None else []
