"""Every e-mail kind in Dutch and in English, as it arrives over a real SMTP session:
MIME tree, headers, language, escaping, links that work, and the calendar part.

One system per language queues one outbox row of every kind (with the data each kind
reads) for a person of that language, lets the worker deliver them to the SMTP sink,
and reads each .eml as a mail program would.
"""
from __future__ import annotations

import email
import email.policy
import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from intake.commands import schedule_meeting
from notifier.compose import ANSWERS
from notifier.render import CALENDAR_METHOD, LINK_PATH
from notifier.wording import COMMON, WORDING
from shared.models import Agreement, Attendee, Meeting, OutboxMail, Person, Pop
from shared.outbox import add_mail
from tests.integration.helpers import MEETING_UTC
from tests.mails import read_mail

# kind -> (which meeting it is about, extra data); "update" is the conversation after a move.
CASES = {
    "invitation": ("conversation", {}),
    "invitation_update": ("update", {}),
    "exchange": (None, {}),
    "agreements_open": (None, {}),
    "plan_signed": (None, {}),
    "review_invite": ("review", {"number": 1}),
    "meeting_cancelled": ("cancelled", {}),
    "completed": (None, {}),
    "prepare_reminder": (None, {}),
    "sign_reminder": (None, {}),
    "due_reminder": (None, {"agreement": True}),
    "review_reminder": ("review", {"number": 1}),
    "evaluation": (None, {}),
    "followup_invite": ("followup", {}),
    "meeting_declined": ("conversation", {}),
    "fresh_link": (None, {}),
    "pop_cancelled": (None, {"reason": "reorganisatie & <herindeling>"}),
}
NAME = "Noëlle <b>Ïsla</b> & Zn"  # Dutch letters, and markup that must stay text
LOCATION = "Café Ruïne, kamer 2"


def test_every_kind_has_a_case():
    missing = sorted(set(WORDING) - set(CASES))
    assert not missing, f"no matrix case for kind(s) {missing}: add them to CASES"


def _meeting(uow, pop: Pop, kind: str, now, sequence: int = 0, cancelled: bool = False) -> Meeting:
    meeting = Meeting(pop_id=pop.id, kind=kind, uid=f"{uuid.uuid4()}@popflow", sequence=sequence,
                      starts_at=MEETING_UTC + timedelta(days=90), ends_at=MEETING_UTC + timedelta(days=90, hours=1),
                      location=LOCATION, created_at=now, cancelled_at=now if cancelled else None,
                      attendees=[Attendee(person_id=pop.employee_id, role="employee"),
                                 Attendee(person_id=pop.manager_id, role="manager")])
    uow.session.add(meeting)
    uow.session.flush()
    return meeting


def _queue_every_kind(system, lang: str) -> dict[int, str]:
    """Outbox id -> kind. The employee (recipient of most) speaks `lang`; the manager gets
    meeting_declined, so the manager speaks it too."""
    now = system.clock.now()
    with system.runtime.uow() as uow:
        manager = Person(name="Marieke de Vries", email="marieke@voorbeeld.nl", language=lang)
        employee = Person(name=NAME, email="noelle@voorbeeld.nl", language=lang, manager=manager)
        uow.session.add_all([manager, employee])
        uow.session.flush()
        pop = schedule_meeting(uow, now, employee_email=employee.email, start=MEETING_UTC, location=LOCATION,
                               actor="test").pop
        conversation = uow.session.scalars(select(Meeting).where(Meeting.pop_id == pop.id)).one()
        meetings = {"conversation": conversation, "review": _meeting(uow, pop, "review", now),
                    "followup": _meeting(uow, pop, "followup", now),
                    "update": _meeting(uow, pop, "conversation", now, sequence=1),
                    "cancelled": _meeting(uow, pop, "review", now, sequence=1, cancelled=True)}
        agreement = Agreement(pop_id=pop.id, position=0, what="Cursus Python afronden", owner=NAME,
                              due_date=date(2027, 6, 30), updated_at=now)
        uow.session.add(agreement)
        uow.session.flush()
        queued = {}
        for kind, (which, extra) in CASES.items():
            data = {key: value for key, value in extra.items() if key != "agreement"}
            if which:
                data |= {"meeting_id": meetings[which].id, "sequence": meetings[which].sequence}
            if extra.get("agreement"):
                data["agreement_id"] = agreement.id
            recipient = manager if kind == "meeting_declined" else employee
            row = add_mail(uow, now, pop_id=pop.id, kind="invitation" if kind == "invitation_update" else kind,
                           recipient_id=recipient.id, sequence=f"matrix-{kind}", data=data)
            queued[row.id] = kind
        uow.commit()
    return queued


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_kind_arrives_right_in_each_language(sqlite_system, lang):
    system = sqlite_system
    queued = _queue_every_kind(system, lang)
    system.settle()
    with system.runtime.uow() as uow:
        rows = {row.id: row for row in uow.session.scalars(select(OutboxMail))}
        message_ids = {row.message_id: queued[row.id] for row in rows.values() if row.id in queued}
        assert {rows[i].status for i in queued} == {"sent"}, {queued[i]: rows[i].last_error for i in queued}
        sequences = {m.uid: m.sequence for m in uow.session.scalars(select(Meeting))}
    files = sorted(system.sink.directory.glob("*.eml"))
    seen = set()
    client = system.app().test_client()
    for path in files:
        raw = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        kind = message_ids.get(str(raw["message-id"]))
        if kind is None:
            continue  # the conversation's own invitations, sent by the workflow
        seen.add(kind)
        _check(kind, lang, raw, read_mail(path), sequences, client, system.config)
    assert seen == set(CASES)


