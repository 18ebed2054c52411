"""Adding e-mails to the outbox, at most once per dedupe key."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from shared.db import UnitOfWork
from shared.models import OutboxMail

DELIVER = "notify.deliver"
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def dedupe_key(pop_id: int | None, kind: str, recipient_id: int, sequence: int | str = 0) -> str:
    return f"{pop_id}:{kind}:{recipient_id}:{sequence}"


def add_mail(
    uow: UnitOfWork, now: datetime, *, pop_id: int | None, kind: str, recipient_id: int,
    sequence: int | str = 0, data: dict | None = None,
) -> int | None:
    """Queue one e-mail and return its outbox id; None when that very mail was queued before.

    One INSERT … ON CONFLICT DO NOTHING: no read first, and two transactions adding the
    same mail at once cannot both write it (the second waits for the first, then skips).
    """
    key = dedupe_key(pop_id, kind, recipient_id, sequence)
    if key in uow.mail_keys:  # queued earlier in this very transaction (a second pass of the same rule)
        return None
    uow.mail_keys.add(key)
    insert = _INSERT[uow.session.get_bind().dialect.name]
    outbox_id = uow.session.scalar(
        insert(OutboxMail)
        .values(dedupe_key=key, pop_id=pop_id, kind=kind,
                recipient_id=recipient_id, data=data or {}, status="pending", attempts=0,
                created_at=now, next_attempt_at=now, published_at=now if uow.publishes else None,
                message_id="", last_error="")
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMail.id))
    if outbox_id is not None:
        uow.publish(DELIVER, outbox_id)
    return outbox_id
