"""The tick's planning reminders: at a round's moments around its planning deadline, one
mail to each manager who still has reports without a meeting (shared/planning_reminder.py).

A round is looked at only while one of its windows can be open (the latest ends a week
after the deadline's last offset); a manager whose reminder of the moment is already in
the outbox is skipped in the same query, so a tick a minute writes nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, cast, exists, func, literal, select

from shared.db import UnitOfWork
from shared.models import OutboxMail, Pop, Round
from shared.planning_deadline import LAST_WINDOW, due_moment, round_deadline
from shared.planning_reminder import PLANNING_REMINDER, queue_planning_reminder
from shared.pop_states import State
from shared.round_settings import SETTING

_LONGEST = timedelta(days=SETTING["planning_reminder_days"].high) + LAST_WINDOW


def send_planning_reminders(uow: UnitOfWork, now: datetime, tz: str) -> int:
    """How many reminders were queued now."""
    s = uow.session
    rounds = s.scalars(
        select(Round).where(Round.launched_at.is_not(None), Round.meetings_until >= (now - _LONGEST).date())
    ).all()
    queued = 0
    for rnd in rounds:
        deadline = round_deadline(rnd)
        moment = due_moment(deadline, rnd.planning_reminder_days or (), tz, now) if deadline else None
        if moment is None:
            continue
        # The key of each manager's reminder, looked up in the outbox's unique index.
        key = literal(f"{PLANNING_REMINDER}:{rnd.id}:", String) + cast(Pop.manager_id, String) + f":{moment.key}"
        waiting = s.execute(
            select(Pop.manager_id, func.min(Pop.id))
            .where(
                Pop.round_id == rnd.id,
                Pop.state == State.PLANNING,
                ~exists().where(OutboxMail.dedupe_key == key),
            )
            .group_by(Pop.manager_id)
        ).all()
        for manager_id, pop_id in waiting:
            if queue_planning_reminder(uow, now, rnd.id, manager_id, pop_id, moment.key) is not None:
                queued += 1
    return queued
