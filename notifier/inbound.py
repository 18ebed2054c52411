"""Calendar replies coming back: an SMTP/LMTP listener and an IMAP poller.

Both hand each message to `receive`, which records the answers in one transaction.
Nothing is lost when the database is away: the listener then answers 451 so the mail
server delivers again later, and the poller leaves the message unread for the next
round. A message that holds no usable answer is logged and let go.
"""
from __future__ import annotations

import asyncio
import imaplib
import logging
import ssl
import threading
from urllib.parse import parse_qs, unquote, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP

from notifier.replies import replies_in
from shared.rsvp import record_answer
from shared.runtime import Runtime

log = logging.getLogger(__name__)


def receive(runtime: Runtime, raw: bytes) -> list[str]:
    """Record every answer in one mail; returns the outcome of each (see shared.rsvp)."""
    now = runtime.now()
    answers = replies_in(raw, now)
    if not answers:
        log.info("a message without a calendar reply was ignored")
        return []
    with runtime.uow() as uow:
        outcomes = [record_answer(uow, now, answer) for answer in answers]
        uow.commit()
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
    controller = kind(ReplyHandler(runtime), hostname=host, port=port, ready_timeout=10)
    controller.start()
    log.info("listening for calendar replies (%s) on %s:%s", "LMTP" if lmtp else "SMTP", host, port)
    return controller


def imap_connect(url: str) -> tuple[imaplib.IMAP4, str]:
    """imap://user:pass@host:port/Folder, imaps:// (implicit TLS), imap+starttls://; ?cafile=ca.pem."""
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
    """Read every unread message of the folder; mark it read once handled. Returns how many."""
    client, folder = imap_connect(url)
    handled = 0
    try:
        status, _ = client.select(folder)
        if status != "OK":
            raise RuntimeError(f"IMAP folder {folder!r} cannot be opened")
        _, found = client.uid("SEARCH", None, "UNSEEN")
        for uid in (found[0] or b"").split():
            _, data = client.uid("FETCH", uid, "(BODY.PEEK[])")  # PEEK: unread until handled
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            if raw is None:
                continue
            receive(runtime, raw)  # raises when the database is away: the mail stays unread
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            handled += 1
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return handled


def poll_imap(runtime: Runtime, url: str, interval: float, stop: threading.Event) -> None:
    """Poll until `stop` is set; a failing round is logged and tried again next interval."""
    while not stop.is_set():
        try:
            poll_imap_once(runtime, url)
        except Exception:
            log.exception("IMAP poll failed; trying again in %s s", interval)
        stop.wait(interval)
