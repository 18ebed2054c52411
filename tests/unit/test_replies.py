"""Reading answers out of calendar programs' reply mails (no database: the parsing only)."""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from notifier.replies import Unusable, replies_in

NOW = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)
REPLY = (
    "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:REPLY\r\n"
    "BEGIN:VEVENT\r\nDTSTART:20270405T080000Z\r\nDTEND:20270405T090000Z\r\n{stamp}"
    "ORGANIZER;CN=Marieke de Vries:mailto:pop@popflow.test\r\nUID:abc-123@popflow\r\n"
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN=Jan Jansen;X-NUM-GUESTS=0:\r\n"
    " MAILTO:Jan@Voorbeeld.nl\r\nSEQUENCE:2\r\nSUMMARY:POP-gesprek Jan Jansen – Marieke de Vries\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _mail(
    calendar: str, sender: str = "Jan Jansen <jan@voorbeeld.nl>", method: str = "REPLY", attach_again: bool = False
) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "pop@popflow.test", "Geaccepteerd: POP-gesprek"
    msg.set_content("Jan Jansen heeft deze uitnodiging geaccepteerd.")
    msg.add_alternative(calendar, subtype="calendar", params={"method": method}, cte="base64")
    if attach_again:
        msg.make_mixed()
        msg.add_attachment(calendar.encode(), maintype="application", subtype="ics", filename="invite.ics")
    return msg.as_bytes(policy=email.policy.SMTP)


def test_a_google_style_reply_gives_one_answer_with_its_sequence_and_stamp():
    raw = _mail(REPLY.format(stamp="DTSTAMP:20270319T101500Z\r\n", partstat="ACCEPTED"))
    (answer,) = replies_in(raw, NOW)
    assert (answer.uid, answer.sequence, answer.attendee, answer.partstat) == (
        "abc-123@popflow",
        2,
        "jan@voorbeeld.nl",
        "ACCEPTED",
    )
    assert answer.stamp == datetime(2027, 3, 19, 10, 15, tzinfo=UTC)
    assert answer.sender == "jan@voorbeeld.nl" and answer.via == "calendar"


def test_the_same_reply_inline_and_attached_counts_once_and_a_missing_stamp_is_now():
    raw = _mail(REPLY.format(stamp="", partstat="DECLINED"), attach_again=True)
    (answer,) = replies_in(raw, NOW)
    assert answer.partstat == "DECLINED" and answer.stamp == NOW


def test_mail_without_a_reply_gives_no_answers():
    assert (
        replies_in(
            _mail(
                REPLY.format(stamp="", partstat="ACCEPTED").replace("METHOD:REPLY", "METHOD:REQUEST"), method="REQUEST"
            ),
            NOW,
        )
        == []
    )
    assert replies_in(b"From: jan@voorbeeld.nl\r\nSubject: Afwezig\r\n\r\nTot maandag.\r\n", NOW) == []


def test_a_calendar_that_cannot_be_read_makes_the_mail_unusable():
    with pytest.raises(Unusable):
        replies_in(_mail("BEGIN:VCALENDAR\r\nthis is not a calendar"), NOW)
