"""The planning reminder: one mail to a manager listing all their reports of a round still
without a meeting, with the button to their planning page. The tick queues it at the
round's moments around the deadline (workflow/planning_reminders.py), HR by hand from the
round's dashboard (intake/reminders.py); both through the outbox, sent after commit.

One per manager, round and moment: the dedupe key names those three, not a POP (the POP
the row carries, for the manager's personal link, is just the first one waiting).
"""

from __future__ import annotations

from datetime import datetime

from shared.db import UnitOfWork
from shared.outbox import add_mail

PLANNING_REMINDER = "planning_reminder"


def reminder_key(round_id: int, manager_id: int, moment: str) -> str:
    return f"{PLANNING_REMINDER}:{round_id}:{manager_id}:{moment}"


def queue_planning_reminder(
    uow: UnitOfWork, now: datetime, round_id: int, manager_id: int, pop_id: int, moment: str
) -> int | None:
    """The outbox id; None when this manager's reminder of this moment was queued before."""
    return add_mail(
        uow,
        now,
        pop_id=pop_id,
        kind=PLANNING_REMINDER,
        recipient_id=manager_id,
        data={"round_id": round_id},
        key=reminder_key(round_id, manager_id, moment),
    )
