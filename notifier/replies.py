"""Reading calendar replies (iTIP METHOD:REPLY, RFC 5546 §3.2.3) out of an e-mail.

Outlook, Google Calendar, Apple Calendar and Thunderbird answer an invitation with a
mail to the ORGANIZER holding a `text/calendar; method=REPLY` part (often the same
calendar again as an .ics attachment). Each VEVENT names the event (UID, SEQUENCE),
when the answer was given (DTSTAMP) and the one ATTENDEE who answers, with PARTSTAT.
Anything else in the mailbox (out-of-office notes, other mail) yields no answers.
"""
from __future__ import annotations

import email
import email.policy
import logging
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import getaddresses

import icalendar

from shared.rsvp import Answer

log = logging.getLogger(__name__)

CALENDAR_TYPES = ("text/calendar", "application/ics")


def replies_in(raw: bytes, now: datetime) -> list[Answer]:
    """Every attendee answer in the mail, each once; `now` stands in for a missing DTSTAMP."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    senders = getaddresses([str(message.get("from", ""))])
    sender = senders[0][1].lower() if senders and senders[0][1] else None
    answers: list[Answer] = []
    for data in _calendar_parts(message):
        for answer in _answers(data, sender, now):
            if answer not in answers:  # the inline part and the attachment say the same
                answers.append(answer)
    return answers


def _calendar_parts(message: EmailMessage):
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = (part.get_filename() or "").lower()
        if part.get_content_type() in CALENDAR_TYPES or filename.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if payload:
                yield payload


def _answers(data: bytes, sender: str | None, now: datetime) -> list[Answer]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        log.info("unreadable calendar part ignored: %s", exc)
        return []
    if str(calendar.get("METHOD", "")).upper() != "REPLY":
        return []  # a forwarded invitation or a published calendar, not an answer
    found = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid:
            continue
        sequence = int(event.get("SEQUENCE", 0))
        stamp = _utc(event.decoded("DTSTAMP")) if "DTSTAMP" in event else now
        attendees = event.get("ATTENDEE", [])
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            address = str(attendee)
            if address.lower().startswith("mailto:"):
                address = address[7:]
            partstat = str(attendee.params.get("PARTSTAT", "")).upper()
            found.append(Answer(uid=uid, sequence=sequence, attendee=address.strip().lower(), partstat=partstat,
                                stamp=stamp, via="calendar", sender=sender))
    return found


def _utc(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    raise ValueError(f"not a moment: {value!r}")
