"""The invitation mail, read back with the standard library like a mail client would."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import icalendar
import pytest

from notifier.invites import InviteEvent, Party, build_calendar
from notifier.mime import build_message

UTC = UTC
SUBJECT = "Uitnodiging POP-gesprek met Zoë – één uur, geëvalueerd"
TEXT = "Beste Anaïs,\n\nJe POP-gesprek met Zoë staat gepland. Coöperatie, één café.\n"
HTML = "<p>Beste Anaïs,</p><p>Je POP-gesprek met Zoë staat gepland. Coöperatie, één café.</p>"
MESSAGE_ID = "<pop-42.7f3a@popflow.example.nl>"


def make_calendar(method: str = "REQUEST") -> bytes:
    start = datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    event = InviteEvent(
        uid="pop-42@popflow.example.nl",
        sequence=0,
        start=start,
        end=start + timedelta(hours=1),
        summary="POP-gesprek Anaïs – Zoë",
        description="Voorbereiding: https://pop.example.nl/gesprek/42 (geëvalueerd)",
        location="",
        organizer=Party("pop@popflow.example.nl", "Zoë de Vries"),
        attendees=(Party("anais@example.nl", "Anaïs Müller"),),
    )
    return build_calendar(method, event, dtstamp=datetime(2026, 5, 4, tzinfo=UTC))


def parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def build(calendar: bytes | None, **kwargs: object) -> bytes:
    message = build_message(
        subject=SUBJECT,
        text=TEXT,
        html=HTML,
        mail_from=("POP-gesprekken namens Zoë", "pop@popflow.example.nl"),
        mail_to=("Anaïs Müller", "anais@example.nl"),
        message_id=MESSAGE_ID,
        calendar=calendar,
        **kwargs,  # type: ignore[arg-type]
    )
    return message.as_bytes()


def structure(part: EmailMessage, depth: int = 0) -> list[str]:
    lines = ["  " * depth + part.get_content_type()]
    if part.is_multipart():
        for child in part.iter_parts():
            assert isinstance(child, EmailMessage)
            lines += structure(child, depth + 1)
    return lines


def test_mime_structure_calendar_inside_alternative() -> None:
    msg = parse(build(make_calendar()))
    assert structure(msg) == [
        "multipart/mixed",
        "  multipart/alternative",
        "    text/plain",
        "    text/html",
        "    text/calendar",
        "  application/ics",
    ]


def test_calendar_part_and_attachment_carry_the_same_calendar() -> None:
    calendar = make_calendar()
    msg = parse(build(calendar))
    alternative, attachment = msg.iter_parts()
    _, _, cal_part = alternative.iter_parts()

    assert cal_part.get_param("method") == "REQUEST"
    assert cal_part.get_content_charset() == "utf-8"
    assert cal_part.get_content_disposition() is None  # inline body, not an attachment
    assert cal_part.get_payload(decode=True) == calendar  # CRLFs and folding intact

    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_param("name") == "invite.ics"
    assert attachment.get_payload(decode=True) == calendar

    parsed = icalendar.Calendar.from_ical(cal_part.get_payload(decode=True))
    assert parsed["METHOD"] == "REQUEST"
    assert parsed.events[0].summary == "POP-gesprek Anaïs – Zoë"


def test_cancel_method_param_follows_argument() -> None:
    msg = parse(build(make_calendar("CANCEL"), calendar_method="CANCEL"))
    cal_part = list(next(msg.iter_parts()).iter_parts())[-1]
    assert cal_part.get_content_type() == "text/calendar"
    assert cal_part.get_param("method") == "CANCEL"


def test_headers_message_id_subject_addresses_language() -> None:
    raw = build(make_calendar())
    msg = parse(raw)
    assert msg["Message-ID"] == MESSAGE_ID
    assert raw.count(b"\r\nMessage-ID:") == 1
    assert msg["Subject"] == SUBJECT
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # non-ASCII only via RFC 2047 encoded-words
    assert b"=?utf-8?" in head
    assert msg["From"].addresses[0].display_name == "POP-gesprekken namens Zoë"
    assert msg["From"].addresses[0].addr_spec == "pop@popflow.example.nl"
    assert msg["To"].addresses[0].display_name == "Anaïs Müller"
    assert msg["To"].addresses[0].addr_spec == "anais@example.nl"
    assert msg["Content-Language"] == "nl"
    assert msg["Date"] is not None


def test_reply_to_and_the_headers_that_quiet_auto_replies() -> None:
    msg = parse(build(make_calendar(), reply_to=('Zoë "de" Vries, HR', "zoe@example.nl")))
    (reply_to,) = msg["Reply-To"].addresses
    assert (reply_to.display_name, reply_to.addr_spec) == ('Zoë "de" Vries, HR', "zoe@example.nl")
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    assert parse(build(None))["Reply-To"] is None  # none given: a reply goes to From
    with pytest.raises(ValueError):  # a Reply-To that is two mailboxes would mail someone else
        build(None, reply_to=("Zoë", "ceo@elders.example,zoe@example.nl"))


def test_bodies_decode_back_with_dutch_characters() -> None:
    msg = parse(build(make_calendar()))
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert plain.get_content() == TEXT
    assert html.get_content() == HTML
    assert plain.get_content_charset() == "utf-8"


def test_extra_headers_and_language() -> None:
    msg = parse(build(make_calendar(), headers={"X-Popflow-Cycle": "2027"}, language="en"))
    assert msg["X-Popflow-Cycle"] == "2027"
    assert msg["Content-Language"] == "en"


def test_without_calendar_there_is_no_calendar_part() -> None:
    msg = parse(build(None))
    assert structure(msg) == [
        "multipart/mixed",
        "  multipart/alternative",
        "    text/plain",
        "    text/html",
    ]


def test_sendable_with_an_smtp_backend() -> None:
    class FakeSMTP:
        def __init__(self) -> None:
            self.sent: list[dict[str, object]] = []

        def sendmail(self, **params: object) -> str:
            self.sent.append(params)
            return "250 OK"

    smtp = FakeSMTP()
    message = build_message(
        subject=SUBJECT,
        text=TEXT,
        html=HTML,
        mail_from=("POP", "pop@popflow.example.nl"),
        mail_to=("Anaïs Müller", "anais@example.nl"),
        message_id=MESSAGE_ID,
        calendar=make_calendar(),
    )
    assert message.send(smtp=smtp) == "250 OK"  # type: ignore[arg-type]
    (params,) = smtp.sent
    assert params["from_addr"] == "pop@popflow.example.nl"
    assert params["to_addrs"] == ["anais@example.nl"]
    assert structure(parse(message.as_bytes()))[4] == "    text/calendar"


@pytest.mark.parametrize("bad", ["pop-42@popflow.example.nl", "<no-domain>", ""])
def test_message_id_must_be_bracketed(bad: str) -> None:
    with pytest.raises(ValueError):
        build_message(
            subject=SUBJECT,
            text=TEXT,
            html=HTML,
            mail_from=("POP", "pop@popflow.example.nl"),
            mail_to=("A", "a@example.nl"),
            message_id=bad,
        )
