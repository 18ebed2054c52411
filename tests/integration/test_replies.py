"""Calendar replies coming back: through the SMTP and LMTP listener and an IMAP mailbox.

The replies are built as calendar programs build them (tests/replies.py) from the
invitation each person really received, and sent over real SMTP/LMTP/IMAP sessions.
"""

from __future__ import annotations

import imaplib
import smtplib
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.api.schema import to_json
from intake.scheduling import schedule_meeting
from intake.serialize import pop_detail
from notifier.inbound import poll_imap_once, start_listener
from shared.models import Attendee, OutboxMail, Person, Pop
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, hr_client, schedule, seed
from tests.mails import mail_to
from tests.replies import reply_calendar, reply_mail

ORGANIZER = "pop@popflow.test"


def _invite(system, address: str):
    """The newest calendar invitation this person received."""
    return [m for m in mail_to(system.sink.directory, address) if m.calendar is not None][-1].calendar


def _statuses(system) -> dict[str, tuple[str, int | None]]:
    with system.runtime.uow() as uow:
        rows = uow.session.execute(
            select(Person.email, Attendee.partstat, Attendee.answered_sequence).join(
                Attendee, Attendee.person_id == Person.id
            )
        ).all()
    return {email: (partstat, seq) for email, partstat, seq in rows}


def _send(port: int, raw: bytes, sender: str, lmtp: bool = False):
    with (smtplib.LMTP if lmtp else smtplib.SMTP)("127.0.0.1", port, timeout=10) as client:
        return client.sendmail(sender, [ORGANIZER], raw)


@pytest.fixture
def listener(sqlite_system):
    controller = start_listener(sqlite_system.runtime, "127.0.0.1", _free_port())
    yield controller
    controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_accepted_then_declined_after_an_update_through_the_smtp_listener(sqlite_system, listener):
    system = sqlite_system
    seed(system)
    schedule(system)
    now = system.clock.now()
    manager_reply = reply_calendar(_invite(system, MANAGER), MANAGER, "ACCEPTED", now)
    _send(listener.port, reply_mail(manager_reply, MANAGER, ORGANIZER), MANAGER)
    employee_reply = reply_calendar(_invite(system, EMPLOYEE), EMPLOYEE, "ACCEPTED", now)
    _send(listener.port, reply_mail(employee_reply, EMPLOYEE, ORGANIZER), EMPLOYEE)
    assert _statuses(system) == {MANAGER: ("ACCEPTED", 0), EMPLOYEE: ("ACCEPTED", 0)}

    # The meeting moves: SEQUENCE 1, and everyone answers again.
    with system.runtime.uow() as uow:
        schedule_meeting(
            uow,
            system.clock.now(),
            employee_email=EMPLOYEE,
            start=MEETING_UTC + timedelta(days=1),
            location="Kamer 2.14",
            actor="test",
        )
        uow.commit()
    system.settle()
    assert _statuses(system) == {MANAGER: ("NEEDS-ACTION", None), EMPLOYEE: ("NEEDS-ACTION", None)}
    # A late answer to the old time changes nothing.
    _send(listener.port, reply_mail(employee_reply, EMPLOYEE, ORGANIZER), EMPLOYEE)
    assert listener.handler.outcomes[-1] == "old_sequence"
    declined = reply_calendar(_invite(system, EMPLOYEE), EMPLOYEE, "DECLINED", system.clock.now())
    _send(listener.port, reply_mail(declined, EMPLOYEE, ORGANIZER, subject="Geweigerd: POP-gesprek"), EMPLOYEE)
    assert _statuses(system) == {MANAGER: ("NEEDS-ACTION", None), EMPLOYEE: ("DECLINED", 1)}

    # The manager is asked for another time, with a link to where that is done.
    system.settle()
    asked = mail_to(system.sink.directory, MANAGER)[-1]
    assert asked.subject.startswith("Jan Jansen kan niet op dinsdag 6 april 2027 om 10:00")
    assert "/meetings/" in asked.link_path
    page = system.app().test_client().get(asked.link_path)
    assert page.status_code == 200 and "Ander moment voorstellen" in page.get_data(as_text=True)
    # HR sees it in the list and on the POP, and so does `popflow pop show --json`.
    hr = hr_client(system.app())
    assert "afgeslagen: nieuw moment nodig" in hr.get("/hr/").get_data(as_text=True)
    with system.runtime.uow() as uow:
        detail = to_json(pop_detail(uow, uow.session.scalars(select(Pop)).one()))
    hr_page = hr.get(f"/hr/pop/{detail['id']}").get_data(as_text=True)
    assert "Jan Jansen heeft afgeslagen: POP-gesprek op dinsdag 6 april 2027 om 10:00." in hr_page
    assert "Jan Jansen — afgeslagen (POP-gesprek, via de agenda)" in hr_page  # the timeline
    people = {a["email"]: a for a in detail["meetings"][0]["attendees"]}
    assert people[EMPLOYEE]["status"] == "DECLINED" and people[EMPLOYEE]["answered_sequence"] == 1


