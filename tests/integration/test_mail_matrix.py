"""Every e-mail kind in Dutch and in English as a mail program shows it after a real SMTP
session: MIME tree, headers, words and language, Dutch letters, escaping, a personal link that
works, and the calendar of the invitations.

One system per language (module scope: walking the POPs takes seconds, each check is cheap).
Its POPs reach the states the mails belong to through the real commands and worker; then one
outbox row of every kind goes to a person of that language, shaped like the rows the workflow
writes (workflow/entry.py, workflow/rules.py). The expected words are the kind's own (notifier/mail_words.py,
in the catalogue), filled with facts read from the database, so the checks follow the wording instead of
copying it.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import icalendar
import pytest
from markupsafe import escape
from sqlalchemy import select

from intake import commands, plan_commands, scheduling
from notifier.calendar_item import SUMMARY
from notifier.compose import ANSWERS, MailContext, name_list
from notifier.mail_words import BUILDERS, Words, meeting_label, words_of
from notifier.render import CALENDAR_METHOD, LINK_PATH, NO_OTHER_PERSON, sender_name
from shared.config import Config
from shared.i18n import translate, translations
from shared.localtime import format_date, format_until, format_when
from shared.models import Agreement, Meeting, OutboxMail, Person, Pop, Round
from shared.outbox import add_mail
from shared.plan import plan_hash
from shared.planning_deadline import planning_deadline
from shared.questions import load_question_set
from shared.tokens import read_link_token
from tests.conftest import _running_system, _sqlite_copy  # the sqlite_system fixture's parts, module-scoped

LANGUAGES = ("nl", "en")
# Dutch letters that must survive every encoding, and markup that must stay text in the HTML.
EMPLOYEE_NAME = "Noëlle <b>Ébène</b> & Zn"
MANAGER_NAME = "Ïsla <b>Jan</b> & Zn"
LOCATION = "Café Ruïne"
REASON = "reorganisatie & <herindeling>"
SHARED_POINT = ("competence_profile_fit", "Past <i>goed</i> & groeit; geëngageerd")  # shared by the manager
AGREEMENT = "Cursus <Python> & Excel afronden (café-sessies)"
SOON = datetime(2027, 3, 18, 9, 0, tzinfo=UTC)  # held before the mails go out
LATER = datetime(2027, 6, 7, 8, 0, tzinfo=UTC)  # still ahead when they go out
# One POP per stage, and the state it must be in when the mails go out.
STATES = {
    "announcement": "announcement",
    "moved": "announcement",
    "alignment": "alignment",
    "agreements": "agreements",
    "action": "action",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class Case:
    stage: str  # the POP (STATES) whose state this kind belongs to
    role: str  # who receives it
    meeting: str | None = None  # the meeting it is about: conversation, review or followup
    data: dict = field(default_factory=dict)  # further keys the workflow writes for this kind


CASES = {
    "invitation": Case("announcement", "employee", "conversation"),
    "invitation_update": Case("moved", "manager", "conversation"),  # row kind 'invitation', SEQUENCE 1
    "prepare_reminder": Case("announcement", "manager"),
    "meeting_declined": Case("announcement", "manager", "conversation"),
    "fresh_link": Case("announcement", "employee"),
    "links_ended": Case("announcement", "manager"),
    "schedule_request": Case("announcement", "manager"),  # the round of a launch: here the default round
    "planning_reminder": Case("announcement", "manager"),  # the tick's or HR's reminder of the waiting reports
    "slot_offer": Case("announcement", "employee"),  # a report asked to pick one of the manager's times
    "slot_reminder": Case("announcement", "employee"),
    "exchange": Case("alignment", "employee"),
    "agreements_open": Case("agreements", "manager"),
    "sign_reminder": Case("agreements", "employee"),
    "sign_request": Case("agreements", "manager", data={"signed_by": "employee"}),
    "followup_invite": Case("agreements", "employee", "followup", {"number": 1}),
    "plan_signed": Case("action", "employee"),
    "evaluation": Case("action", "manager"),
    "evaluation_shared": Case("action", "manager"),
    "review_invite": Case("action", "employee", "review", {"number": 1}),
    "review_reminder": Case("action", "manager", "review"),
    "due_reminder": Case("action", "employee", data={"agreement_id": None}),  # filled in: the POP's agreement
    "completed": Case("action", "manager"),  # a really completed POP is a year of reviews away
    "plan_taken_over": Case("action", "employee"),  # sent as a new POP takes the plan over
    "pop_cancelled": Case("cancelled", "employee", data={"reason": REASON}),
    "meeting_cancelled": Case("cancelled", "manager", "conversation"),
}
ROW_KIND = {"invitation_update": "invitation"}  # the renderer derives it from the meeting's SEQUENCE
KINDS = sorted(set(BUILDERS) | set(CASES))


@dataclass
class Delivered:
    row: dict  # the outbox row after delivery
    message: email.message.EmailMessage | None
    recipient: Person
    employee: Person
    manager: Person
    meeting: Meeting | None
    values: dict  # what the wording's {placeholders} should read


@dataclass
class World:
    lang: str
    config: Config
    app: object
    mails: dict[str, Delivered]


def _walk_pops(system, lang: str) -> dict[str, int]:
    """Stage -> POP id, each POP brought to its state by the real commands and worker."""
    run, clock = system.runtime, system.clock
    with run.uow() as uow:
        manager = Person(name=MANAGER_NAME, email="manager@voorbeeld.nl", language=lang)
        uow.session.add_all(
            [
                manager,
                *(
                    Person(name=EMPLOYEE_NAME, email=f"{stage}@voorbeeld.nl", language=lang, manager=manager)
                    for stage in STATES
                ),
            ]
        )
        uow.session.flush()
        waiting = Person(name=EMPLOYEE_NAME, email="waiting@voorbeeld.nl", language=lang, manager=manager)
        uow.session.add(waiting)
        pops = {
            stage: scheduling.schedule_meeting(
                uow,
                clock.now(),
                employee_email=f"{stage}@voorbeeld.nl",
                location=LOCATION,
                actor="test",
                # one manager, so each conversation at its own hour
                start=(SOON if stage in ("agreements", "action") else LATER) + timedelta(hours=hour),
            ).pop.id
            for hour, stage in enumerate(STATES)
        }
        # A report still waiting for a meeting, as a round's launch leaves one: what schedule_request names.
        launched = uow.session.get(Pop, pops["announcement"])
        uow.session.add(
            Pop(
                round_id=launched.round_id,
                employee_id=waiting.id,
                manager_id=manager.id,
                question_set=launched.question_set,
                state="planning",
            )
        )
        uow.commit()
    system.settle()
    with run.uow() as uow:
        scheduling.schedule_meeting(
            uow,
            clock.now(),
            employee_email="moved@voorbeeld.nl",
            location=LOCATION,
            actor="test",
            start=LATER + timedelta(days=7),
        )  # the same meeting: SEQUENCE 1
        pop = uow.session.get(Pop, pops["alignment"])  # both prepared: exchanged at once
        commands.save_preparation(
            uow,
            clock.now(),
            pop,
            pop.employee,
            answers={},
            potential=None,
            willingness=None,
            submit=True,
            loaded_version=None,
        )
        commands.save_preparation(
            uow,
            clock.now(),
            pop,
            pop.manager,
            potential="high",
            willingness="high",
            answers={SHARED_POINT[0]: {"text": SHARED_POINT[1], "share": True}},
            submit=True,
            loaded_version=None,
        )
        plan_commands.request_cancel(uow, clock.now(), uow.session.get(Pop, pops["cancelled"]), "test", REASON)
        uow.commit()
    system.settle()
    clock.set(SOON + timedelta(days=1))  # the SOON conversations have been held
    system.tick()
    system.settle()
    with run.uow() as uow:
        plan_commands.plan_followup(
            uow,
            clock.now(),
            uow.session.get(Pop, pops["agreements"]),
            "test",
            start=LATER,
            minutes=45,
            location=LOCATION,
        )
        pop = uow.session.get(Pop, pops["action"])
        commands.save_agreements(
            uow,
            clock.now(),
            pop,
            pop.employee,
            [commands.AgreementInput(what=AGREEMENT, owner="Noëlle", due_date=date(2027, 9, 30))],
            None,
        )
        for signer in (pop.employee, pop.manager):
            commands.sign_plan(uow, clock.now(), pop, signer, plan_hash(commands.current_plan(uow, pop), pop.plan_goal))
        uow.commit()
    system.settle()
    with run.uow() as uow:
        assert {stage: uow.session.get(Pop, pop_id).state for stage, pop_id in pops.items()} == STATES
    return pops


def _queue_every_case(system, pops: dict[str, int]) -> dict[str, int]:
    """Kind -> outbox id of the one row queued for it."""
    queued = {}
    with system.runtime.uow() as uow:
        for kind, case in CASES.items():
            if kind not in BUILDERS:
                continue  # reported by the tests; rendering it would only make the worker retry
            pop, data = uow.session.get(Pop, pops[case.stage]), dict(case.data)
            if "agreement_id" in data:
                data["agreement_id"] = uow.session.scalar(select(Agreement.id).where(Agreement.pop_id == pop.id))
            if case.meeting:
                meeting = uow.session.scalar(
                    select(Meeting)
                    .where(Meeting.pop_id == pop.id, Meeting.kind == case.meeting)
                    .order_by(Meeting.starts_at)
                    .limit(1)
                )
                data |= {"meeting_id": meeting.id, "sequence": meeting.sequence}
            queued[kind] = add_mail(
                uow,
                system.clock.now(),
                pop_id=pop.id,
                kind=ROW_KIND.get(kind, kind),
                recipient_id=pop.person_in(case.role).id,
                sequence="matrix",
                data=data,
            )
        uow.commit()
    return queued


def _placeholders(uow, row: OutboxMail, lang: str, config: Config) -> tuple[Meeting | None, dict]:
    """The meeting the mail speaks of, and what the wording's {placeholders} should read."""
    pop, recipient = uow.session.get(Pop, row.pop_id), uow.session.get(Person, row.recipient_id)
    other = pop.manager if recipient.id == pop.employee_id else pop.employee
    meeting = (
        uow.session.get(Meeting, row.data["meeting_id"])
        if "meeting_id" in row.data
        else uow.session.scalar(
            select(Meeting).where(
                Meeting.pop_id == pop.id, Meeting.kind == "conversation", Meeting.cancelled_at.is_(None)
            )
        )
    )  # without one, the mail speaks of the conversation
    agreement = uow.session.get(Agreement, row.data["agreement_id"]) if "agreement_id" in row.data else None
    tz, reason = recipient.timezone or config.timezone, row.data.get("reason", "")
    rnd = uow.session.get(Round, row.data.get("round_id") or pop.round_id)
    number, total, names = row.data.get("number", 0), 0, ()
    if meeting is not None and meeting.kind == "review":  # "2 of 4": its place among the plan's reviews
        reviews = uow.session.scalars(
            select(Meeting.id)
            .where(Meeting.pop_id == pop.id, Meeting.kind == "review", Meeting.cancelled_at.is_(None))
            .order_by(Meeting.starts_at)
        ).all()
        number, total = reviews.index(meeting.id) + 1, len(reviews)
    if row.kind in ("schedule_request", "planning_reminder"):  # the manager's reports still waiting
        names = tuple(
            uow.session.scalars(
                select(Person.name)
                .join(Pop, Pop.employee_id == Person.id)
                .where(Pop.round_id == rnd.id, Pop.manager_id == pop.manager_id, Pop.state == "planning")
            )
        )
        number = len(names)
    deadline = planning_deadline(rnd.meetings_from, rnd.meetings_until, rnd.plan_by_days_before_end)
    until = {"nl": " tot en met ", "en": " until "}[lang]
    period = (
        format_date(rnd.meetings_from, lang) + until + format_date(rnd.meetings_until, lang)
        if rnd.meetings_from and rnd.meetings_until
        else ""
    )
    return meeting, dict(
        round_name=rnd.name,
        period=period,
        recipient_name=recipient.name,
        employee_name=pop.employee.name,
        manager_name=pop.manager.name,
        other_name=other.name,
        number=number,
        total=total,
        names=name_list(translations(lang), names),
        sender=sender_name(config, lang),
        when=format_when(meeting.starts_at, lang, tz) if meeting else "",
        until=format_until(meeting.starts_at, meeting.ends_at, lang, tz) if meeting else "",
        where=f" ({meeting.location})" if meeting and meeting.location else "",
        meeting_label=meeting_label(meeting.kind, lang) if meeting else "",
        exchange_when=format_when(pop.exchange_at, lang, tz) if pop.exchange_at else "",
        agreement=agreement.what if agreement else "",
        due=format_date(agreement.due_date, lang) if agreement else "",
        reason=" " + translate("Reden: {reason}", lang, reason=reason) if reason else "",
        deadline=format_date(deadline, lang) if deadline else "",
    )


