"""Delivering outbox rows: claim them, compose them, send each with `emails`, record each answer.

The rows one transaction queued come in one message (UnitOfWork.publish_grouped). They
are claimed together in their own committed transaction before sending, so two workers
never send one both; each answer is recorded as soon as it comes, so a worker that dies
leaves at most the mail it was sending 'sending' unrecorded: it is sent again after
CLAIM_TIMEOUT with the same Message-ID (a duplicate a mail client folds, never a loss),
and the group's other claimed rows are sent then for the first time.

Each mail is composed and sent inside a guard of its own: an exception is one failed
attempt of that mail (notifier/attempts.py), the rest of its group goes on.
"""

from __future__ import annotations

import hashlib
import logging
import ssl
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import emails
from emails.backend.smtp import SMTPBackend
from emails.backend.smtp.client import SMTPClientWithResponse, SMTPClientWithResponse_SSL
from sqlalchemy import bindparam, or_, update
from sqlalchemy.exc import DBAPIError

from notifier import bundles
from notifier.attempts import reason_of, record_failure
from notifier.bundle_mail import bundle_items, render_bundle
from notifier.mail_reads import read_for_render
from notifier.render import Dropped, render_mail
from shared.db import execute_alone
from shared.log_context import bind_pop
from shared.models import OutboxMail
from shared.outbox import CRASHED, MAX_ATTEMPTS, RENDER, SEND
from shared.runtime import Runtime

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)


def smtp_options(url: str) -> dict:
    """smtp://user:pass@host:port, smtps:// (implicit TLS), smtp+starttls://; ?cafile=ca.pem
    trusts a private CA. TLS always verifies the certificate and the host name."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps", "smtp+starttls"):
        raise ValueError(f"SMTP_URL must start with smtp://, smtps:// or smtp+starttls://, not {parts.scheme}://")
    options: dict = {"host": parts.hostname or "127.0.0.1", "timeout": 10}
    secure = parts.scheme == "smtps"
    options["port"] = parts.port or (465 if secure else 25)
    if secure:
        options["ssl"] = True
    if parts.scheme == "smtp+starttls":
        options["tls"] = True
    if secure or options.get("tls"):
        options["context"] = ssl.create_default_context(cafile=parse_qs(parts.query).get("cafile", [None])[0])
    if parts.username:
        options["user"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    return options


class _VerifyingClient(SMTPClientWithResponse):
    """STARTTLS with our context: smtplib's default context checks no certificate."""

    def __init__(self, parent, context: ssl.SSLContext | None = None, **kwargs) -> None:
        self._tls_context = context
        super().__init__(parent, **kwargs)

    def starttls(self, *args, **kwargs):
        kwargs.setdefault("context", self._tls_context)
        return super().starttls(*args, **kwargs)


class _VerifyingSSLClient(SMTPClientWithResponse_SSL):
    """Implicit TLS with our context (the `emails` client passes none: no verification)."""

    def __init__(self, context: ssl.SSLContext | None = None, **kwargs) -> None:
        # SMTP_SSL wraps every socket it opens with self.context; none given (smtp_options
        # always gives one): still a verifying one, never smtplib's unverified default.
        self.context = context if context is not None else ssl.create_default_context()
        SMTPClientWithResponse.__init__(self, **kwargs)


class VerifyingSMTPBackend(SMTPBackend):
    connection_cls = _VerifyingClient
    connection_ssl_cls = _VerifyingSSLClient


class SmtpConnections:
    """One SMTP connection per worker thread, reused from mail to mail."""

    def __init__(self, url: str) -> None:
        self.options = smtp_options(url)
        self._local = threading.local()
        self._all: list[VerifyingSMTPBackend] = []
        self._lock = threading.Lock()

    def backend(self) -> VerifyingSMTPBackend:
        backend = getattr(self._local, "backend", None)
        if backend is None:
            backend = self._local.backend = VerifyingSMTPBackend(fail_silently=True, **self.options)
            with self._lock:
                self._all.append(backend)
        return backend

    def close_all(self) -> None:
        """At shutdown, after the worker threads have stopped."""
        with self._lock:
            backends, self._all = self._all, []
        for backend in backends:
            backend.close()

    def reset(self) -> None:
        backend = getattr(self._local, "backend", None)
        if backend is not None:
            backend.close()
            self._local.backend = None
            with self._lock:
                if backend in self._all:
                    self._all.remove(backend)


def message_id_for(mail: OutboxMail, domain: str) -> str:
    """Stable per outbox row: a resend after a crash is recognisably the same mail."""
    digest = hashlib.sha256(mail.dedupe_key.encode()).hexdigest()[:24]
    return f"<popflow.{mail.id}.{digest}@{domain}>"


