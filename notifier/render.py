"""From an outbox row to a ready e-mail: gather the facts, compose words, add the invite."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable, TypeVar

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from notifier.compose import MailContext, compose
from notifier.invites import InviteEvent, Party, build_calendar
from notifier.wording import MEETING_LABELS, SERVICE_NAMES
from notifier.mime import build_message
from notifier.plan_document import plan_pdf
from shared.config import Config
from shared.db import UnitOfWork
from shared.localtime import format_date, format_when, format_until
from shared.models import Agreement, Meeting, OutboxMail, Person, Pop, Preparation, Round
from shared.sharing import shared_points
from notifier.link_life import link_valid_until
from shared.tokens import make_calendar_token, make_link_token

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


# The reads of a mail, built once: SQLAlchemy builds (and computes the cache key of) a
# new statement on every Session.get or select(), which cost as much CPU as the query.
_ID = bindparam("id")
_POP = select(Pop).options(joinedload(Pop.employee), joinedload(Pop.manager)).where(Pop.id == _ID)
_MEETING = select(Meeting).options(joinedload(Meeting.attendees)).where(Meeting.id == _ID)
# Both in one round trip: the first mail of a POP needs both (a quarter less CPU than two reads).
_POP_AND_MEETING = (
    select(Pop, Meeting).join(Meeting, Meeting.pop_id == Pop.id)
    .options(joinedload(Pop.employee), joinedload(Pop.manager), joinedload(Meeting.attendees))
    .where(Pop.id == bindparam("pop_id"), Meeting.id == bindparam("meeting_id"))
)
# The same for the mails of a group (its claim's rows): one read for all their POPs.
_POPS_AND_MEETINGS = (
    select(Pop, Meeting).join(Meeting, Meeting.pop_id == Pop.id)
    .options(joinedload(Pop.employee), joinedload(Pop.manager), joinedload(Meeting.attendees))
    .where(Meeting.id.in_(bindparam("meeting_ids", expanding=True)))
)
_PERSON = select(Person).where(Person.id == _ID)
_AGREEMENT = select(Agreement).where(Agreement.id == _ID)
_ROUND = select(Round).where(Round.id == _ID)
_CONVERSATION = select(Meeting).where(
    Meeting.pop_id == bindparam("pop_id"), Meeting.kind == "conversation", Meeting.cancelled_at.is_(None)
).order_by(Meeting.id.desc()).limit(1)
_PREPARATION = select(Preparation).where(Preparation.pop_id == bindparam("pop_id"),
                                         Preparation.role == bindparam("role"),
                                         Preparation.author_id == bindparam("author_id"))
_WAITING = select(func.count(Pop.id)).where(Pop.round_id == bindparam("round_id"),
                                            Pop.manager_id == bindparam("manager_id"), Pop.state == "planning")
_KEEP = "notifier.render.keep"  # key in Session.info, see _keep
T = TypeVar("T")


def sender_name(config: Config, lang: str) -> str:
    """The configured name, else the service's in the reader's language (no Dutch signature
    under an English mail)."""
    return config.mail_from_name or SERVICE_NAMES["en" if lang == "en" else "nl"]


@dataclass
class RenderedMail:
    recipient: tuple[str, str]
    build: Callable[[str], object]  # message_id -> emails.Message


@dataclass(frozen=True)
class Dropped:
    """A mail no longer right to send, and why (kept on the row as its last_error)."""
    reason: str


SUPERSEDED = Dropped("superseded before sending")
NOT_IN_POP = Dropped("recipient no longer in this POP")  # also intake/failed_mails.NOT_IN_POP


def meant_for_outsider(mail: OutboxMail, meeting: Meeting | None, person_id: int) -> bool:
    """The one kind of mail someone outside the POP still gets: the CANCEL of a meeting
    that was in their calendar (a former manager's, moved to the new one; or one cancelled
    while they were on it). Anything else would show them the POP as it is now."""
    if mail.kind != "meeting_cancelled":
        return False
    return bool(mail.data.get("former_manager")) or (
        meeting is not None and any(a.person_id == person_id for a in meeting.attendees))


def personal_link(config: Config, person: Person, pop: Pop, valid_until: datetime | None = None) -> str:
    """The credential that opens the person's POP page: for the mail body only (the mail goes
    to the person), never for a calendar item (those get copied, shared and synced)."""
    token = make_link_token(config.secret_key, person.id, pop.id, person.link_epoch, valid_until)
    return f"{config.base_url.rstrip('/')}/p/{token}"


def calendar_link(config: Config, person: Person, pop: Pop) -> str:
    """The link of a calendar item: a page that mails a fresh personal link to this
    attendee's own address, and opens nothing itself."""
    return f"{config.base_url.rstrip('/')}/link/calendar/{make_calendar_token(config.secret_key, person.id, pop.id)}"