@pytest.fixture(scope="module", params=LANGUAGES)
def world(request, tmp_path_factory, sqlite_template):
    lang = request.param
    folder = tmp_path_factory.mktemp(f"mail-matrix-{lang}")
    with _running_system(Config(database_url=_sqlite_copy(folder, sqlite_template)), folder) as system:
        queued = _queue_every_case(system, _walk_pops(system, lang))
        system.settle()
        arrived = {}
        for path in system.sink.directory.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            arrived[str(message["Message-ID"])] = message
        mails = {}
        with system.runtime.uow() as uow:
            for kind, outbox_id in queued.items():
                row = uow.session.get(OutboxMail, outbox_id)
                pop = uow.session.get(Pop, row.pop_id)
                meeting, values = _placeholders(uow, row, lang, system.config)
                mails[kind] = Delivered(
                    row={c: getattr(row, c) for c in ("id", "kind", "status", "last_error", "message_id", "pop_id")},
                    message=arrived.get(row.message_id),
                    recipient=uow.session.get(Person, row.recipient_id),
                    employee=pop.employee,
                    manager=pop.manager,
                    meeting=meeting,
                    values=values,
                )
            uow.session.expunge_all()  # loaded rows stay readable after the session closes
        yield World(lang, system.config, system.app(), mails)