# Built once (a launch sends tens of thousands of mails; see workflow/facts.py).
_CLAIM = (
    update(OutboxMail)
    .where(
        OutboxMail.id.in_(bindparam("ids", expanding=True)),
        OutboxMail.next_attempt_at <= bindparam("now"),
        or_(
            OutboxMail.status == "pending",
            (OutboxMail.status == "sending") & (OutboxMail.claimed_at < bindparam("stale")),
        ),
    )
    .values(status="sending", claimed_at=bindparam("now"), attempts=OutboxMail.attempts + 1)
    .returning(OutboxMail)
    .execution_options(synchronize_session=False)
)
_SENT = (
    update(OutboxMail)
    .where(OutboxMail.id == bindparam("outbox_id"))
    .values(status="sent", sent_at=bindparam("now"), last_error="", message_id=bindparam("message_id"))
)


def _claim(uow, outbox_ids: list[int], now: datetime, timeout: timedelta = CLAIM_TIMEOUT) -> list[OutboxMail]:
    """Take the rows that are due and that nobody has; the claim holds once this transaction commits."""
    return list(uow.session.scalars(_CLAIM, {"ids": outbox_ids, "now": now, "stale": now - timeout}))


@dataclass
class _Ready:
    outbox_id: int
    pop_id: int | None
    message_id: str
    message: emails.Message
    recipient: tuple[str, str]
    together: tuple[int, ...] = ()  # the other rows of a bundle: sent, or failed, with this one


def deliver(runtime: Runtime, connections: SmtpConnections, outbox_ids: int | list[int]) -> list[str]:
    """Send the outbox mails (one id, or a group queued by one transaction) that are due
    and that nobody else has. Returns what happened to each claimed one. A mail that cannot
    be composed or sent is recorded as a failed attempt; the others go on regardless."""
    ids = [outbox_ids] if isinstance(outbox_ids, int) else list(outbox_ids)
    ready, outcomes = _claim_and_render(runtime, ids)
    for mail in ready:
        bind_pop(mail.pop_id)  # log lines name the POP (the worker's middleware scopes it)
        outcomes.append(_send(runtime, connections, mail))
    if len({mail.pop_id for mail in ready}) > 1:
        bind_pop(None)  # the message's own last line is about no single POP
    return outcomes


def _claim_and_render(runtime: Runtime, ids: list[int]) -> tuple[list[_Ready], list[str]]:
    """The claimed mails ready to send, and the outcomes of those that are not (dropped,
    or failed to render). Claim and render in one transaction: one commit for the group."""
    with runtime.uow() as uow:
        now = runtime.now()
        timeout = timedelta(seconds=runtime.config.claim_timeout_seconds)
        claimed = _claim(uow, ids, now, timeout)
        claimed_ids = [mail.id for mail in claimed]
        # A manager's reminders become one mail (with their others that are due, claimed here).
        groups, waiting = bundles.group(
            uow, claimed, now, lambda more: _claim(uow, more, now, timeout) if more else [], runtime.config.timezone
        )
        group_ids = [[mail.id for mail in rows] for rows in groups]
        all_ids = list(dict.fromkeys(claimed_ids + [i for row_ids in group_ids for i in row_ids]))
        read_for_render(uow, [mail for rows in groups for mail in rows])
        ready, outcomes = [], ["waiting"] * waiting
        for rows, row_ids in zip(groups, group_ids, strict=True):
            mail, outbox_id = rows[0], row_ids[0]
            bind_pop(mail.pop_id)
            if mail.attempts > MAX_ATTEMPTS:
                # Only a stale claim, taken again, counts past the last attempt: the worker
                # died with this mail every time (killed for it?). It stops here, for HR.
                outcomes.append(
                    record_failure(uow, mail, f"{CRASHED} stopped during every attempt", now, runtime.config)
                )
                continue
            try:
                if bundles.bundled(mail):
                    made = _render_bundle(uow, rows, runtime.config, now, outcomes)
                else:
                    made = _render(uow, mail, runtime.config, now)
                    if made is None:
                        outcomes.append("dropped")
            except DBAPIError as error:
                # PostgreSQL aborts the transaction at a failed statement (say, a broken id in
                # the row's data): the claims go back, this mail is recorded on its own, and
                # the others are claimed and rendered again without it. (No row of this
                # session is read after the rollback: that would begin its transaction anew.)
                bad = getattr(error, "popflow_outbox_id", outbox_id)  # a bundle's row names itself
                log.warning("mail %s could not be rendered", bad, exc_info=True)
                uow.rollback()
                outcomes.append(_failed_alone(runtime, bad, reason_of(RENDER, error, runtime.config)))
                others = [other for other in all_ids if other != bad]
                more_ready, more_outcomes = _claim_and_render(runtime, others) if others else ([], [])
                return more_ready, outcomes + more_outcomes
            except Exception as error:  # one mail that cannot be composed holds back no other
                log.warning("mail %s could not be rendered", outbox_id, exc_info=True)
                reason = reason_of(RENDER, error, runtime.config)
                outcomes.append(record_failure(uow, mail, reason, now, runtime.config))
                continue
            if made is not None:
                ready.append(made)
        uow.commit()
    return ready, outcomes


