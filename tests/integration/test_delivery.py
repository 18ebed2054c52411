"""Delivery against a real SMTP server that misbehaves: nothing lost, nothing looped."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from shared.models import OutboxMail, Pop
from shared.outbox import add_mail
from tests.integration.helpers import schedule, seed
from tests.mails import all_mail


def outbox(system) -> list[OutboxMail]:
    with system.runtime.uow() as uow:
        rows = list(uow.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))
        uow.session.expunge_all()  # plain snapshots, readable after the session ends
        return rows


def wait_for(predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def test_a_temporary_refusal_is_retried_later_with_the_same_message_id(sqlite_system):
    system = sqlite_system
    seed(system)
    system.sink.refuse_with = "451 4.3.0 Mailbox temporarily unavailable"
    schedule(system, settle=False)
    wait_for(
        lambda: len(outbox(system)) == 2 and all(m.attempts == 1 and m.status == "pending" for m in outbox(system))
    )
    first = outbox(system)
    assert all("451" in m.last_error for m in first)
    assert all(m.next_attempt_at >= system.clock.now() + timedelta(seconds=30) for m in first)
    assert all_mail(system.sink.directory) == []

    system.sink.refuse_with = None
    system.clock.advance(timedelta(minutes=10))  # past the backoff and the republish delay
    system.tick()
    system.settle()
    mails = all_mail(system.sink.directory)
    assert len(mails) == 2
    assert sorted(m.message_id for m in mails) == sorted(m.message_id for m in first)
    assert all(m.status == "sent" and m.attempts == 2 for m in outbox(system))


def test_a_permanent_refusal_is_marked_failed_and_not_retried(sqlite_system):
    system = sqlite_system
    seed(system)
    system.sink.refuse_with = "550 5.1.1 No such user"
    schedule(system, settle=False)
    wait_for(lambda: len(outbox(system)) == 2 and all(m.status == "failed" for m in outbox(system)))
    assert all("550" in m.last_error and m.attempts == 1 for m in outbox(system))
    system.sink.refuse_with = None
    system.clock.advance(timedelta(hours=2))
    assert system.tick().mails == 0  # failed rows are HR's to look at, not the tick's to loop on


def test_a_dead_smtp_server_delays_mail_but_loses_none(sqlite_system):
    system = sqlite_system
    seed(system)
    port = system.sink_controller.port
    system.sink_controller.stop()
    schedule(system, settle=False)
    wait_for(
        lambda: len(outbox(system)) == 2 and all(m.attempts >= 1 and m.status == "pending" for m in outbox(system))
    )
    from popflow.mailsink import start_sink

    system.sink_controller, system.sink = start_sink(system.sink.directory, port=port)  # the server is back
    system.clock.advance(timedelta(minutes=10))
    system.tick()
    system.settle()
    assert len(all_mail(system.sink.directory)) == 2


def test_a_mail_that_cannot_be_composed_does_not_hold_back_the_rest_of_its_group(sqlite_system):
    """The mails one transaction queues travel in one message; one that cannot be composed
    (here: a kind no wording exists for) is a failed attempt of its own and the others
    still go out (tests/integration/test_failed_mails.py follows it to 'failed')."""
    system = sqlite_system
    seed(system)
    pop_id = schedule(system)
    assert len(all_mail(system.sink.directory)) == 2  # the two invitations
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        now = system.clock.now()
        broken = add_mail(uow, now, pop_id=pop_id, kind="no_such_kind", recipient_id=pop.employee_id)
        fine = [
            add_mail(
                uow, now, pop_id=pop_id, kind="exchange", recipient_id=person_id, sequence="late", data={"late": True}
            )
            for person_id in (pop.employee_id, pop.manager_id)
        ]
        uow.commit()
    wait_for(lambda: len(all_mail(system.sink.directory)) == 4)
    rows = {m.id: m for m in outbox(system)}
    assert [rows[i].status for i in fine] == ["sent", "sent"]
    assert rows[broken].status == "pending"  # retried after its backoff, never stuck 'sending'
    assert rows[broken].attempts == 1 and rows[broken].last_error.startswith("render: ")