def delivered(world: World, kind: str) -> Delivered:
    if kind not in CASES:
        pytest.fail(f"no matrix case for kind {kind!r}: add it to CASES in {__name__}")
    if kind not in BUILDERS:
        pytest.fail(f"matrix case for {kind!r}, which notifier.mail_words no longer has: remove it from CASES")
    mail = world.mails[kind]
    assert mail.row["status"] == "sent", f"{kind}: {mail.row['status']} ({mail.row['last_error']})"
    assert mail.message is not None, f"{kind}: nothing arrived with Message-ID {mail.row['message_id']}"
    return mail


def _words(mail: Delivered, kind: str, lang: str) -> Words:
    """The kind's words for this recipient, placeholders still in them."""
    role = "employee" if mail.recipient.id == mail.employee.id else "manager"
    ctx = MailContext(
        kind=kind,
        language=lang,
        role=role,
        recipient_name="",
        employee_name="",
        manager_name="",
        number=mail.values["number"],
        total=mail.values["total"],
    )
    return words_of(kind, translations(lang), ctx)


def _frame(lang: str) -> dict[str, str]:
    """The words around every mail's own, in the catalogue."""
    return {
        "greeting": translate("Beste {recipient_name},", lang),
        "signoff": translate("Met vriendelijke groet,\n{sender}", lang),
        "footer": translate("Deze link is persoonlijk: stuur hem niet door.", lang),
    }


