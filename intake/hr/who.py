"""Who did it: an audit actor ("hr:12") as HR reads it, and the latest changes of one kind."""

from __future__ import annotations

from sqlalchemy import select

from intake.i18n import _
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.models import Event, HrUser


def hr_name(uow: UnitOfWork, actor: str) -> str:
    """ "hr:12": that HR user's name (or address); another actor as it is."""
    kind, _sep, number = actor.partition(":")
    if kind == "hr" and number.isascii() and number.isdigit() and len(number) < 10:
        user = uow.session.get(HrUser, int(number))
        if user is not None:
            return user.name or user.email
        return _("een HR-gebruiker die er niet meer is")
    return actor


def changes(uow: UnitOfWork, kind: EventKind, shown: int = 10, **match) -> list[tuple[Event, str]]:
    """The latest facts of this kind whose data holds `match`, newest first, with who did it."""
    rows = uow.session.scalars(
        select(Event).where(Event.kind == kind.value, Event.pop_id.is_(None)).order_by(Event.id.desc()).limit(500)
    )
    found = [row for row in rows if all((row.data or {}).get(key) == value for key, value in match.items())]
    return [(row, hr_name(uow, row.actor)) for row in found[:shown]]
