"""What a failed attempt leaves on its outbox row: a short reason, the next try, or 'failed'.

Every way a mail can fail (the SMTP server's answer, an exception while composing it, an
exception while sending it) ends here, so that each one counts as an attempt, waits its
backoff, and after MAX_ATTEMPTS stops as 'failed' for HR to see and resend.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from urllib.parse import unquote, urlsplit

from shared.config import Config
from shared.models import OutboxMail
from shared.outbox import DELIVER, MAX_ATTEMPTS

log = logging.getLogger(__name__)

_REASON_LENGTH = 300


def backoff(attempts: int, first_seconds: float) -> timedelta:
    """The wait after the attempts-th failed attempt: first_seconds (MAIL_RETRY_SECONDS),
    doubling with each attempt, never more than an hour."""
    return timedelta(seconds=min(first_seconds * 2 ** max(attempts - 1, 0), 3600))


def reason_of(where: str, error: BaseException, config: Config) -> str:
    """ "render: ValueError: …" on one short line: the kind of error and its message, without
    the SMTP password or the secret key should an exception ever quote them."""
    text = re.sub(r"\s+", " ", f"{type(error).__name__}: {error}").strip()
    for secret in _secrets(config):
        text = text.replace(secret, "***")
    return f"{where} {text}"[:_REASON_LENGTH]


def _secrets(config: Config) -> list[str]:
    password = urlsplit(config.smtp_url).password
    return [s for s in (config.secret_key, password and unquote(password), password) if s and len(s) >= 4]


def record_failure(uow, mail: OutboxMail, reason: str, now: datetime, config: Config, permanent: bool = False) -> str:
    """The attempt (already counted by the claim) failed: again after its backoff, or
    'failed' for good when it was the last one or the failure is permanent (a 5xx answer).
    Never leaves the row 'sending'. Returns "retry" or "failed". A retry is published at
    the moment of the failure, so published_at says when this attempt failed."""
    mail.last_error = reason[:2000]
    if permanent or mail.attempts >= MAX_ATTEMPTS:
        # HR sees it and can resend it once the cause is fixed; nobody retries it in a loop.
        mail.status = "failed"
        log.warning("mail %s failed after %s attempts: %s", mail.id, mail.attempts, mail.last_error)
        return "failed"
    mail.status = "pending"
    delay = backoff(mail.attempts, config.mail_retry_seconds)
    mail.next_attempt_at = now + delay
    mail.published_at = now
    uow.publish(DELIVER, mail.id, delay_ms=int(delay.total_seconds() * 1000))
    log.info("mail %s not sent (%s); retry in %s", mail.id, mail.last_error, delay)
    return "retry"
