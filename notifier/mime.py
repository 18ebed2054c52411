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

``emails.Message.build_message`` cannot produce this: it puts every
attachment in multipart/related or at the top level. So ``InviteMessage``
overrides ``build_message`` and reuses the library's header/body helpers, and
``as_bytes`` (what the SMTP backend sends) writes the tree with ``mime_flatten``.
"""

from __future__ import annotations

import re
from email.header import Header
from email.utils import getaddresses
from typing import Any

import emails
from emails.utils import SafeMIMEMultipart, SafeMIMEText

from notifier.mime_flatten import flatten
from shared.safe_text import SUBJECT_LIMIT, refused_character, single_line

__all__ = ["InviteMessage", "build_message", "ATTACHMENT_NAME"]

ATTACHMENT_NAME = "invite.ics"
_METHOD = re.compile(r"^[A-Z][A-Z-]*$")  # iTIP method token, e.g. REQUEST, CANCEL
_MESSAGE_ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")


class InviteMessage(emails.Message):
    """``emails.Message`` with an optional iTIP part inside multipart/alternative."""

    def __init__(
        self, *, calendar: bytes | None = None, calendar_method: str = "REQUEST", **kwargs: Any
    ) -> None:
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

    def _build_calendar_part(self) -> SafeMIMEText | None:
        if self.calendar is None:
            return None
        # charset utf-8 makes the part base64 (emails registers utf-8 that way),
        # so the CRLF line endings and folded lines reach the client unchanged.
        part = SafeMIMEText(self.calendar.decode("utf-8"), "calendar", charset="utf-8")
        # Unquoted like Gmail sends it; the value is validated as a token.
        part.set_param("method", self.calendar_method, requote=False)
        return part

    def build_message(self, message_cls: type | None = None) -> SafeMIMEMultipart:
        if self.before_build:
            self.before_build(self)

        msg = self._build_root_message(message_cls)  # multipart/mixed + headers

        alt = SafeMIMEMultipart("alternative")
        msg.attach(alt)
        parts = [self._build_text_part(), self._build_html_part(), self._build_calendar_part()]
        if parts[0] is None and parts[1] is None:
            raise ValueError("Message must contain 'html' or 'text'")
        # Plain, html, calendar (Gmail's order): calendar-aware clients take the
        # iTIP part; others show the last body they can render, the html.
        for part in parts:
            if part is not None:
                alt.attach(part)

        # All attachments (we have no inline images) go at the top level.
        for f in self.attachments:
            mime_part = f.mime
            if mime_part is not None:
                msg.attach(mime_part)

        if self.after_build:
            self.after_build(self, msg)
        return msg

    _build_message = build_message  # keep the library's alias pointing at our version

    def encode_address_header(self, pair: tuple[str | None, str | None] | None) -> str | None:
        """From and To, however they were set (delivery passes the recipient to ``send(to=...)``
        again): the name on one line, as typed; an address is never changed (that would be
        someone else's), so one with a control character is refused."""
        if not pair:
            return None
        name, address = pair
        if refused_character(address or ""):
            raise ValueError(f"e-mail address with a control character: {address!r}")
        if address and getaddresses([address]) != [("", address)]:  # "ceo,jan@…": two mailboxes, or a name
            raise ValueError(f"e-mail address that is not one mailbox: {address!r}")
        return super().encode_address_header((_literal(single_line(name)), address))

    def as_bytes(self, message_cls: type | None = None) -> bytes:
        """What ``send`` puts on the wire (the SMTP backend calls ``as_bytes()``): the
        library's bytes, written by ``mime_flatten`` instead of the slower generator."""
        if self._signer is not None or message_cls is not None:
            return super().as_bytes(message_cls)
        return flatten(self.build_message())


def build_message(
    *,
    subject: str,
    text: str,
    html: str,
    mail_from: tuple[str, str],
    mail_to: tuple[str, str],
    message_id: str,
    calendar: bytes | None = None,
    calendar_method: str = "REQUEST",
    headers: dict[str, str] | None = None,
    language: str = "nl",
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> InviteMessage:
    """Build the invitation mail.

    ``mail_from``/``mail_to`` are ``(name, address)``. ``message_id`` is the full
    ``<...@domain>`` value; emails sets no Message-ID unless given one, and we
    need a known one to thread replies. Send with ``message.send(smtp=backend)``.
    """
    if not _MESSAGE_ID.match(message_id):
        raise ValueError(f"message_id must look like '<local@domain>', got {message_id!r}")
    method = calendar_method.upper()
    if not _METHOD.match(method):
        raise ValueError(f"invalid calendar method {calendar_method!r}")
    # The last place before the headers: a line break would end the header (or make emails
    # refuse the mail), a control character would travel as it is. Names: encode_address_header.
    subject = _literal(single_line(subject, SUBJECT_LIMIT))

    all_headers = {"Content-Language": language}
    all_headers.update(headers or {})
    message = InviteMessage(
        subject=subject,
        text=text,
        html=html,
        mail_from=mail_from,
        mail_to=mail_to,
        message_id=message_id,
        headers=all_headers,
        charset="utf-8",
        calendar=calendar,
        calendar_method=method,
    )
    for filename, data, mimetype in attachments or ():  # (name, bytes, type): the signed plan's PDF
        message.attach(filename=filename, data=data, content_disposition="attachment", mime_type=mimetype)
    return message


def _literal(text: str) -> str:
    """Text a mail program shows as it is. A text that looks like an RFC 2047 encoded word
    ("=?utf-8?q?...?=") would be decoded into something else: such a text is encoded itself
    (its encoded words side by side on one line: the header is folded when it is written)."""
    if "=?" not in text:
        return text
    return Header(text, "utf-8").encode(linesep="")
