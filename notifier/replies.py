"""Reading calendar replies (iTIP METHOD:REPLY, RFC 5546 §3.2.3) out of an e-mail.

Outlook, Google Calendar, Apple Calendar and Thunderbird answer an invitation with a
mail to the ORGANIZER holding a `text/calendar; method=REPLY` part (often the same
calendar again as an .ics attachment). Each VEVENT names the event (UID, SEQUENCE),
when the answer was given (DTSTAMP) and the one ATTENDEE who answers, with PARTSTAT.
Anything else in the mailbox (out-of-office notes, other mail) yields no answers.

Anyone can send mail here, so every step is bounded: the size, the MIME nesting, the
number and length of the MIME headers, the number of calendar parts and components are
capped and checked with one linear scan before a parser runs (the standard parser's
work grows with depth × lines, and with the square of a header's parameters). A
calendar part's size is checked before it is decoded, and it is decoded only from the
charsets mail programs use (notifier/reply_charsets.py); a MIME parameter written as
RFC 2231's "charset''text" is read as sent, never decoded with the sender's codec.
The mail is parsed with the compat32 policy, which keeps header values as text: the
default policy's structured headers take minutes on one long From line. A mail over a
cap, or whose calendar cannot be read at all, raises `Unusable`: it will never give an
answer, and the caller sets it aside. One bad VEVENT among good ones is skipped.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
from datetime import UTC, date, datetime
from email.message import Message
from email.utils import getaddresses

import icalendar

from notifier.reply_charsets import as_utf8
from shared.rsvp import Answer

log = logging.getLogger(__name__)

CALENDAR_TYPES = ("text/calendar", "application/ics")

# Caps, far above any real reply (one VEVENT with one ATTENDEE, inline and attached once).
MAX_MESSAGE_BYTES = 2 * 1024 * 1024
MAX_MULTIPARTS = 20  # boundary= and message/* in the whole mail: bound nesting and its cost
MAX_PARTS = 200  # MIME leaves looked at
MAX_MIME_HEADERS = 400  # Content-Type and Content-Disposition fields in the whole mail
MAX_DASH_LINES = 1000  # lines starting "--": every boundary line is one (parts need no headers)
MAX_HEADER_CHARS = 4096  # one such field, or the From field, folded lines included
MAX_CALENDAR_PARTS = 6
MAX_CALENDAR_BYTES = 256 * 1024
MAX_COMPONENTS = 40  # BEGIN: lines in one calendar part (VCALENDAR, VEVENT, VTIMEZONE, …)
MAX_ATTENDEES = 40  # ATTENDEE lines in one calendar part
MAX_CALENDAR_LINES = 5000  # lines (folded ones too) in one calendar part: Outlook's long DESCRIPTION fits
MAX_UID_CHARS = 200  # the meetings.uid column; a longer UID was never ours
MAX_ADDRESS_CHARS = 320
MAX_SEQUENCE = 2**31 - 1

_BOUNDARY = re.compile(rb"boundary\*?\d*\*?\s*=", re.IGNORECASE)
_EMBEDDED = re.compile(rb"content-type\s*:\s*message\s*/", re.IGNORECASE)  # parsed as a mail again
# A field with its folded lines; at line starts only, so the scan stays linear.
_DASH_LINE = re.compile(rb"^--", re.MULTILINE)
_MIME_HEADER = re.compile(
    rb"^content-(?:type|disposition)[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*", re.IGNORECASE | re.MULTILINE
)
_BEGIN = re.compile(rb"^[ \t]*BEGIN[ \t]*:", re.IGNORECASE | re.MULTILINE)
_ATTENDEE = re.compile(rb"^[ \t]*ATTENDEE[;:]", re.IGNORECASE | re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Unusable(Exception):
    """This mail can never give an answer (too big, too deep, unreadable): set it aside."""


def parse_mail(raw: bytes) -> Message:
    """The mail, parsed only once the linear checks have passed."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise Unusable(f"message of {len(raw)} bytes is over {MAX_MESSAGE_BYTES}")
    multiparts = len(_BOUNDARY.findall(raw)) + len(_EMBEDDED.findall(raw))
    if multiparts > MAX_MULTIPARTS:
        raise Unusable(f"{multiparts} multipart boundaries, over {MAX_MULTIPARTS}")
    dashes = len(_DASH_LINE.findall(raw))
    if dashes > MAX_DASH_LINES:
        raise Unusable(f"{dashes} lines that may be MIME boundaries, over {MAX_DASH_LINES}")
    fields = _MIME_HEADER.findall(raw)
    if len(fields) > MAX_MIME_HEADERS or any(len(field) > MAX_HEADER_CHARS for field in fields):
        raise Unusable(f"{len(fields)} MIME headers, or one over {MAX_HEADER_CHARS} characters")
    try:
        return email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception as exc:  # the parser is lenient; this is a bug it trips over: never retry
        raise Unusable(f"unparsable message: {type(exc).__name__}") from exc


