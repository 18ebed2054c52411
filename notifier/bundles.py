"""A manager's reminders in one mail a day at most (issue 19; docs/mail-budget.md).

The workflow still queues each reminder as a row of its own POP (its dedupe key, its window),
marked BUNDLE when it goes to the manager. The bundle is formed here, when such a row is
claimed: under a lock on the manager, every other due reminder row of theirs is claimed with
it and the lot goes out as one mail. A reminder whose day already had its mail waits for the
next morning's (MORNING), where it goes with whatever else waits; one whose window has
closed by then is dropped, as the tick drops a stale reminder (workflow/rules.py).
A rehearsal's reminders (REHEARSED) never wait: a rehearsal runs days of a round in one real
day, and its mails are wanted now (with the manager's others that are due), not tomorrow.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.models import OutboxMail, Person
from shared.outbox import BUNDLE, MAX_ATTEMPTS, REHEARSED

MORNING = time(8, 0)  # when a reminder that waited for the next day goes out, in the reader's time
WINDOW_CLOSED = "reminder window closed before its bundle"


def bundled(mail: OutboxMail) -> bool:
    return bool(mail.data.get(BUNDLE))


def day_start(now: datetime, tz: str) -> datetime:
    local = now.astimezone(ZoneInfo(tz))
    return datetime.combine(local.date(), time(0, 0), ZoneInfo(tz))


def next_morning(now: datetime, tz: str) -> datetime:
    return datetime.combine(day_start(now, tz).date() + timedelta(days=1), MORNING, ZoneInfo(tz))


def window_closed(mail: OutboxMail, now: datetime) -> bool:
    until = mail.data.get("until")
    return isinstance(until, str) and datetime.fromisoformat(until) <= now


def group(
    uow, claimed: list[OutboxMail], now: datetime, claim: Callable[[list[int]], list[OutboxMail]], default_tz: str
) -> tuple[list[list[OutboxMail]], int]:
    """The claimed rows as the mails they make, in order: one row each, but a manager's
    reminders together (with their other due ones, claimed here). Returns the mails and how
    many rows were put back to wait for tomorrow's bundle."""
    mails: list[list[OutboxMail]] = []
    bundles: dict[int, list[OutboxMail]] = {}
    for mail in claimed:
        # A row past its last attempt goes alone: deliver records it as stopped.
        if not bundled(mail) or mail.attempts > MAX_ATTEMPTS:
            mails.append([mail])
        elif mail.recipient_id in bundles:
            bundles[mail.recipient_id].append(mail)
        else:
            bundles[mail.recipient_id] = [mail]
            mails.append(bundles[mail.recipient_id])
    waiting = 0
    for recipient_id, rows in bundles.items():
        tz = _lock_recipient(uow, recipient_id) or default_tz
        rehearsed = any(REHEARSED in row.data for row in rows)
        if not rehearsed and _had_its_mail_today(uow, recipient_id, rows, now, tz):
            for row in rows:
                _wait_for_tomorrow(row, now, tz)
            waiting += len(rows)
            rows.clear()
        else:
            rows += claim(_other_due_rows(uow, recipient_id, rows, now))
    return [rows for rows in mails if rows], waiting


def _lock_recipient(uow, recipient_id: int) -> str | None:
    """Two workers forming one manager's bundle at once take turns here (on PostgreSQL; SQLite
    has one writer anyway). The lock is taken after the claim and the gathering below skips
    locked rows, so no worker waits on another's rows while it holds it."""
    return uow.session.scalar(select(Person.timezone).where(Person.id == recipient_id).with_for_update())


def _had_its_mail_today(uow, recipient_id: int, rows: list[OutboxMail], now: datetime, tz: str) -> bool:
    """A bundle claimed today (sending or sent) other than these rows. A resend after a crash
    is these very rows, or a claim from before today: the same mail, not a second one."""
    today = uow.session.scalars(
        select(OutboxMail).where(
            OutboxMail.recipient_id == recipient_id,
            OutboxMail.kind.in_(REMINDER_KINDS),
            OutboxMail.status.in_(("sending", "sent")),
            OutboxMail.claimed_at >= day_start(now, tz),
            OutboxMail.id.not_in([row.id for row in rows]),
        )
    ).all()
    return any(bundled(row) for row in today)


def _other_due_rows(uow, recipient_id: int, rows: list[OutboxMail], now: datetime) -> list[int]:
    candidates = uow.session.scalars(
        select(OutboxMail)
        .where(
            OutboxMail.recipient_id == recipient_id,
            OutboxMail.kind.in_(REMINDER_KINDS),
            OutboxMail.status == "pending",
            OutboxMail.next_attempt_at <= now,
            OutboxMail.id.not_in([row.id for row in rows]),
        )
        .order_by(OutboxMail.id)
        .with_for_update(skip_locked=True)
    ).all()
    return [row.id for row in candidates if bundled(row)]


def _wait_for_tomorrow(row: OutboxMail, now: datetime, tz: str) -> None:
    """Back to pending, this claim not counted as an attempt; the tick publishes it when due."""
    row.status, row.claimed_at, row.published_at = "pending", None, None
    row.attempts -= 1
    row.next_attempt_at = next_morning(now, tz)


REMINDER_KINDS = ("prepare_reminder", "sign_reminder", "due_reminder", "review_reminder")
