"""Calendar replies coming back: an SMTP/LMTP listener and an IMAP poller.

Both hand each message to `receive`, which records the answers in one transaction.
One bad message never holds up the ones after it:
- a message that can never give an answer (over a cap, unreadable: `Unusable`) is
  logged and set aside: the listener answers 5xx, so the sending server stops trying
  (and tells the sender); the poller flags it and, if asked, moves it to another folder.
- a message that may work later (the database is away) is kept: the listener answers
  451 so the mail server delivers again later, the poller leaves it unread.
- a message without a calendar reply, or one whose answer does not fit (not an
  attendee, not authenticated, an older time), is accepted, logged and let go.
"""

from __future__ import annotations

import asyncio
import imaplib
import logging
import re
import ssl
import threading
from urllib.parse import parse_qs, unquote, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from sqlalchemy import exc as db_errors

from notifier.authenticity import AuthPolicy, unauthenticated
from notifier.replies import MAX_MESSAGE_BYTES, Unusable, parse_mail, replies_in, sender_of
from shared.rsvp import record_answer
from shared.runtime import Runtime

log = logging.getLogger(__name__)

# Errors after which trying the same message again later can work.
RETRYABLE = (
    db_errors.OperationalError,
    db_errors.InterfaceError,
    db_errors.IntegrityError,
    db_errors.TimeoutError,
    OSError,
)


def receive(runtime: Runtime, raw: bytes) -> list[str]:
    """Record every answer in one mail; returns the outcome of each (see shared.rsvp).
    Raises Unusable for a mail that will never work, RETRYABLE errors for one that may."""
    now = runtime.now()
    try:
        message = parse_mail(raw)
        answers = replies_in(message, now)
        refused = answers and unauthenticated(message, sender_of(message), AuthPolicy.of(runtime.config))
    except Unusable:
        raise
    except Exception as exc:  # reading depends on the bytes only: the same mail fails again
        raise Unusable(f"unreadable: {type(exc).__name__}") from exc
    if not answers:
        log.info("a message without a calendar reply was ignored")
        return []
    if refused:
        return [refused] * len(answers)
    try:
        with runtime.uow() as uow:
            outcomes = [record_answer(uow, now, answer) for answer in answers]
            uow.commit()
    except RETRYABLE:
        raise
    except Exception as exc:  # the data itself is refused (DataError, say): it always will be
        raise Unusable(f"not recordable: {type(exc).__name__}") from exc
    log.info("calendar reply: %s", ", ".join(outcomes))
    return outcomes


class ReplyHandler:
    """aiosmtpd handler: every recipient is the organizer mailbox (the mail server routes here)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.outcomes: list[str] = []  # the most recent ones, for the log and the tests

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        raw = envelope.original_content or envelope.content
        try:
            outcomes = await asyncio.get_running_loop().run_in_executor(None, receive, self.runtime, raw)
        except Unusable as refused:  # never going to work: the sending server bounces it
            log.warning("a message was refused and set aside: %s", refused)
            self.outcomes = (self.outcomes + ["unusable"])[-100:]
            status = "554 5.6.0 Not a usable calendar reply; it will not be read"
        except Exception:  # the database is away, say: the sending server keeps the mail and retries
            log.exception("could not record a reply; asked the sender to try again")
            status = "451 4.3.0 Reply not recorded now; please try again later"
        else:
            self.outcomes = (self.outcomes + outcomes)[-100:]
            status = "250 2.0.0 Reply received"
        # LMTP answers once per recipient (RFC 2033 §4.2), SMTP once.
        return "\r\n".join([status] * len(envelope.rcpt_tos)) if isinstance(server, LMTP) else status


class LmtpController(Controller):
    def factory(self):
        return LMTP(self.handler, **self.SMTP_kwargs)


def start_listener(runtime: Runtime, host: str, port: int, lmtp: bool = False) -> Controller:
    """Listen in a thread (stop with .stop()); `popflow inbound` keeps it running."""
    kind = LmtpController if lmtp else Controller
    # data_size_limit: a bigger mail is refused with 552 while it streams in, never read.
    controller = kind(
        ReplyHandler(runtime), hostname=host, port=port, ready_timeout=10, data_size_limit=MAX_MESSAGE_BYTES
    )
    controller.start()
    log.info("listening for calendar replies (%s) on %s:%s", "LMTP" if lmtp else "SMTP", host, port)
    return controller


def imap_connect(url: str) -> tuple[imaplib.IMAP4, str]:
    """imap://user:pass@host:port/Folder, imaps:// (implicit TLS), imap+starttls://; ?cafile=ca.pem
    (&setaside=Folder: see poll_imap_once)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    context = ssl.create_default_context(cafile=query.get("cafile", [None])[0])
    host = parts.hostname or "127.0.0.1"
    if parts.scheme == "imaps":
        client: imaplib.IMAP4 = imaplib.IMAP4_SSL(host, parts.port or 993, ssl_context=context, timeout=30)
    elif parts.scheme in ("imap", "imap+starttls"):
        client = imaplib.IMAP4(host, parts.port or 143, timeout=30)
        if parts.scheme == "imap+starttls":
            client.starttls(ssl_context=context)
    else:
        raise ValueError(f"not an IMAP URL: {parts.scheme}://")
    client.login(unquote(parts.username or ""), unquote(parts.password or ""))
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return client, folder