def sender_of(message: Message) -> str:
    """The one From address, lower case; '' when there is none, several, or an odd one.
    '' never equals an attendee, so such a mail answers for nobody."""
    try:
        fields = [str(field) for field in message.get_all("from") or []]
        if len(fields) != 1 or len(fields[0]) > MAX_HEADER_CHARS:
            return ""
        addresses = getaddresses(fields)
    except Exception:  # a malformed header
        return ""
    if len(addresses) != 1:
        return ""
    address = addresses[0][1].strip().lower()
    return address if "@" in address and _clean(address, MAX_ADDRESS_CHARS) else ""


def replies_in(raw: bytes | Message, now: datetime) -> list[Answer]:
    """Every attendee answer in the mail, each once; `now` stands in for a missing DTSTAMP
    and for one in the future (the reply cannot have been given after it arrived)."""
    message = raw if isinstance(raw, Message) else parse_mail(raw)
    sender = sender_of(message)
    answers: list[Answer] = []
    parts = list(_calendar_parts(message))
    readable = 0
    for payload, charset in parts:
        found = _answers(payload, charset, sender, now)
        if found is None:
            continue
        readable += 1
        for answer in found:
            if answer not in answers:  # the inline part and the attachment say the same
                answers.append(answer)
    if parts and not readable:
        raise Unusable("no calendar part could be read")
    return answers


def _calendar_parts(message: Message):
    leaves = calendars = 0
    for part in message.walk():
        if part.is_multipart():
            continue
        leaves += 1
        if leaves > MAX_PARTS:
            raise Unusable(f"more than {MAX_PARTS} MIME parts")
        filename = (_param(part, "filename", "content-disposition") or _param(part, "name")).strip().lower()
        if part.get_content_type() in CALENDAR_TYPES or filename.endswith(".ics"):
            calendars += 1
            if calendars > MAX_CALENDAR_PARTS:
                raise Unusable(f"more than {MAX_CALENDAR_PARTS} calendar parts")
            payload = part.get_payload(decode=True)
            if payload:
                yield payload, _param(part, "charset")


def _param(part: Message, name: str, header: str = "content-type") -> str:
    """A MIME parameter as sent. get_filename() and get_content_charset() would decode an
    RFC 2231 value with whatever codec the sender names: any of Python's, some quadratic."""
    value = part.get_param(name, header=header)
    if isinstance(value, tuple):  # (charset, language, text): the text is enough here
        value = value[2]
    return value if isinstance(value, str) else ""


def _answers(payload: bytes, charset: str, sender: str, now: datetime) -> list[Answer] | None:
    """The answers in one calendar part; None when it cannot be read at all."""
    if len(payload) > MAX_CALENDAR_BYTES:  # before decoding: its cost grows with the size
        log.info("calendar part of %s bytes ignored (over %s)", len(payload), MAX_CALENDAR_BYTES)
        return None
    data = as_utf8(payload, charset)
    if len(data) > MAX_CALENDAR_BYTES:  # UTF-8 can be longer than the charset it came from
        log.info("calendar part of %s bytes as UTF-8 ignored (over %s)", len(data), MAX_CALENDAR_BYTES)
        return None
    components, attendees = len(_BEGIN.findall(data)), len(_ATTENDEE.findall(data))
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if components > MAX_COMPONENTS or attendees > MAX_ATTENDEES or lines > MAX_CALENDAR_LINES:
        log.info("calendar part with %s components, %s attendees, %s lines ignored", components, attendees, lines)
        return None
    try:
        calendar = icalendar.Calendar.from_ical(data)
        if str(calendar.get("METHOD", "")).upper() != "REPLY":
            return []  # a forwarded invitation or a published calendar, not an answer
        events = calendar.walk("VEVENT")
    except Exception as exc:  # ValueError mostly; hostile input finds other ones too
        log.info("unreadable calendar part ignored: %s", type(exc).__name__)
        return None
    found: list[Answer] = []
    for event in events:
        try:
            found.extend(_event_answers(event, sender, now))
        except Exception as exc:
            log.info("a VEVENT was skipped: %s", str(exc)[:200].encode("unicode_escape").decode())
    return found


def _event_answers(event, sender: str, now: datetime) -> list[Answer]:
    uid = str(event.get("UID", "")).strip()
    if not _clean(uid, MAX_UID_CHARS):
        raise ValueError("no usable UID")
    sequence = _sequence(event.get("SEQUENCE", 0))
    stamp = min(_utc(event.decoded("DTSTAMP")), now) if "DTSTAMP" in event else now
    attendees = event.get("ATTENDEE", [])
    found = []
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        address = str(attendee).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:].strip()
        if not _clean(address, MAX_ADDRESS_CHARS):
            continue
        partstat = str(attendee.params.get("PARTSTAT", "")).upper()[:20]
        found.append(
            Answer(
                uid=uid,
                sequence=sequence,
                attendee=address.lower(),
                partstat=partstat,
                stamp=stamp,
                via="calendar",
                sender=sender,
            )
        )
    return found


def _sequence(value) -> int:
    text = str(value).strip()
    if not (0 < len(text) <= 10 and text.isascii() and text.isdigit()) or int(text) > MAX_SEQUENCE:
        raise ValueError(f"SEQUENCE is no number: {text[:20]!r}")
    return int(text)


def _clean(value: str, limit: int) -> bool:
    return 0 < len(value) <= limit and not _CONTROL.search(value)


def _utc(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise ValueError(f"DTSTAMP is no moment: {str(value)[:40]!r}")