def test_replies_that_do_not_fit_are_ignored(sqlite_system, listener):
    system = sqlite_system
    seed(system)
    schedule(system)
    invite = _invite(system, EMPLOYEE)
    now = system.clock.now()
    cases = {
        "unknown_meeting": (reply_calendar(invite, EMPLOYEE, "DECLINED", now, uid="nobody@elsewhere"), EMPLOYEE),
        "unknown_sequence": (reply_calendar(invite, EMPLOYEE, "DECLINED", now, sequence=7), EMPLOYEE),
        # Someone who is not on the meeting, or who answers for someone else.
        "not_attendee": (reply_calendar(invite, "stranger@voorbeeld.nl", "DECLINED", now), "stranger@voorbeeld.nl"),
    }
    for expected, (calendar, sender) in cases.items():
        _send(listener.port, reply_mail(calendar, sender, ORGANIZER), sender)
        assert listener.handler.outcomes[-1] == expected
    forged = reply_calendar(invite, EMPLOYEE, "DECLINED", now)
    _send(listener.port, reply_mail(forged, "stranger@voorbeeld.nl", ORGANIZER), "stranger@voorbeeld.nl")
    assert listener.handler.outcomes[-1] == "not_attendee"
    # An out-of-office note holds no reply at all, and is accepted and let go.
    _send(listener.port, b"From: jan@voorbeeld.nl\r\nSubject: Afwezig\r\n\r\nIk ben er niet.\r\n", EMPLOYEE)
    assert _statuses(system)[EMPLOYEE] == ("NEEDS-ACTION", None)
    system.settle()
    with system.runtime.uow() as uow:
        assert not uow.session.scalars(select(OutboxMail).where(OutboxMail.kind == "meeting_declined")).all()


def test_an_earlier_answer_arriving_late_does_not_overwrite_a_newer_one(sqlite_system, listener):
    system = sqlite_system
    seed(system)
    schedule(system)
    invite, now = _invite(system, EMPLOYEE), system.clock.now()
    newer = reply_calendar(invite, EMPLOYEE, "ACCEPTED", now)
    older = reply_calendar(invite, EMPLOYEE, "DECLINED", now - timedelta(hours=1))
    _send(listener.port, reply_mail(newer, EMPLOYEE, ORGANIZER), EMPLOYEE)
    _send(listener.port, reply_mail(older, EMPLOYEE, ORGANIZER), EMPLOYEE)
    assert listener.handler.outcomes[-1] == "stale"
    _send(listener.port, reply_mail(newer, EMPLOYEE, ORGANIZER), EMPLOYEE)  # the same mail again
    assert listener.handler.outcomes[-1] == "unchanged"
    assert _statuses(system)[EMPLOYEE] == ("ACCEPTED", 0)


def test_the_lmtp_listener_answers_per_recipient_and_records_the_reply(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    controller = start_listener(system.runtime, "127.0.0.1", _free_port(), lmtp=True)
    try:
        reply = reply_calendar(_invite(system, MANAGER), MANAGER, "TENTATIVE", system.clock.now())
        with smtplib.LMTP("127.0.0.1", controller.port, timeout=10) as client:
            client.ehlo_or_helo_if_needed()
            client.mail(MANAGER)
            for recipient in (ORGANIZER, "pop-replies@popflow.test"):
                assert client.rcpt(recipient)[0] == 250
            # LMTP: after DATA, one answer per recipient (smtplib reads only the first itself).
            answers = [client.data(reply_mail(reply, MANAGER, ORGANIZER))[0], client.getreply()[0]]
        assert answers == [250, 250]
    finally:
        controller.stop()
    assert _statuses(system)[MANAGER] == ("TENTATIVE", 0)


def test_the_listener_asks_to_retry_when_the_database_is_away(sqlite_system, listener):
    system = sqlite_system
    seed(system)
    schedule(system)
    reply = reply_mail(
        reply_calendar(_invite(system, MANAGER), MANAGER, "ACCEPTED", system.clock.now()), MANAGER, ORGANIZER
    )
    database = Path(system.config.database_url.removeprefix("sqlite:///"))
    system.runtime.engine.dispose()
    hidden = database.rename(database.with_suffix(".away"))
    try:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            _send(listener.port, reply, MANAGER)
        assert refused.value.smtp_code == 451  # the mail server keeps the reply and tries again
    finally:
        system.runtime.engine.dispose()
        hidden.rename(database)
    _send(listener.port, reply, MANAGER)
    assert _statuses(system)[MANAGER] == ("ACCEPTED", 0)


@pytest.fixture
def imap_server(tmp_path):
    """pymap, a real IMAP server, in memory, with one mailbox."""
    port = _free_port()
    pymap = Path(sys.executable).parent / "pymap"
    process = subprocess.Popen(
        [
            str(pymap),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "dict",
            "--demo-user",
            "pop",
            "--demo-password",
            "geheim",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"imap://pop:geheim@127.0.0.1:{port}/INBOX", port
    process.terminate()
    process.wait(timeout=10)


def test_the_imap_poller_reads_replies_once_and_leaves_other_mail_read(sqlite_system, imap_server):
    system = sqlite_system
    url, port = imap_server
    seed(system)
    schedule(system)
    accepted = reply_calendar(_invite(system, MANAGER), MANAGER, "ACCEPTED", system.clock.now())
    declined = reply_calendar(_invite(system, EMPLOYEE), EMPLOYEE, "DECLINED", system.clock.now())
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login("pop", "geheim")
    for raw in (
        reply_mail(accepted, MANAGER, ORGANIZER),
        reply_mail(declined, EMPLOYEE, ORGANIZER),
        b"From: x@voorbeeld.nl\r\nSubject: Nieuwsbrief\r\n\r\nGeen antwoord.\r\n",
    ):
        client.append("INBOX", None, None, raw)
    assert poll_imap_once(system.runtime, url) == 3
    assert _statuses(system) == {MANAGER: ("ACCEPTED", 0), EMPLOYEE: ("DECLINED", 0)}
    client.select("INBOX")
    assert client.search(None, "UNSEEN")[1] == [b""]  # handled mail is marked read
    client.logout()
    assert poll_imap_once(system.runtime, url) == 0
    system.settle()
    asked = [m for m in mail_to(system.sink.directory, MANAGER) if "kan niet op" in m.subject]
    assert len(asked) == 1
