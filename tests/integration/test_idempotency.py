"""Every actor can run twice with no second effect (messages are nudges, rows the truth)."""

from __future__ import annotations

import dramatiq
from sqlalchemy import func, select

from shared.broker import queue_name
from shared.models import Event, OutboxMail
from tests.integration.helpers import schedule, seed, state
from tests.mails import all_mail


def counts(system) -> tuple[int, int, str]:
    with system.runtime.uow() as uow:
        mails = uow.session.scalar(select(func.count()).select_from(OutboxMail))
        events = uow.session.scalar(select(func.count()).select_from(Event))
    return mails, events, state(system)


def send_again(system, actor_name: str, *args) -> None:
    system.runtime.broker.enqueue(
        dramatiq.Message(
            queue_name=queue_name(system.config, actor_name), actor_name=actor_name, args=args, kwargs={}, options={}
        )
    )


def test_the_same_event_delivered_twice_changes_nothing_the_second_time(system):
    seed(system)
    schedule(system)
    before = counts(system)
    assert before[2] == "announcement" and before[0] == 2
    with system.runtime.uow() as uow:
        event_id = uow.session.scalar(select(Event.id).where(Event.kind == "meeting_scheduled"))
    send_again(system, "workflow.handle_event", event_id)
    send_again(system, "workflow.handle_event", event_id)
    send_again(system, "workflow.advance", 1)
    system.settle()
    assert counts(system) == before
    assert len(all_mail(system.sink.directory)) == 2


def test_the_same_delivery_twice_sends_one_mail(system):
    seed(system)
    schedule(system)
    with system.runtime.uow() as uow:
        mail_ids = uow.session.scalars(select(OutboxMail.id)).all()
    for mail_id in mail_ids:
        send_again(system, "notify.deliver", mail_id)
        send_again(system, "notify.deliver", mail_id)
    system.settle()
    mails = all_mail(system.sink.directory)
    assert len(mails) == 2 and len({m.message_id for m in mails}) == 2


def test_a_lost_message_is_recovered_by_the_tick(sqlite_system):
    """A CLI on the embedded broker publishes nothing; the tick finds the unpublished event."""
    system = sqlite_system
    seed(system)
    from intake.scheduling import schedule_meeting
    from shared.broker import Publisher
    from shared.db import UnitOfWork
    from tests.integration.helpers import EMPLOYEE, MEETING_UTC

    silent = Publisher(system.runtime.broker, system.config, consumed=False)
    with UnitOfWork(system.runtime.session_factory, silent) as uow:
        schedule_meeting(uow, system.clock.now(), employee_email=EMPLOYEE, start=MEETING_UTC, actor="cli")
        uow.commit()
    assert state(system) == "planning"  # nobody was told
    report = system.tick()
    assert report.events == 1
    system.settle()
    assert state(system) == "announcement" and len(all_mail(system.sink.directory)) == 2