def _check(kind, lang, raw, mail, sequences, client, config) -> None:
    words = WORDING[kind][lang]
    where = f"{kind}/{lang}"
    # Headers.
    assert mail.language == lang and raw["Date"] and raw["From"].addresses[0].addr_spec == config.mail_from, where
    assert re.fullmatch(r"<popflow\.\d+\.[0-9a-f]{24}@[\w.-]+>", mail.message_id), where
    fixed = re.split(r"\{\w+\}", words["subject"])
    assert all(part in mail.subject for part in fixed), (where, mail.subject)
    # MIME: text and HTML alternatives; calendar inside the alternative plus the .ics.
    alternative = next(part for part in raw.walk() if part.get_content_type() == "multipart/alternative")
    inner = [part.get_content_type() for part in alternative.iter_parts()]
    method = CALENDAR_METHOD.get("invitation" if kind == "invitation_update" else kind)
    assert inner[:2] == ["text/plain", "text/html"], where
    if method:
        assert inner[2:] == ["text/calendar"] and mail.calendar_method_param == method, where
        assert mail.attachments == ["invite.ics"], where
        calendar = mail.calendar
        event = calendar.walk("VEVENT")[0]
        assert str(calendar["METHOD"]) == method and int(event["SEQUENCE"]) == sequences[str(event["UID"])], where
        assert len(event.get("ATTENDEE")) == 2 and "ORGANIZER" in event and str(event["LOCATION"]) == LOCATION
        summary = str(event["SUMMARY"])
        assert ("POP" in summary) and (("Vervolggesprek" in summary or "Voortgangsgesprek" in summary
                                        or "POP-gesprek" in summary) if lang == "nl" else "POP " in summary)
    else:
        assert inner == ["text/plain", "text/html"] and mail.calendar_raw is None and not mail.attachments, where
    # Language and Dutch characters, escaped in HTML.
    greeting = COMMON[lang]["greeting"].split("{")[0]
    assert mail.text.startswith(greeting) and greeting in mail.html, where
    recipient = "Marieke de Vries" if kind == "meeting_declined" else NAME
    assert recipient in mail.text and "<b>Ïsla</b>" not in mail.html, where
    if NAME in mail.text:
        assert "Noëlle &lt;b&gt;Ïsla&lt;/b&gt; &amp; Zn" in mail.html, where
    if kind == "pop_cancelled":
        assert "reorganisatie & <herindeling>" in mail.text and "&lt;herindeling&gt;" in mail.html, where
    # The button: the same personal link in text and HTML, leading to a page that works.
    link = mail.link
    assert link.startswith(config.base_url) and f'href="{link}' in mail.html, where
    path = LINK_PATH.get(kind, "")
    if kind == "meeting_declined":
        path = "/meetings/"
    assert path in mail.link_path, (where, mail.link_path)
    page = client.get(mail.link_path)
    assert page.status_code in (200, 302), (where, page.status_code)
    final = client.get(mail.link_path, follow_redirects=True)
    assert f'<html lang="{lang}"' in final.get_data(as_text=True), where
    # Invitations carry the answer links for programs without buttons.
    answers = re.findall(r"\S+/answer\?partstat=([A-Z]+)", mail.text)
    assert answers == ([partstat for _key, partstat in ANSWERS] if method == "REQUEST" else []), where
