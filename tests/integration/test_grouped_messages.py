"""The ids one transaction queues travel in one message and are handled in one
transaction; one that fails sends each of its group on its own, so nothing is held back."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from intake.scheduling import schedule_meeting
from shared.log_context import end_scope, new_scope
from shared.models import Event, Person
from tests.integration.helpers import MANAGER, MEETING_UTC, seed, state
from tests.mails import all_mail
from workflow import services
from workflow.actors import _in_one_transaction


def _two_reports(system) -> None:
    seed(system)
    with system.runtime.uow() as uow:
        manager = uow.session.scalar(select(Person).where(Person.email == MANAGER))
        uow.session.add(Person(name="Fatima el Amrani", email="fatima@voorbeeld.nl", language="en", manager=manager))
        uow.commit()


def test_a_manager_who_plans_two_conversations_in_one_submit_invites_all_four_people(sqlite_system):
    system = sqlite_system
    _two_reports(system)
    with system.runtime.uow() as uow:  # the planning page: one transaction for the whole list
        for hour, email in enumerate(("jan@voorbeeld.nl", "fatima@voorbeeld.nl")):
            schedule_meeting(uow, system.clock.now(), employee_email=email, start=MEETING_UTC + timedelta(hours=hour),
                             minutes=60, location="Kamer 2.14", actor="test")
        uow.commit()
    system.settle()
    assert state(system, 1) == state(system, 2) == "announcement"
    invited = sorted(m.to.split("<")[-1].rstrip(">") for m in all_mail(system.sink.directory))
    assert invited == sorted(["fatima@voorbeeld.nl", "jan@voorbeeld.nl", MANAGER, MANAGER])


def test_a_group_with_one_failing_event_hands_each_event_on_alone(sqlite_system, caplog):
    system = sqlite_system
    _two_reports(system)
    with system.runtime.uow() as uow:
        for hour, email in enumerate(("jan@voorbeeld.nl", "fatima@voorbeeld.nl")):
            schedule_meeting(uow, system.clock.now(), employee_email=email,
                             start=MEETING_UTC + timedelta(hours=hour), minutes=60, location="", actor="test")
        uow.session.flush()
        events = list(uow.session.scalars(select(Event.id).where(Event.kind == "meeting_scheduled")))
        uow._grouped.clear()  # this test hands the group over itself, below
        uow.commit()
    assert len(events) == 2

    def second_fails(uow, event_id: int) -> None:
        if event_id == events[1]:
            raise RuntimeError("a bug in one POP's data")
        services.handle_event(uow, event_id, system.runtime.now(), system.config.timezone)

    scope = new_scope()  # as the worker's middleware does around a message
    try:
        with caplog.at_level(logging.WARNING, logger="workflow.actors"):
            _in_one_transaction(system.runtime, "workflow.handle_event", events, second_fails)
    finally:
        end_scope(scope)
    assert "one by one" in caplog.text
    system.settle()  # the real actor handles each again, alone
    assert state(system, 1) == state(system, 2) == "announcement"
    assert len(all_mail(system.sink.directory)) == 4
