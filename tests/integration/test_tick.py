"""The tick: one at a time, and catching up after downtime without stale reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from popflow.processes import tick_once
from shared.models import OutboxMail
from tests.integration.helpers import MEETING_UTC, schedule, seed, state
from workflow.tick import tick


def kinds(system) -> list[tuple[str, str]]:
    with system.runtime.uow() as uow:
        return [
            (m.kind, m.dedupe_key.rsplit(":", 1)[1])
            for m in uow.session.scalars(select(OutboxMail).order_by(OutboxMail.id))
        ]


@pytest.mark.parametrize("backend", ["postgresql+redis"])
def test_a_second_tick_started_by_mistake_does_nothing_while_the_first_runs(system):
    with system.runtime.uow() as first, system.runtime.uow() as second:
        assert not tick(first, system.clock.now(), 120).skipped  # holds the lock until it commits
        assert tick(second, system.clock.now(), 120).skipped
        first.commit()
        second.rollback()
    with system.runtime.uow() as third:
        assert not tick(third, system.clock.now(), 120).skipped


def test_a_tick_down_for_days_skips_reminders_whose_window_has_passed(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)  # three weeks ahead; nobody prepares
    system.clock.set(MEETING_UTC - timedelta(days=7) + timedelta(hours=1))  # down from T-21d to T-7d
    tick_once(system.runtime, inline=True)
    system.settle()
    assert state(system) == "alignment"
    assert [k for k, _ in kinds(system)] == ["invitation", "invitation", "exchange", "exchange"]


def test_a_tick_down_past_the_meeting_sends_no_exchange_after_it(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    system.clock.set(MEETING_UTC + timedelta(hours=2))  # down from T-21d until after the meeting
    tick_once(system.runtime, inline=True)
    system.settle()
    assert state(system) == "agreements"
    # Straight to recording the agreements: no "points for your conversation" after it.
    assert [k for k, _ in kinds(system)] == ["invitation", "invitation", "agreements_open", "agreements_open"]


def test_a_late_tick_within_the_window_still_reminds_once(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    system.clock.set(MEETING_UTC - timedelta(days=9))  # T-10 was a day ago: still in its window
    for _ in range(3):
        tick_once(system.runtime, inline=True)
    system.settle()
    reminders = [key for kind, key in kinds(system) if kind == "prepare_reminder"]
    assert reminders == ["t-10", "t-10"]  # employee and manager, once each
    system.clock.set(MEETING_UTC - timedelta(days=7, hours=12))
    tick_once(system.runtime, inline=True)
    system.settle()
    reminders = [key for kind, key in kinds(system) if kind == "prepare_reminder"]
    assert reminders == ["t-10", "t-10", "t-8", "t-8"]