def poll_imap_once(runtime: Runtime, url: str) -> int:
    """Read every unread message of the folder; mark it read once handled. Returns how many.

    A message that can never be used is set aside: marked read and flagged (with the
    keyword $PopflowUnusable where the server allows it), and moved to the folder named by
    ?setaside=Folder when the server can MOVE (RFC 6851); so it is not read again forever.
    """
    client, folder = imap_connect(url)
    setaside = parse_qs(urlsplit(url).query).get("setaside", [None])[0]
    handled = 0
    try:
        status, _ = client.select(folder)
        if status != "OK":
            raise RuntimeError(f"IMAP folder {folder!r} cannot be opened")
        _, found = client.uid("SEARCH", "UNSEEN")
        for uid in (found[0] or b"").decode("ascii").split():  # UIDs are digits; imaplib sends str as ASCII
            size = _size(client, uid)
            if size is not None and size > MAX_MESSAGE_BYTES:
                _set_aside(client, uid, setaside, f"message of {size} bytes is over {MAX_MESSAGE_BYTES}")
                handled += 1
                continue
            _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")  # PEEK: unread until handled
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            if raw is None:
                continue
            try:
                receive(runtime, raw)  # raises when the database is away: the mail stays unread
            except Unusable as refused:
                _set_aside(client, uid, setaside, str(refused))
            else:
                client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            handled += 1
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return handled


_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def _size(client: imaplib.IMAP4, uid: str) -> int | None:
    _, data = client.uid("FETCH", uid, "(RFC822.SIZE)")
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        match = _SIZE.search(line or b"")
        if match:
            return int(match.group(1))
    return None


def _set_aside(client: imaplib.IMAP4, uid: str, folder: str | None, reason: str) -> None:
    log.warning("IMAP message %s set aside: %s", uid, reason)
    client.uid("STORE", uid, "+FLAGS", "(\\Seen \\Flagged)")
    try:
        client.uid("STORE", uid, "+FLAGS", "($PopflowUnusable)")
    except imaplib.IMAP4.error:  # a server without keywords: the Flagged flag says enough
        pass
    if folder:
        if _can_move(client):
            client.uid("MOVE", uid, '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"')
        else:
            log.warning("the IMAP server cannot MOVE; message %s stays flagged in place", uid)


def _can_move(client: imaplib.IMAP4) -> bool:
    """Asked after login: servers tell more then than in their greeting."""
    _, data = client.capability()
    return any(b"MOVE" in (line or b"").upper().split() for line in data)


def poll_imap(runtime: Runtime, url: str, interval: float, stop: threading.Event) -> None:
    """Poll until `stop` is set; a failing round is logged and tried again next interval."""
    while not stop.is_set():
        try:
            poll_imap_once(runtime, url)
        except Exception:
            log.exception("IMAP poll failed; trying again in %s s", interval)
        stop.wait(interval)
