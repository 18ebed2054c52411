"""Adding e-mails to the outbox, at most once per dedupe key."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from shared.db import UnitOfWork
from shared.models import OutboxMail

DELIVER = "notify.deliver"


def dedupe_key(pop_id: int | None, kind: str, recipient_id: int, sequence: int | str = 0) -> str:
    return f"{pop_id}:{kind}:{recipient_id}:{sequence}"


def add_mail(
    uow: UnitOfWork, now: datetime, *, pop_id: int | None, kind: str, recipient_id: int,
    sequence: int | str = 0, data: dict | None = None,
) -> OutboxMail | None:
    """Queue one e-mail; returns None when that very mail was queued before."""
    key = dedupe_key(pop_id, kind, recipient_id, sequence)
    if uow.session.scalar(select(OutboxMail.id).where(OutboxMail.dedupe_key == key)):
        return None
    mail = OutboxMail(
        dedupe_key=key, pop_id=pop_id, kind=kind, recipient_id=recipient_id, data=data or {},
        created_at=now, next_attempt_at=now, published_at=now if uow.publishes else None,
    )
    uow.session.add(mail)
    uow.session.flush()
    uow.publish(DELIVER, mail.id)
    return mail