def _bodies(mail: Delivered) -> tuple[str, str]:
    return mail.message.get_body(("plain",)).get_content(), mail.message.get_body(("html",)).get_content()


def _button(mail: Delivered, kind: str, lang: str) -> str:
    """The button's URL: the same in the text ("label: url") and in the HTML (<a href>label</a>)."""
    text, html = _bodies(mail)
    label = _words(mail, kind, lang).action
    in_text = re.search(rf"^{re.escape(label)}: (\S+)$", text, re.M)
    in_html = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(str(escape(label)))}</a>', html)
    assert in_text and in_html, f"no button {label!r}"
    assert in_text.group(1) == in_html.group(1).replace("&amp;", "&")
    return in_text.group(1)


def _tree(part):
    if part.is_multipart():
        return part.get_content_type(), [_tree(p) for p in part.iter_parts()]
    return part.get_content_type()


def test_every_wording_kind_has_a_case():
    assert not set(BUILDERS) - set(CASES), f"no matrix case for kind(s) {sorted(set(BUILDERS) - set(CASES))}"
    assert not set(CASES) - set(BUILDERS), f"matrix cases for unknown kind(s) {sorted(set(CASES) - set(BUILDERS))}"


@pytest.mark.parametrize("kind", KINDS)
def test_mime_tree_as_mime_py_builds_it(world, kind):
    mail = delivered(world, kind)
    method = CALENDAR_METHOD.get(mail.row["kind"])
    # Calendar programs only offer accept/decline for an iTIP part inside the alternative.
    alternative = ["text/plain", "text/html"] + (["text/calendar"] if method else [])
    attachments = ["application/ics"] if method else []
    if kind == "plan_signed":  # the signed plan for the personnel file
        attachments = ["application/pdf"]
    assert _tree(mail.message) == ("multipart/mixed", [("multipart/alternative", alternative), *attachments])
    assert all(p.get_content_charset() == "utf-8" for p in mail.message.walk() if p.get_content_maintype() == "text")