def _render(uow, mail: OutboxMail, config, now: datetime) -> _Ready | None:
    rendered = render_mail(uow, mail, config, now)
    if isinstance(rendered, Dropped):
        mail.status, mail.last_error = "dropped", rendered.reason
        return None
    # The same row always gets the same Message-ID (a pure function of the row), so it is
    # recorded with the answer: a resend after a crash carries it anyway.
    message_id = message_id_for(mail, config.mail_domain)
    return _Ready(mail.id, mail.pop_id, message_id, rendered.build(message_id), rendered.recipient)


def _render_bundle(uow, rows: list[OutboxMail], config, now: datetime, outcomes: list[str]) -> _Ready | None:
    """Each row's outcome when it is not in the mail (dropped, or its failed attempt); the
    mail of those that are: their own mail when only one is left."""
    items = bundle_items(uow, rows, config, now)
    for item in items:
        if item.dropped is not None:
            item.mail.status, item.mail.last_error = "dropped", item.dropped.reason
            outcomes.append("dropped")
        elif item.error is not None:
            log.warning("mail %s could not be rendered", item.mail.id, exc_info=item.error)
            outcomes.append(record_failure(uow, item.mail, reason_of(RENDER, item.error, config), now, config))
    kept = [item for item in items if item.context is not None]
    if len(kept) < 2:
        return _render(uow, kept[0].mail, config, now) if kept else None
    lead = kept[0].mail
    rendered = render_bundle(kept, config)
    message_id = message_id_for(lead, config.mail_domain)
    together = tuple(item.mail.id for item in kept[1:])
    return _Ready(lead.id, lead.pop_id, message_id, rendered.build(message_id), rendered.recipient, together)


def _failed_alone(runtime: Runtime, outbox_id: int, reason: str) -> str:
    """Record a failed render in a transaction of its own (claimed anew: nobody else has it)."""
    with runtime.uow() as uow:
        now = runtime.now()
        claimed = _claim(uow, [outbox_id], now, timedelta(seconds=runtime.config.claim_timeout_seconds))
        if not claimed:
            return "skipped"
        outcome = record_failure(uow, claimed[0], reason, now, runtime.config)
        uow.commit()
    return outcome


def _send(runtime: Runtime, connections: SmtpConnections, mail: _Ready) -> str:
    failure: str | None
    try:
        response = mail.message.send(to=mail.recipient, smtp=connections.backend())
    except Exception as error:
        # An exception, not an answer of the server (an address smtplib cannot write, a part
        # that cannot be written out): an attempt like a refusal, recorded, never left 'sending'.
        log.warning("mail %s could not be sent", mail.outbox_id, exc_info=True)
        response, failure = None, reason_of(SEND, error, runtime.config)
    else:
        failure = None
        if response is not None and response.success:  # the usual case: one UPDATE, no read
            now = runtime.now()
            rows = [{"outbox_id": i, "now": now, "message_id": mail.message_id} for i in _ids_of(mail)]
            execute_alone(runtime.engine, _SENT, rows if len(rows) > 1 else rows[0])
            return "sent"
    with runtime.uow() as uow:
        now = runtime.now()
        for outbox_id in _ids_of(mail):  # a bundle's rows share its answer
            row = uow.session.get_one(OutboxMail, outbox_id)  # claimed: it is there
            row.message_id = mail.message_id
            outcome = (
                _record_answer(uow, row, response, now, runtime.config)
                if failure is None
                else record_failure(uow, row, failure, now, runtime.config)
            )
        uow.commit()
    if outcome != "sent":
        connections.reset()  # a connection that failed a mail may be mid-command
    return outcome


def _ids_of(mail: _Ready) -> tuple[int, ...]:
    return (mail.outbox_id, *mail.together)


def _record_answer(uow, mail: OutboxMail, response, now: datetime, config) -> str:
    if response is not None and response.success:
        mail.status, mail.sent_at, mail.last_error = "sent", now, ""
        return "sent"
    error = getattr(response, "error", None)
    # A refused login (535) comes as an exception before any status: its code counts too.
    code = getattr(response, "status_code", None) or getattr(error, "smtp_code", None)
    reason = f"{code or ''} {error or 'no answer from the SMTP server'}".strip()
    # A permanent refusal (5xx) is failed at once: HR sees it, nobody retries it in a loop.
    return record_failure(uow, mail, reason, now, config, permanent=code is not None and 500 <= code < 600)
