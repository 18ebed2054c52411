"""How long the personal link in a mail works: however late within the plan period it is
clicked. A review invitation mailed today for a meeting in eleven months still opens the
POP on the day, and some weeks after.

Until the latest of: now, the end of the POP's last meeting still on (the conversation, a
review, a follow-up), and the conversation's day plus the round's plan months (the plan
period, also before its reviews are planned); then link_max_age_days more, the margin for
a late click. All by the service's clock (the `now` handed in), so a clock moved ahead
moves expiry with it. A link that is no longer valid still asks for a fresh one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, func, select

from shared.clock import as_utc
from shared.config import Config
from shared.db import UnitOfWork
from shared.models import Meeting, Pop, Round

# One statement, built once (as render.py's reads): the POP's last meeting end, its
# conversation's start and its round's plan months.
_SPAN = (
    select(
        func.max(Meeting.ends_at),
        func.max(case((Meeting.kind == "conversation", Meeting.starts_at))),
        Round.plan_months,
    )
    .select_from(Pop)
    .join(Round, Round.id == Pop.round_id)
    .outerjoin(Meeting, (Meeting.pop_id == Pop.id) & Meeting.cancelled_at.is_(None))
    .where(Pop.id == bindparam("pop_id"))
    .group_by(Round.plan_months)
)
_KEY = "notifier.link_life"  # Session.info: {pop id: end}, for the mails of one group
DAYS_PER_MONTH = 31  # a month at its longest: the link outlasts the period, never the reverse


def about_until(uow: UnitOfWork, pop: Pop) -> datetime | None:
    """The end of what the POP's mails are about: its last meeting, or its plan period."""
    held = uow.session.info.setdefault(_KEY, {})
    if pop.id not in held:
        last_end, conversation, plan_months = uow.session.execute(_SPAN, {"pop_id": pop.id}).one()
        ends = [as_utc(last_end)] if last_end else []
        if conversation:
            ends.append(as_utc(conversation) + timedelta(days=DAYS_PER_MONTH * plan_months))
        held[pop.id] = max(ends, default=None)
    return held[pop.id]


def link_valid_until(uow: UnitOfWork, pop: Pop, now: datetime, config: Config) -> datetime:
    end = about_until(uow, pop)
    return max(now, end or now) + timedelta(days=config.link_max_age_days)
