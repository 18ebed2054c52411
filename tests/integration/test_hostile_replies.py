"""Hostile replies never jam the reply channel, and forged ones never count.

Through the real SMTP listener and a real IMAP server (pymap), each hostile mail
(tests/hostile_replies.py) is followed by a good reply, which must be recorded. The
listener answers 5xx to a mail that will never work and never 4xx for one.
"""

from __future__ import annotations

import imaplib
import smtplib
import time
from datetime import timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from notifier.inbound import poll_imap_once, start_listener
from notifier.replies import Unusable, replies_in
from shared.models import Attendee, Event, Person
from tests.hostile_replies import hostile_mails, oversized, samples
from tests.integration.helpers import EMPLOYEE, MANAGER, schedule, seed
from tests.integration.test_replies import (  # noqa: F401 - imap_server is a fixture
    ORGANIZER,
    _free_port,
    _invite,
    _statuses,
    imap_server,
)
from tests.replies import MX, passed, reply_calendar, reply_mail

BACKENDS = pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"], indirect=True)
DELIVERED = f"Authentication-Results: {passed(MANAGER)}\r\nReceived: from client.test by {MX}\r\n".encode()


def _send(port: int, raw: bytes, sender: str = MANAGER) -> int:
    """The SMTP answer code for this mail; a refusal is an answer too."""
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=20) as client:
            client.sendmail(sender, [ORGANIZER], raw)
        return 250
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as refused:
        return refused.smtp_code


class GoodReplies:
    """The manager answers again and again, each answer new (a later stamp, another PARTSTAT)."""

    def __init__(self, system):
        self.system, self.invite, self.numbers = system, _invite(system, MANAGER), count()

    def next(self) -> tuple[bytes, str]:
        number = next(self.numbers)
        partstat = ("ACCEPTED", "TENTATIVE")[number % 2]
        stamp = self.system.clock.now() - timedelta(hours=12) + timedelta(seconds=number)
        return reply_mail(reply_calendar(self.invite, MANAGER, partstat, stamp), MANAGER, ORGANIZER), partstat


@BACKENDS
def test_after_every_hostile_mail_the_listener_records_the_next_good_reply(system):
    seed(system)
    schedule(system)
    uid = str(_invite(system, MANAGER).walk("VEVENT")[0]["UID"])
    controller = start_listener(system.runtime, "127.0.0.1", _free_port())
    good = GoodReplies(system)

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(hostile_mails(uid))
    def hostile_then_good(hostile):
        started = time.monotonic()
        code = _send(controller.port, DELIVERED + hostile)
        assert code == 250 or 500 <= code < 600, code  # never "try again" for a mail that will not work
        assert time.monotonic() - started < 10
        raw, partstat = good.next()
        assert _send(controller.port, raw) == 250
        assert controller.handler.outcomes[-1] == "recorded"
        assert _statuses(system)[MANAGER] == (partstat, 0)

    try:
        hostile_then_good()
    finally:
        controller.stop()