def read_for_render(uow: UnitOfWork, mails: list[OutboxMail]) -> None:
    """Read the POPs, people and meetings of a group of mails at once and hold them for
    the session, so that render_mail finds them (a launch's group of twenty invitations:
    one read instead of ten)."""
    # Only ids that can be ids: a row with broken data fails in render_mail, alone.
    meeting_ids = sorted({mail.data["meeting_id"] for mail in mails if isinstance(mail.data, dict)
                          and type(mail.data.get("meeting_id")) is int and 0 < mail.data["meeting_id"] < 2**31})
    if len(meeting_ids) > 1:
        for pop, meeting in uow.session.execute(_POPS_AND_MEETINGS, {"meeting_ids": meeting_ids}).unique():
            _keep(uow, pop, meeting)


def render_mail(uow: UnitOfWork, mail: OutboxMail, config: Config, now: datetime) -> RenderedMail | Dropped:
    """Dropped when the mail is no longer right to send: its meeting moved on since, or its
    recipient is no longer in the POP (a manager change after it was queued: the exchange
    of a former manager would show her the employee's shared points)."""
    # One query for the POP, both people and the meeting (the recipient is one of the
    # people, or a former manager).
    pop, meeting = _pop_and_meeting(uow, mail)
    recipient = _get(uow, Person, _PERSON, mail.recipient_id)
    member = pop.role_of(recipient.id)
    if member is None and not meant_for_outsider(mail, meeting, recipient.id):
        return NOT_IN_POP
    role = member or "manager"  # an outsider here is a former manager
    other_role = "manager" if role == "employee" else "employee"
    lang = recipient.language
    tz = recipient.timezone or config.timezone
    _keep(uow, pop, recipient, meeting)
    if meeting is not None and mail.data.get("sequence", meeting.sequence) != meeting.sequence:
        return SUPERSEDED  # a newer invite of the same meeting is (or will be) on its way
    kind = mail.kind
    if kind == "invitation" and meeting is not None and meeting.sequence > 0:
        kind = "invitation_update"
    # The workflow decides the exchange deadline: in the row, or on the POP.
    exchange_at = mail.data.get("exchange_at")
    exchange = datetime.fromisoformat(exchange_at) if exchange_at else pop.exchange_at
    agreement = _get(uow, Agreement, _AGREEMENT, mail.data["agreement_id"]) if "agreement_id" in mail.data else None
    # No link for an outsider: the POP is no longer theirs to open (and the mail no button).
    link = personal_link(config, recipient, pop, link_valid_until(uow, pop, now, config)) if member else ""
    # The button goes where its words say: the update is "Naar mijn POP", not the preparation.
    target = link + LINK_PATH.get(kind, "") if link else ""
    if mail.kind == "meeting_declined" and meeting is not None and member:
        target = f"{link}/meetings/{meeting.id}"  # where the manager proposes another time
    invites = CALENDAR_METHOD.get(mail.kind) == "REQUEST" and meeting is not None
    ctx = MailContext(
        kind=kind, language=lang, role=role, recipient_name=recipient.name,
        employee_name=pop.employee.name, manager_name=pop.manager.name,
        other_name=pop.person_in(other_role).name,
        when=format_when(meeting.starts_at, lang, tz) if meeting else "",
        until=format_until(meeting.starts_at, meeting.ends_at, lang, tz) if meeting else "",
        exchange_when=format_when(exchange, lang, tz) if exchange else "",
        location=meeting.location if meeting else "",
        link=target, number=mail.data.get("number", 0),
        sender=sender_name(config, lang),
        points=shared_points(_preparation(uow, pop, other_role), lang, recipient.id)
        if mail.kind == "exchange" else None,
        agreement=agreement.what if agreement else "",
        due=format_date(agreement.due_date, lang) if agreement and agreement.due_date else "",
        reason=mail.data.get("reason", ""),
        meeting_label=MEETING_LABELS[meeting.kind]["en" if lang == "en" else "nl"] if meeting else "",
        answer_url=f"{link}/meetings/{meeting.id}/answer" if invites and member else "",
        updated=mail.kind in ("review_invite", "followup_invite") and meeting is not None and meeting.sequence > 0,
    )
    if mail.kind == "schedule_request":
        ctx = _round_request(uow, ctx, mail, pop, lang)
    words = compose(ctx)
    calendar = None
    method = CALENDAR_METHOD.get(mail.kind)
    if method and meeting is not None:
        former = recipient if mail.data.get("former_manager") else None
        item_link = calendar_link(config, recipient, pop)  # never the personal link: items get shared
        calendar = build_calendar(method, invite_event(meeting, pop, lang, config, item_link, former), dtstamp=now)
    addr = (recipient.name, recipient.email)
    sender = (sender_name(config, lang), config.mail_from)
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


