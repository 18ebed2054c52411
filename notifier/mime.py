"""The invitation e-mail in the MIME shape calendar programs expect.

Outlook, Gmail and Apple Mail only show accept/decline buttons when the
text/calendar part sits *inside* multipart/alternative next to the bodies;
the same object is also attached as ``invite.ics`` for clients that only
look at attachments::

    multipart/mixed
      multipart/alternative
        text/plain; charset=utf-8
        text/html; charset=utf-8
        text/calendar; method=REQUEST; charset=utf-8
      application/ics; name="invite.ics"  (attachment, same bytes)

``emails`` has no way to put a part into multipart/alternative: it builds
mixed > related > alternative (text, html) with the attachments at the top level.
``InviteMessage.build_message`` takes that tree (the library's own, public
``build_message``) and, with the standard library's ``Message`` API, adds the
calendar to the alternative and drops the related layer, empty but for it. ``as_bytes``
(what the SMTP backend sends) writes the tree with ``mime_flatten``: the same bytes
as the standard library's generator, at a fraction of its CPU (decision 12).
"""

from __future__ import annotations

import re
from email.header import Header
from email.message import Message
from email.mime.text import MIMEText
from email.utils import getaddresses
from typing import Any, cast

import emails
from emails.utils import SafeMIMEMultipart

from notifier.mime_flatten import flatten
from shared.safe_text import SUBJECT_LIMIT, refused_character, single_line

__all__ = ["InviteMessage", "build_message", "one_mailbox", "ATTACHMENT_NAME", "AUTOMATIC"]

ATTACHMENT_NAME = "invite.ics"
# Every mail is sent by the system, not typed by a person (RFC 3834): auto-responders and
# Exchange's out-of-office stay quiet, so no flood of "I am away" notes reaches the sender.
AUTOMATIC = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF, AutoReply"}
_METHOD = re.compile(r"^[A-Z][A-Z-]*$")  # iTIP method token, e.g. REQUEST, CANCEL
_MESSAGE_ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")


class InviteMessage(emails.Message):
    """``emails.Message`` with an optional iTIP part inside multipart/alternative."""

    def __init__(self, *, calendar: bytes | None = None, calendar_method: str = "REQUEST", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.calendar = calendar
        self.calendar_method = calendar_method.upper()
        if calendar is not None:
            # Regular attachment via the library: base64, name= and filename= params.
            self.attach(
                data=calendar,
                filename=ATTACHMENT_NAME,
                mime_type="application/ics",
                content_disposition="attachment",
            )

    def _calendar_part(self, calendar: bytes) -> MIMEText:
        # charset utf-8 makes the part base64 (the standard library's choice for utf-8),
        # so the CRLF line endings and folded lines reach the client unchanged.
        part = MIMEText(calendar.decode("utf-8"), "calendar", "utf-8")
        # Unquoted like Gmail sends it; the value is validated as a token.
        part.set_param("method", self.calendar_method, requote=False)
        return part

    def build_message(self, message_cls: type | None = None) -> SafeMIMEMultipart:
        msg = super().build_message(message_cls)
        # cast: a multipart's payload is the list of its parts; typeshed's get_payload is
        # typed for any message (a text, a message or a list).
        related, *attachments = cast(list[Message], msg.get_payload())
        inner = cast(list[Message], related.get_payload())  # we have no inline images: the alternative alone
        if (
            related.get_content_type() != "multipart/related"
            or len(inner) != 1
            or inner[0].get_content_type() != "multipart/alternative"
        ):
            raise RuntimeError("emails built another tree than mixed > related > alternative")
        alternative = inner[0]
        if self.calendar is not None:
            # Plain, html, calendar (Gmail's order): calendar-aware clients take the
            # iTIP part; others show the last body they can render, the html.
            alternative.attach(self._calendar_part(self.calendar))
        msg.set_payload([alternative, *attachments])
        return msg

    def encode_address_header(self, pair: tuple[str | None, str | None] | None) -> str | None:
        """From, To and Reply-To, however they were set (delivery passes the recipient to ``send(to=...)``
        again): the name on one line, as typed; an address is never changed (that would be
        someone else's), so one with a control character is refused."""
        if not pair:
            return None
        name, address = pair
        if refused_character(address or ""):
            raise ValueError(f"e-mail address with a control character: {address!r}")
        if address and not one_mailbox(address):
            raise ValueError(f"e-mail address that is not one mailbox: {address!r}")
        return super().encode_address_header((_literal(single_line(name)), address))

    def as_bytes(self, message_cls: type | None = None) -> bytes:
        """What ``send`` puts on the wire (the SMTP backend calls ``as_bytes()``): the
        library's tree (``as_message``: signed, if a signer is set), written by
        ``mime_flatten`` instead of the slower generator."""
        return flatten(self.as_message(message_cls))


def build_message(
    *,
    subject: str,
    text: str,
    html: str,
    mail_from: tuple[str, str],
    mail_to: tuple[str, str],
    message_id: str,
    reply_to: tuple[str, str] | None = None,
    calendar: bytes | None = None,
    calendar_method: str = "REQUEST",
    headers: dict[str, str] | None = None,
    language: str = "nl",
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> InviteMessage:
    """Build the invitation mail.

    ``mail_from``/``mail_to`` are ``(name, address)``. ``message_id`` is the full
    ``<...@domain>`` value; emails sets no Message-ID unless given one, and we
    need a known one to thread replies. ``reply_to`` (name, address): where a reply in words
    goes; the library writes it with ``encode_address_header``, as it writes From and To.
    Send with ``message.send(smtp=backend)``.
    """
    if not _MESSAGE_ID.match(message_id):
        raise ValueError(f"message_id must look like '<local@domain>', got {message_id!r}")
    method = calendar_method.upper()
    if not _METHOD.match(method):
        raise ValueError(f"invalid calendar method {calendar_method!r}")
    # The last place before the headers: a line break would end the header (or make emails
    # refuse the mail), a control character would travel as it is. Names: encode_address_header.
    subject = _literal(single_line(subject, SUBJECT_LIMIT))

    all_headers = {"Content-Language": language, **AUTOMATIC}
    all_headers.update(headers or {})
    message = InviteMessage(
        subject=subject,
        text=text,
        html=html,
        mail_from=mail_from,
        mail_to=mail_to,
        reply_to=reply_to,
        message_id=message_id,
        headers=all_headers,
        charset="utf-8",
        calendar=calendar,
        calendar_method=method,
    )
    for filename, data, mimetype in attachments or ():  # (name, bytes, type): the signed plan's PDF
        message.attach(filename=filename, data=data, content_disposition="attachment", mime_type=mimetype)
    return message


def one_mailbox(address: str) -> bool:
    """ "ceo,jan@…" is two mailboxes, "Jan <jan@…>" a name: neither is one address as stored."""
    return not refused_character(address) and getaddresses([address]) == [("", address)]


def _literal(text: str) -> str:
    """Text a mail program shows as it is. A text that looks like an RFC 2047 encoded word
    ("=?utf-8?q?...?=") would be decoded into something else: such a text is encoded itself
    (its encoded words side by side on one line: the header is folded when it is written)."""
    if "=?" not in text:
        return text
    return Header(text, "utf-8").encode(linesep="")
