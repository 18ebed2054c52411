"""The periodic tick: applies due time rules and publishes what was never handled.

Messages are nudges; this is what makes a lost message, a crashed worker or a dead
SMTP server delay work instead of losing it. Exactly one tick should run; a second
one started by mistake on PostgreSQL waits on an advisory lock and does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, text

from shared.db import UnitOfWork
from shared.events import HANDLE_EVENT
from shared.models import Event, OutboxMail, Pop
from shared.outbox import DELIVER
from workflow import services
from workflow.facts import DEFAULT_TZ
from workflow.machine import FINAL
from workflow.planning_reminders import send_planning_reminders
from workflow.slot_reminders import remind_unpicked

ADVANCE = "workflow.advance"
TICK_LOCK_ID = 7_000_417  # an arbitrary, fixed advisory lock number
BATCH = 1000


@dataclass
class TickReport:
    advanced: int = 0
    events: int = 0
    mails: int = 0
    planning_reminders: int = 0
    skipped: bool = False


def _take_lock(uow: UnitOfWork) -> bool:
    if uow.session.get_bind().dialect.name != "postgresql":
        return True
    return bool(uow.session.scalar(text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": TICK_LOCK_ID}))


def tick(
    uow: UnitOfWork, now: datetime, republish_after: float, inline: bool = False, tz: str = DEFAULT_TZ
) -> TickReport:
    """One pass. inline=True applies the rules here (a CLI with nobody to publish to).

    The rules run as at `now`; the outbox is looked at by the real time (uow.wall_clock, set
    by a rehearsal, else `now`): a mail is due, and stale, by the clock it is sent by.
    """
    report = TickReport()
    if not _take_lock(uow):
        report.skipped = True
        return report
    wall = uow.wall_clock or now
    republish = timedelta(seconds=republish_after)
    stale = now - republish
    s = uow.session

    due = s.scalars(
        select(Pop)
        .where(Pop.next_check_at <= now, Pop.state.not_in(list(FINAL)))
        .order_by(Pop.next_check_at)
        .limit(BATCH)
    ).all()
    for pop in due:
        report.advanced += 1
        if inline:
            services.advance(uow, pop.id, now, tz)
        else:
            # Not again until the worker has had time; advance() sets the real next check.
            pop.next_check_at = now + timedelta(seconds=republish_after)
            uow.publish_grouped(ADVANCE, pop.id)

    events = s.scalars(
        select(Event)
        .where(Event.handled_at.is_(None), or_(Event.published_at.is_(None), Event.published_at < stale))
        .order_by(Event.id)
        .limit(BATCH)
    ).all()
    for event in events:
        report.events += 1
        if inline:
            services.handle_event(uow, event.id, now, tz)
        else:
            event.published_at = now
            uow.publish_grouped(HANDLE_EVENT, event.id)

    report.planning_reminders = send_planning_reminders(uow, now, tz)
    remind_unpicked(uow, now)  # a time rule outside any POP's state: reports offered times to pick

    mails = s.scalars(
        select(OutboxMail)
        .where(
            OutboxMail.status.in_(("pending", "sending")),
            OutboxMail.next_attempt_at <= wall,
            or_(OutboxMail.published_at.is_(None), OutboxMail.published_at < wall - republish),
        )
        .order_by(OutboxMail.id)
        .limit(BATCH)
    ).all()
    for mail in mails:
        report.mails += 1
        # Else left for a process whose worker can deliver it. A rehearsal delivers them itself.
        if uow.publishes or uow.wall_clock is not None:
            mail.published_at = wall
            uow.publish_grouped(DELIVER, mail.id)
    s.flush()
    return report