@pytest.mark.parametrize("kind", KINDS)
def test_headers(world, kind):
    mail, config = delivered(world, kind), world.config
    msg = mail.message
    assert str(msg["Subject"]) == _words(mail, kind, world.lang).subject.format(**mail.values)
    assert msg["Content-Language"] == world.lang
    (to,), (sender,) = msg["To"].addresses, msg["From"].addresses
    assert (to.display_name, to.addr_spec) == (mail.recipient.name, mail.recipient.email)
    assert (sender.display_name, sender.addr_spec) == (sender_name(config, world.lang), config.mail_from)
    assert sender.display_name == {"nl": "POP-gesprekken", "en": "POP conversations"}[world.lang]
    # A reply in words reaches the POP's other person; calendar answers go to the ORGANIZER (below).
    other = mail.manager if mail.recipient.id == mail.employee.id else mail.employee
    assert other.name in str(msg["Subject"]), "the subject names the POP's other person"
    if kind in NO_OTHER_PERSON:  # a round's launch: HR's, about every waiting report; HR_REPLY_TO unset
        assert msg["Reply-To"] is None
    else:
        (reply_to,) = msg["Reply-To"].addresses
        assert (reply_to.display_name, reply_to.addr_spec) == (other.name, other.email)
    # Out-of-office and auto-responders stay quiet (RFC 3834; Exchange's own header).
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    assert msg["Message-ID"] == mail.row["message_id"]
    assert re.fullmatch(
        rf"<popflow\.{mail.row['id']}\.[0-9a-f]{{24}}@{re.escape(config.mail_domain)}>", msg["Message-ID"]
    )
    assert parsedate_to_datetime(msg["Date"]).tzinfo is not None


@pytest.mark.parametrize("kind", KINDS)
def test_words_in_the_recipients_language_with_user_text_escaped(world, kind):
    mail, lang = delivered(world, kind), world.lang
    text, html = _bodies(mail)
    words, common = _words(mail, kind, lang), _frame(lang)
    assert text.startswith(common["greeting"].format(**mail.values))
    for paragraph in [common["greeting"], *words.paragraphs, common["signoff"], common["footer"]]:
        filled = paragraph.format(**mail.values)
        assert filled in text and escape(filled) in html, filled  # the signoff's line break stays: pre-line
    if kind == "exchange":  # what the manager shared, under the question in the reader's language
        question = load_question_set().question(SHARED_POINT[0]).text(lang)
        assert f"* {question}\n  {SHARED_POINT[1]}" in text and escape(SHARED_POINT[1]) in html
    assert f'<html lang="{lang}">' in html and f"<title>{escape(mail.message['Subject'])}</title>" in html
    foreign = _frame("en" if lang == "nl" else "nl")
    for phrase in (foreign["greeting"].split("{")[0], foreign["footer"]):
        assert phrase not in text and phrase not in html
    assert not re.search(r"<(b|i|Python|herindeling)>", html)  # names, agreement, reason, shared point


