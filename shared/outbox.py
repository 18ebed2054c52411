"""Adding e-mails to the outbox, at most once per dedupe key."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from functools import cache

from sqlalchemy.dialects import postgresql, sqlite

from shared.db import UnitOfWork, rows_held
from shared.models import OutboxMail
from shared.rows_at_once import insert_rows

DELIVER = "notify.deliver"
# Tries of one mail before it is 'failed' (HR can resend it): with notifier.attempts.backoff
# doubling from MAIL_RETRY_SECONDS (30 by default) up to an hour, about six hours of trouble.
MAX_ATTEMPTS = 12
# The prefixes of last_error that say where a mail failed: the notifier writes them
# (notifier/attempts.py), intake/failed_mails.py words them for HR.
RENDER, SEND, CRASHED = "render:", "send:", "worker:"
# In a row's data: a manager's reminder, sent with their others of the day (notifier/bundles.py).
BUNDLE = "bundle"
# In a row's data: the moment a rehearsal (`popflow tick --once --now`) applied the rules at.
# The row itself is dated at the real time: due now, and never held for a bundle.
REHEARSED = "rehearsed_at"
_INSERT: dict[str, Callable[..., postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


@cache
def _insert_statement(dialect: str):
    """Built once: a launch queues tens of thousands of mails, and building the statement
    (and its cache key) anew each time cost more than sending it."""
    return _INSERT[dialect](OutboxMail).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(OutboxMail.id)


def dedupe_key(pop_id: int | None, kind: str, recipient_id: int, sequence: int | str = 0) -> str:
    return f"{pop_id}:{kind}:{recipient_id}:{sequence}"


def add_mail(
    uow: UnitOfWork,
    now: datetime,
    *,
    pop_id: int | None,
    kind: str,
    recipient_id: int,
    sequence: int | str = 0,
    data: dict | None = None,
    key: str | None = None,
) -> int | None:
    """Queue one e-mail and return its outbox id; None when that very mail was queued before.
    `key`: a dedupe key of its own, for a mail about more than its POP (a planning reminder).

    One INSERT … ON CONFLICT DO NOTHING: no read first, and two transactions adding the
    same mail at once cannot both write it (the second waits for the first, then skips).
    """
    key = key or dedupe_key(pop_id, kind, recipient_id, sequence)
    data = data or {}
    at = now
    if uow.wall_clock is not None:  # a rehearsal: the rules ran as at `now`, the mail leaves today
        at, data = uow.wall_clock, {**data, REHEARSED: now.isoformat()}
    if key in uow.mail_keys:  # queued earlier in this very transaction (a second pass of the same rule)
        return None
    uow.mail_keys.add(key)
    row = dict(
        dedupe_key=key,
        pop_id=pop_id,
        kind=kind,
        recipient_id=recipient_id,
        data=data,
        status="pending",
        attempts=0,
        created_at=at,
        next_attempt_at=at,
        # A rehearsal sends its mails itself: that is their nudge (the tick republishes a stale one).
        published_at=at if uow.publishes or uow.wall_clock is not None else None,
        message_id="",
        last_error="",
    )
    if uow.deferred_mails is not None:
        uow.deferred_mails.append(row)  # written by mails_in_one_statement; no id yet
        return None
    # No autoflush: the caller's pending changes (a POP's new state, say) are not needed by
    # this INSERT and go out in the caller's one flush, instead of one UPDATE per mail.
    with uow.session.no_autoflush:
        outbox_id = uow.session.scalar(_insert_statement(uow.session.get_bind().dialect.name), row)
    if outbox_id is not None:
        uow.publish_grouped(DELIVER, outbox_id)
    return outbox_id


def mails_in_one_statement(uow: UnitOfWork) -> AbstractContextManager[None]:
    """The mails add_mail queues inside are written together when the block ends (or
    earlier, by write_deferred_mails): one INSERT for a group of POPs, not one per mail.
    add_mail returns None inside: nobody there needs the id."""
    return rows_held(uow, "deferred_mails", write_deferred_mails)


def write_deferred_mails(uow: UnitOfWork) -> None:
    """Write what mails_in_one_statement holds so far (before a statement that must see
    them, such as dropping a cancelled POP's pending mail), each published after commit."""
    rows = uow.deferred_mails
    if not rows:
        return
    uow.deferred_mails = []
    # The rows that already existed are not returned; the ids are matched by dedupe key.
    written = {
        key: outbox_id
        for outbox_id, key in insert_rows(
            uow.session, OutboxMail.__table__, rows, skip_same="dedupe_key", returning=("id", "dedupe_key")
        )
    }
    for row in rows:  # in the order they were queued
        if row["dedupe_key"] in written:
            uow.publish_grouped(DELIVER, written[row["dedupe_key"]])