def test_the_listener_refuses_a_mail_over_the_size_cap_and_an_unreadable_one_with_5xx(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    controller = start_listener(system.runtime, "127.0.0.1", _free_port())
    try:
        assert _send(controller.port, oversized()) == 552  # refused while it streams in
        assert _send(controller.port, samples("x")["unreadable calendar"]) == 554
        raw, partstat = GoodReplies(system).next()
        assert _send(controller.port, raw) == 250 and _statuses(system)[MANAGER] == (partstat, 0)
    finally:
        controller.stop()


@BACKENDS
def test_a_reply_counts_only_when_the_trusted_server_saw_the_from_domain_pass(system):
    seed(system)
    schedule(system)
    controller = start_listener(system.runtime, "127.0.0.1", _free_port())
    calendar = reply_calendar(_invite(system, EMPLOYEE), EMPLOYEE, "DECLINED", system.clock.now())
    forged_below = f"{MX}; dmarc=pass header.from=voorbeeld.nl"
    try:
        for authentication in (
            None,
            "mx.elders.nl; dmarc=pass header.from=voorbeeld.nl",
            f"{MX}; dmarc=fail header.from=voorbeeld.nl; dkim=fail header.d=voorbeeld.nl",
        ):
            assert (
                _send(
                    controller.port, reply_mail(calendar, EMPLOYEE, ORGANIZER, authentication=authentication), EMPLOYEE
                )
                == 250
            )
            assert controller.handler.outcomes[-1] == "unauthenticated"
        # The sender writes the server's id into the mail itself: it lands below the Received.
        forged = reply_mail(calendar, EMPLOYEE, ORGANIZER, authentication=None).replace(
            b"\r\nFrom:", f"\r\nAuthentication-Results: {forged_below}\r\nFrom:".encode(), 1
        )
        assert _send(controller.port, f"Authentication-Results: {MX}; none\r\n".encode() + forged, EMPLOYEE) == 250
        assert controller.handler.outcomes[-1] == "unauthenticated"
        # The server wrote no results at all (its DMARC milter was down): the copy is not read either.
        assert (
            _send(
                controller.port,
                forged.replace(b"\r\nFrom:", b"\r\nReceived: from localhost by evil.example\r\nFrom:", 1),
                EMPLOYEE,
            )
            == 250
        )
        assert controller.handler.outcomes[-1] == "unauthenticated"
        assert _statuses(system)[EMPLOYEE] == ("NEEDS-ACTION", None)
        # A DTSTAMP in the future counts as the moment the reply arrived.
        ahead = reply_calendar(_invite(system, EMPLOYEE), EMPLOYEE, "ACCEPTED", system.clock.now() + timedelta(days=30))
        assert _send(controller.port, reply_mail(ahead, EMPLOYEE, ORGANIZER), EMPLOYEE) == 250
        assert controller.handler.outcomes[-1] == "recorded"
    finally:
        controller.stop()
    with system.runtime.uow() as uow:
        answered = uow.session.scalar(
            select(Attendee.answered_at).join(Person, Attendee.person_id == Person.id).where(Person.email == EMPLOYEE)
        )
    assert answered.replace(tzinfo=None) == system.clock.now().replace(tzinfo=None)


@pytest.mark.parametrize("setaside", [None, "Unusable"])
def test_the_imap_poller_sets_hostile_mail_aside_and_records_every_good_reply(
    sqlite_system,
    imap_server,  # noqa: F811
    setaside,
):
    system = sqlite_system
    url, port = imap_server
    seed(system)
    schedule(system)
    uid = str(_invite(system, MANAGER).walk("VEVENT")[0]["UID"])
    hostile = samples(uid)
    unusable = {name for name, raw in hostile.items() if _is_unusable(DELIVERED + raw, system)}
    assert {"deep MIME", "oversized", "thousands of VEVENTs", "unreadable calendar"} <= unusable
    good = GoodReplies(system)
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login("pop", "geheim")
    if setaside:
        client.create(setaside)
    for raw in hostile.values():
        client.append("INBOX", None, None, DELIVERED + raw)
        client.append("INBOX", None, None, good.next()[0])
    with system.runtime.uow() as uow:
        before = _answered_events(uow)
    url = url + (f"?setaside={setaside}" if setaside else "")
    assert poll_imap_once(system.runtime, url) == 2 * len(hostile)
    with system.runtime.uow() as uow:
        assert _answered_events(uow) - before == len(hostile)  # every good reply recorded
    client.select("INBOX")
    assert client.search(None, "UNSEEN")[1] == [b""]  # nothing is read again
    flagged = client.search(None, "FLAGGED")[1][0].split()
    if setaside:  # pymap can MOVE
        assert flagged == []
        client.select(setaside)
        assert len(client.search(None, "FLAGGED")[1][0].split()) == len(unusable)
    else:
        assert len(flagged) == len(unusable)
    client.logout()
    assert poll_imap_once(system.runtime, url) == 0


def _is_unusable(raw: bytes, system) -> bool:
    try:
        replies_in(raw, system.clock.now())
    except Unusable:
        return True
    return False


def _answered_events(uow) -> int:
    return uow.session.scalar(select(func.count()).select_from(Event).where(Event.kind == "meeting_answered"))


def test_the_lmtp_listener_refuses_an_unusable_mail_for_each_recipient_and_takes_the_next(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    controller = start_listener(system.runtime, "127.0.0.1", _free_port(), lmtp=True)
    try:
        for raw, expected in ((samples("x")["deep MIME"], 554), (GoodReplies(system).next()[0], 250)):
            with smtplib.LMTP("127.0.0.1", controller.port, timeout=10) as client:
                client.ehlo_or_helo_if_needed()
                client.mail(MANAGER)
                for recipient in (ORGANIZER, "pop-replies@popflow.test"):
                    client.rcpt(recipient)
                # LMTP: one answer per recipient after DATA (smtplib reads only the first itself).
                assert [client.data(raw)[0], client.getreply()[0]] == [expected, expected]
    finally:
        controller.stop()
    assert _statuses(system)[MANAGER] == ("ACCEPTED", 0)