@pytest.mark.parametrize("kind", KINDS)
def test_personal_link_works_for_the_recipient(world, kind):
    mail, config = delivered(world, kind), world.config
    url = _button(mail, kind, world.lang)
    assert url.startswith(config.base_url.rstrip("/") + "/p/")
    path = urlsplit(url).path
    token = path.split("/")[2]
    claim = read_link_token(config.secret_key, token, config.link_max_age_days * 86400)
    assert (claim.person_id, claim.pop_id) == (mail.recipient.id, mail.row["pop_id"])
    # The manager proposes another time on the meeting's own page (render.py, not LINK_PATH);
    # otherwise the shown kind decides, so an update's "Naar mijn POP" opens the POP.
    ending = f"/meetings/{mail.meeting.id}" if kind == "meeting_declined" else LINK_PATH.get(kind, "")
    assert path == f"/p/{token}{ending}"
    client = world.app.test_client()
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code, page.headers.get("Location"))
    assert f'<html lang="{world.lang}"' in page.get_data(as_text=True)
    # Invitations also let people whose calendar shows no buttons answer by link; nothing else does.
    text, _html = _bodies(mail)
    answers = re.findall(r"^- .+: (\S+/answer\?partstat=([A-Z-]+))$", text, re.M)
    if CALENDAR_METHOD.get(mail.row["kind"]) != "REQUEST":
        assert answers == [] and "/answer?" not in text
        return
    assert [partstat for _url, partstat in answers] == [partstat for _key, partstat in ANSWERS]
    for answer_url, _partstat in answers:
        assert answer_url.startswith(f"{config.base_url}/p/{token}/meetings/{mail.meeting.id}/answer?")
        assert client.get(answer_url.removeprefix(config.base_url)).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_calendar_part_and_attachment(world, kind):
    mail, lang = delivered(world, kind), world.lang
    method = CALENDAR_METHOD.get(mail.row["kind"])
    parts = [p for p in mail.message.walk() if p.get_content_type() in ("text/calendar", "application/ics")]
    if method is None:
        pdfs = [p.get_filename() for p in mail.message.iter_attachments()]
        assert parts == [] and pdfs == (
            [f"{'development-plan' if lang == 'en' else 'ontwikkelplan'}-{mail.row['pop_id']}.pdf"]
            if kind == "plan_signed"
            else []
        )
        return
    inline, attached = parts
    assert inline.get_param("method") == method and not inline.is_attachment()
    assert attached.is_attachment() and attached.get_filename() == "invite.ics"
    assert attached.get_payload(decode=True) == inline.get_payload(decode=True)  # one calendar, twice
    calendar = icalendar.Calendar.from_ical(inline.get_payload(decode=True))
    (event,), meeting = calendar.walk("VEVENT"), mail.meeting
    assert str(calendar["METHOD"]) == method
    assert str(event["STATUS"]) == ("CONFIRMED" if method == "REQUEST" else "CANCELLED")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (meeting.uid, meeting.sequence)
    assert event.decoded("DTSTART") == meeting.starts_at and str(event["LOCATION"]) == LOCATION
    organizer = event["ORGANIZER"]
    assert (str(organizer), organizer.params["CN"]) == (f"mailto:{world.config.mail_from}", MANAGER_NAME)
    attendees = {(str(a).lower(), a.params["CN"]) for a in event.get("ATTENDEE")}
    assert attendees == {(f"mailto:{p.email}", p.name) for p in (mail.employee, mail.manager)}
    assert str(event["SUMMARY"]) == translate(SUMMARY[meeting.kind], lang, employee=EMPLOYEE_NAME, manager=MANAGER_NAME)
    # No credential in a calendar item (it gets copied, shared, synced): its link leads to the
    # page that mails a fresh personal link to this attendee (test_private_links.py).
    token = re.match(r".*/p/([^/]+)", _button(mail, kind, lang)).group(1)  # the mail body's own link
    link = str(event["URL"])
    assert link.startswith(world.config.base_url.rstrip("/") + "/link/calendar/")
    assert str(event["DESCRIPTION"]).endswith(": " + link)
    unfolded = inline.get_payload(decode=True).decode().replace("\r\n ", "")
    assert token not in unfolded and "/p/" not in unfolded