def _get(uow: UnitOfWork, entity: type[T], statement: Select, key: int) -> T | None:
    """Session.get, with the statement built once. A row the session holds comes from the
    identity map through Session.get itself (which also handles an expired row)."""
    if identity_key(entity, key) in uow.session.identity_map:
        return uow.session.get(entity, key)
    return uow.session.execute(statement, {"id": key}).unique().scalar_one_or_none()


def _keep(uow: UnitOfWork, *rows: object) -> None:
    """Hold the rows for as long as the session lives. The identity map holds its objects
    weakly, so without this the POP, its people and the meeting are gone when a mail is
    rendered, and the next mail of the same group (the other side of the same POP)
    would read them again. Only within this session: the next group reads afresh."""
    kept = uow.session.info.setdefault(_KEEP, [])
    kept.extend(row for row in rows if row is not None)


def _round_request(uow: UnitOfWork, ctx: MailContext, mail: OutboxMail, pop: Pop, lang: str) -> MailContext:
    """A round's launch: its name, its period, and how many reports still wait for a meeting."""
    rnd = _get(uow, Round, _ROUND, mail.data.get("round_id", pop.round_id))
    _keep(uow, rnd)  # a group holds the launch mails of several managers of one round
    waiting = uow.session.scalar(_WAITING, {"round_id": rnd.id, "manager_id": pop.manager_id})
    word = " tot en met " if lang != "en" else " until "
    period = (format_date(rnd.meetings_from, lang) + word + format_date(rnd.meetings_until, lang)
              if rnd.meetings_from and rnd.meetings_until else "")
    return replace(ctx, round_name=rnd.name, period=period, number=waiting)


def _preparation(uow: UnitOfWork, pop: Pop, role: str) -> Preparation | None:
    return uow.session.scalar(_PREPARATION, {"pop_id": pop.id, "role": role, "author_id": pop.person_id_in(role)})


def _pop_and_meeting(uow: UnitOfWork, mail: OutboxMail) -> tuple[Pop, Meeting | None]:
    """The POP and the mail's meeting, read together unless the session holds both."""
    meeting_id = mail.data.get("meeting_id")
    held = uow.session.identity_map
    if meeting_id and not (identity_key(Pop, mail.pop_id) in held and identity_key(Meeting, meeting_id) in held):
        row = uow.session.execute(_POP_AND_MEETING, {"pop_id": mail.pop_id, "meeting_id": meeting_id}
                                  ).unique().one_or_none()
        if row is not None:
            return row[0], row[1]
        # No such meeting (or not of this POP): read each as Session.get would.
    pop = _get(uow, Pop, _POP, mail.pop_id)
    return pop, _meeting_for(uow, mail, pop)


def _meeting_for(uow: UnitOfWork, mail: OutboxMail, pop: Pop) -> Meeting | None:
    meeting_id = mail.data.get("meeting_id")
    if meeting_id:
        return _get(uow, Meeting, _MEETING, meeting_id)
    return uow.session.scalar(_CONVERSATION, {"pop_id": pop.id})


def invite_event(meeting: Meeting, pop: Pop, lang: str, config: Config, link: str,
                  former: Person | None = None) -> InviteEvent:
    """link: calendar_link's, no credential. former: a manager no longer on the meeting, who
    receives its CANCEL."""
    key = (meeting.kind, "en" if lang == "en" else "nl")
    summary = SUMMARY[key].format(employee=pop.employee.name, manager=pop.manager.name)
    intro = ("Your preparation and the plan are on your POP page; here we e-mail you a link to it: "
             if lang == "en" else "Je voorbereiding en het plan staan op je POP-pagina; hier mailen we je een link: ")
    attendees = tuple(
        Party(email=a.person.email, name=a.person.name, partstat=a.partstat) for a in meeting.attendees
    ) + ((Party(email=former.email, name=former.name),) if former else ())
    return InviteEvent(
        uid=meeting.uid, sequence=meeting.sequence, start=meeting.starts_at, end=meeting.ends_at,
        summary=summary, description=intro + link, location=meeting.location,
        organizer=Party(email=config.mail_from, name=pop.manager.name, role="CHAIR"),
        attendees=attendees, timezone=config.timezone, url=link,
    )
