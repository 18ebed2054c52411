"""Answering an invitation as a calendar program does (Outlook, Thunderbird, Google):
an iTIP METHOD:REPLY with the one answering ATTENDEE, mailed to the ORGANIZER."""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import icalendar


def reply_calendar(
    invite: icalendar.Calendar,
    attendee: str,
    partstat: str,
    stamp: datetime,
    sequence: int | None = None,
    uid: str | None = None,
) -> bytes:
    request = invite.walk("VEVENT")[0]
    cal = icalendar.Calendar()
    cal.add("PRODID", "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN")
    cal.add("VERSION", "2.0")
    cal.add("METHOD", "REPLY")
    event = icalendar.Event()
    event.add("UID", uid or str(request["UID"]))
    event.add("SEQUENCE", int(request.get("SEQUENCE", 0)) if sequence is None else sequence)
    event.add("DTSTAMP", stamp.astimezone(UTC))
    event.add("DTSTART", request.decoded("DTSTART"))
    event.add("DTEND", request.decoded("DTEND"))
    event.add("SUMMARY", str(request["SUMMARY"]))
    event["ORGANIZER"] = request["ORGANIZER"]
    event.add("ATTENDEE", f"mailto:{attendee}", parameters={"PARTSTAT": partstat, "ROLE": "REQ-PARTICIPANT"})
    cal.add_component(event)
    return cal.to_ical()


MX = "mx.popflow.test"  # the authserv-id of the receiving server (tests/conftest.py trusts it)


def passed(sender: str, authserv_id: str = MX) -> str:
    """What a receiving server writes when DKIM and DMARC pass for the sender's domain."""
    domain = sender.rpartition("@")[2]
    return f"{authserv_id}; dkim=pass header.d={domain} header.s=sel1; dmarc=pass (p=reject) header.from={domain}"


def reply_mail(
    calendar: bytes,
    sender: str,
    organizer: str,
    subject: str = "Geaccepteerd: POP-gesprek",
    attachment: bool = True,
    authentication: str | None = "passed",
) -> bytes:
    """Outlook's shape: text, then text/calendar;method=REPLY, often the .ics again as attachment;
    as delivered: the receiving server's Authentication-Results (None: no header) and Received."""
    msg = EmailMessage()
    if authentication is not None:
        msg["Authentication-Results"] = passed(sender) if authentication == "passed" else authentication
    msg["Received"] = f"from client.test by {MX}; {format_datetime(datetime.now(UTC))}"
    msg["From"], msg["To"], msg["Subject"] = sender, organizer, subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain="client.test")
    msg.set_content("Antwoord op uitnodiging.\n")
    msg.add_alternative(calendar.decode(), subtype="calendar", params={"method": "REPLY"})
    if attachment:
        msg.make_mixed()
        msg.add_attachment(calendar, maintype="application", subtype="ics", filename="invite.ics")
    return msg.as_bytes(policy=email.policy.SMTP)
