"""Retention: what a POP keeps once it has ended, and for how long.

- N months after a POP is completed or cancelled (RETENTION_PRIVATE_MONTHS, 12), the
  text of the private preparation answers is blanked: answers not shared (share=False)
  and every answer of a draft that was never submitted (it never reached anyone).
  The keys and share flags stay, so counts ("how many points were shared") still work.
- M years after it ended (RETENTION_PLAN_YEARS, 5), the signed plan has served its
  time in the personnel file: agreements, signatures, agenda points, evaluations and
  preparations are deleted, and the plan's goal blanked. The POP row, its state, dates and meetings stay (counts).

Each POP touched gets an audit event with the counts; running again finds nothing to
do and records nothing. The time is passed in (shared/clock.py).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, func, or_, select, text, update

from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_fact
from shared.models import AgendaPoint, Agreement, Evaluation, Event, Pop, Preparation, ProgressEntry, Signature
from shared.pop_states import FINAL

if TYPE_CHECKING:
    from shared.runtime import Runtime

ACTOR = "retention"
RETENTION_LOCK_ID = 7_000_418  # beside the tick's 7_000_417
CHUNK = 500
# What goes when the plan's time is up; the order respects the foreign keys.
CONTENT = (
    ("signatures", Signature),
    ("progress_entries", ProgressEntry),
    ("agreements", Agreement),
    ("agenda_points", AgendaPoint),
    ("evaluations", Evaluation),
    ("preparations", Preparation),
)
FINAL_STATES = sorted(state.value for state in FINAL)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` earlier (the 31st becomes the month's last day)."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass
class RetentionReport:
    private_before: datetime
    plan_before: datetime
    # pop id -> {"answers": private answers blanked, "preparations": preparations looked at}
    blanked: dict[int, dict[str, int]] = field(default_factory=dict)
    # pop id -> {"agreements": n, "signatures": n, ...} rows deleted
    deleted: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def answers_blanked(self) -> int:
        return sum(counts["answers"] for counts in self.blanked.values())

    @property
    def rows_deleted(self) -> int:
        return sum(sum(counts.values()) for counts in self.deleted.values())

    def summary(self) -> dict:
        return {
            "private_before": self.private_before.isoformat(),
            "plan_before": self.plan_before.isoformat(),
            "pops_blanked": len(self.blanked),
            "answers_blanked": self.answers_blanked,
            "pops_deleted": len(self.deleted),
            "rows_deleted": self.rows_deleted,
        }

    def as_json(self) -> dict:
        return {
            **self.summary(),
            "blanked": {str(k): v for k, v in sorted(self.blanked.items())},
            "deleted": {str(k): v for k, v in sorted(self.deleted.items())},
        }


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _ended_before(moment: datetime):
    return Pop.state.in_(FINAL_STATES) & (Pop.state_changed_at < moment)


def _delete_content(uow: UnitOfWork, now: datetime, plan_before: datetime, report: RetentionReport) -> None:
    s = uow.session
    has_content = [exists().where(model.pop_id == Pop.id) for _name, model in CONTENT]
    ids = list(
        s.scalars(
            select(Pop.id).where(_ended_before(plan_before), or_(Pop.plan_goal != "", *has_content)).order_by(Pop.id)
        )
    )
    for chunk in _chunks(ids):
        counts: dict[int, dict[str, int]] = {pop_id: {name: 0 for name, _m in CONTENT} for pop_id in chunk}
        for name, model in CONTENT:
            for pop_id, n in s.execute(
                select(model.pop_id, func.count()).where(model.pop_id.in_(chunk)).group_by(model.pop_id)
            ):
                counts[pop_id][name] = n
        # A newer POP may have carried these agreements over: it keeps its copy, not the link.
        old = select(Agreement.id).where(Agreement.pop_id.in_(chunk)).scalar_subquery()
        s.execute(
            update(Agreement)
            .where(Agreement.carried_from_id.in_(old))
            .values(carried_from_id=None)
            .execution_options(synchronize_session=False)
        )
        for _name, model in CONTENT:
            s.execute(delete(model).where(model.pop_id.in_(chunk)).execution_options(synchronize_session=False))
        s.execute(
            update(Pop)
            .where(Pop.id.in_(chunk))
            .values(plan_goal="")  # the plan's goal goes with it
            .execution_options(synchronize_session=False)
        )
        for pop_id in chunk:
            report.deleted[pop_id] = counts[pop_id]
            record_fact(
                uow,
                now,
                pop_id,
                EventKind.RETENTION_DELETED,
                ACTOR,
                {**counts[pop_id], "before": plan_before.isoformat()},
            )
    s.expire_all()  # bulk deletes bypass the identity map
    s.flush()


def _private(answer: dict, submitted: bool) -> bool:
    return bool((answer.get("text") or "").strip()) and (not submitted or not answer.get("share"))


def _blank_private(uow: UnitOfWork, now: datetime, private_before: datetime, report: RetentionReport) -> None:
    s = uow.session
    done = exists().where(Event.pop_id == Pop.id, Event.kind == EventKind.RETENTION_APPLIED)
    ids = list(
        s.scalars(
            select(Pop.id)
            .where(_ended_before(private_before), ~done, exists().where(Preparation.pop_id == Pop.id))
            .order_by(Pop.id)
        )
    )
    for chunk in _chunks(ids):
        per_pop: dict[int, dict[str, int]] = {pop_id: {"answers": 0, "preparations": 0} for pop_id in chunk}
        for prep in s.scalars(select(Preparation).where(Preparation.pop_id.in_(chunk))):
            submitted = prep.submitted_at is not None
            answers = dict(prep.answers or {})
            blanked = 0
            for qid, answer in answers.items():
                if isinstance(answer, dict) and _private(answer, submitted):
                    answers[qid] = {**answer, "text": ""}
                    blanked += 1
            # A new dict: the JSON column only notices an assignment, not a change inside.
            prep.answers = answers
            per_pop[prep.pop_id]["answers"] += blanked
            per_pop[prep.pop_id]["preparations"] += 1
        for pop_id in chunk:
            report.blanked[pop_id] = per_pop[pop_id]
            # Recorded even with 0 blanked: it marks the POP as done, so tomorrow skips it.
            record_fact(
                uow,
                now,
                pop_id,
                EventKind.RETENTION_APPLIED,
                ACTOR,
                {**per_pop[pop_id], "before": private_before.isoformat()},
            )
        s.flush()


def apply_retention(uow: UnitOfWork, now: datetime, private_months: int = 12, plan_years: int = 5) -> RetentionReport:
    """Apply both periods as at `now`; flushes, the caller commits (or rolls back: a dry run)."""
    if private_months < 0 or plan_years < 0:
        raise ValueError("retention periods cannot be negative")
    report = RetentionReport(
        private_before=months_before(now, private_months), plan_before=months_before(now, 12 * plan_years)
    )
    # Deleting first: a POP past both periods loses its preparations instead of having them blanked.
    _delete_content(uow, now, report.plan_before, report)
    _blank_private(uow, now, report.private_before, report)
    return report


def _take_lock(uow: UnitOfWork) -> bool:
    if uow.session.get_bind().dialect.name != "postgresql":
        return True
    return bool(uow.session.scalar(text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": RETENTION_LOCK_ID}))


def ran_today(uow: UnitOfWork, now: datetime, tz: str) -> bool:
    """Whether the job already ran on this local calendar day (the events table remembers)."""
    local = now.astimezone(ZoneInfo(tz))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)
    return (
        uow.session.scalar(
            select(
                exists().where(
                    Event.kind == EventKind.RETENTION_RUN, Event.pop_id.is_(None), Event.created_at >= midnight
                )
            )
        )
        or False
    )


def run_retention(uow: UnitOfWork, now: datetime, private_months: int, plan_years: int) -> RetentionReport:
    """One run, recorded as a `retention_run` event with the totals (what the CLI calls)."""
    report = apply_retention(uow, now, private_months, plan_years)
    record_fact(uow, now, None, EventKind.RETENTION_RUN, ACTOR, report.summary())
    uow.session.flush()
    return report


# Kept on the runtime: the local day the job last ran or was found to have run, so that a
# tick every few seconds asks the database once a day, not every time. (On the object, not
# in a dict keyed by id(): a new runtime may get a dead one's id, in tests every time.)
DONE_ON = "_retention_done_on"


def run_daily_retention(runtime: Runtime, now: datetime | None = None) -> RetentionReport | None:
    """For the tick: runs once per local day, the first time it is called; None when skipped.

    The events table remembers a run (also one from `popflow privacy retention`), so a
    restart or a second process does not run it twice; on PostgreSQL an advisory lock
    keeps two ticks from running it at the same moment.
    """
    now = now or runtime.now()
    config = runtime.config
    today = now.astimezone(ZoneInfo(config.timezone)).date()
    if getattr(runtime, DONE_ON, None) == today:
        return None
    with runtime.uow() as uow:
        if not _take_lock(uow):
            return None
        if ran_today(uow, now, config.timezone):
            setattr(runtime, DONE_ON, today)
            return None
        report = run_retention(uow, now, config.retention_private_months, config.retention_plan_years)
        uow.commit()
    setattr(runtime, DONE_ON, today)
    return report
