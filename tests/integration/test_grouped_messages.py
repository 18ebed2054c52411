"""The ids one transaction queues travel in one message and are handled in one
transaction; one that fails sends each of its group on its own, so nothing is held back."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from intake.plan_commands import request_cancel
from intake.scheduling import MeetingRequest, schedule_meeting, schedule_meetings
from shared.log_context import end_scope, new_scope
from shared.models import Event, OutboxMail, Person, Pop
from shared.outbox import add_mail, mails_in_one_statement
from tests.integration.helpers import MANAGER, MEETING_UTC, schedule, seed, state
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
            schedule_meeting(
                uow,
                system.clock.now(),
                employee_email=email,
                start=MEETING_UTC + timedelta(hours=hour),
                minutes=60,
                location="Kamer 2.14",
                actor="test",
            )
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
            schedule_meeting(
                uow,
                system.clock.now(),
                employee_email=email,
                start=MEETING_UTC + timedelta(hours=hour),
                minutes=60,
                location="",
                actor="test",
            )
        uow.session.flush()
        events = list(uow.session.scalars(select(Event.id).where(Event.kind == "meeting_scheduled")))
        uow._grouped.clear()  # this test hands the group over itself, below
        uow.commit()
    assert len(events) == 2

    def fails_on_the_second(uow, ids: list[int]) -> None:
        services.handle_events(uow, ids[:1], system.runtime.now(), system.config.timezone)
        raise RuntimeError("a bug in one POP's data")

    scope = new_scope()  # as the worker's middleware does around a message
    try:
        with caplog.at_level(logging.WARNING, logger="workflow.actors"):
            _in_one_transaction(system.runtime, "workflow.handle_event", events, fails_on_the_second)
    finally:
        end_scope(scope)
    assert "one by one" in caplog.text
    system.settle()  # the real actor handles each again, alone
    assert state(system, 1) == state(system, 2) == "announcement"
    assert len(all_mail(system.sink.directory)) == 4


@pytest.mark.parametrize("backend", ["postgresql+rabbitmq"])
def test_a_planning_submit_is_handled_with_the_same_statements_for_any_team(system):
    """A manager's twelve events: the POPs, their facts and the mails read and written a
    statement per kind for the group, not eleven statements per POP."""
    with system.runtime.uow() as uow:
        manager = Person(name="Marieke de Vries", email=MANAGER, language="nl")
        team = [
            Person(name=f"Medewerker {i}", email=f"m{i}@voorbeeld.nl", language="nl", manager=manager)
            for i in range(12)
        ]
        uow.session.add_all([manager, *team])
        uow.commit()
    with system.runtime.uow() as uow:
        schedule_meetings(
            uow,
            system.clock.now(),
            [MeetingRequest(p.email, MEETING_UTC + timedelta(hours=i)) for i, p in enumerate(team)],
            "test",
        )
        uow.session.flush()
        events = list(uow.session.scalars(select(Event.id).where(Event.kind == "meeting_scheduled")))
        uow._grouped.clear()  # this test hands the group over itself, below
        uow.commit()
    statements: list[str] = []
    handling = threading.get_ident()  # not the notify worker's claims, which start at commit

    def count(conn, cursor, statement, *args) -> None:
        if threading.get_ident() == handling:
            statements.append(statement)

    event.listen(system.runtime.engine, "before_cursor_execute", count)
    try:
        _in_one_transaction(
            system.runtime,
            "workflow.handle_event",
            events,
            lambda uow, ids: services.handle_events(uow, ids, system.runtime.now(), "Europe/Amsterdam"),
        )
    finally:
        event.remove(system.runtime.engine, "before_cursor_execute", count)
    # Read: the events, POPs, meetings, the yes/no facts (agreements and signatures only
    # where there are some: none here), the employees' POPs. Written: the POPs' steps, the
    # events' outcomes, the transitions' facts, the mails. 9, whatever the team's size.
    assert len(statements) <= 9, "\n".join(statement[:80] for statement in statements)
    system.settle()
    assert {state(system, pop_id) for pop_id in range(1, 13)} == {"announcement"}
    assert len(all_mail(system.sink.directory)) == 24


@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"])
def test_mails_written_in_one_statement_are_each_sent_once(system):
    """A mail queued again in the same group, or queued by an earlier transaction, is not
    written (or sent) twice."""
    seed(system)
    pop_id = schedule(system)
    with system.runtime.uow() as uow:
        employee = uow.session.scalar(select(Person).where(Person.email == "jan@voorbeeld.nl"))
        now = system.clock.now()
        with mails_in_one_statement(uow):
            for _twice in range(2):
                for kind in ("exchange", "agreements_open"):
                    add_mail(uow, now, pop_id=pop_id, kind=kind, recipient_id=employee.id)
            # The invitation this POP's announcement queued before: already in the outbox.
            add_mail(uow, now, pop_id=pop_id, kind="invitation", recipient_id=employee.id)
        uow.commit()
    system.settle()
    subjects = [m.subject for m in all_mail(system.sink.directory) if "jan@" in m.to]
    assert len(subjects) == 3, subjects  # the invitation (once), the exchange and the plan to record
    with system.runtime.uow() as uow:
        kinds = sorted(uow.session.scalars(select(OutboxMail.kind).where(OutboxMail.recipient_id == employee.id)))
    assert kinds == ["agreements_open", "exchange", "invitation"]


@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"])
def test_a_mail_queued_in_a_group_is_dropped_when_its_pop_is_cancelled_later_in_it(system):
    """Mails held for one statement are written before a cancellation drops the POP's
    pending mail, so a cancelled POP's mail is not sent after all."""
    seed(system)
    pop_id = schedule(system)
    before = len(all_mail(system.sink.directory))
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        now = system.clock.now()
        with mails_in_one_statement(uow):
            add_mail(uow, now, pop_id=pop_id, kind="exchange", recipient_id=pop.employee_id)
            request_cancel(uow, now, pop, "test", "Vertrekt naar een andere afdeling")
            services.advance(uow, pop_id, now, system.config.timezone)
        uow.commit()
    system.settle()
    assert state(system, pop_id) == "cancelled"
    with system.runtime.uow() as uow:
        exchange = uow.session.scalar(select(OutboxMail.status).where(OutboxMail.kind == "exchange"))
    assert exchange == "dropped"
    new = all_mail(system.sink.directory)[before:]
    assert new and all("exchange" not in m.subject.lower() and "punten" not in m.subject.lower() for m in new)


@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"])
def test_a_group_records_each_pops_steps_in_the_order_they_were_taken(system):
    """The transitions of a group are written together at its end; each POP's history
    still tells its steps in order (planned an hour ahead and handled 40 minutes later:
    announcement, then at once alignment, as the exchange moment, halfway, has passed),
    once each, at the moment of handling."""
    _two_reports(system)
    with system.runtime.uow() as uow:
        schedule_meetings(
            uow,
            system.clock.now(),
            [
                MeetingRequest(email, system.clock.now() + timedelta(minutes=60 + 15 * i), minutes=15)
                for i, email in enumerate(("jan@voorbeeld.nl", "fatima@voorbeeld.nl"))
            ],
            "test",
        )
        uow.session.flush()
        events = list(uow.session.scalars(select(Event.id).where(Event.kind == "meeting_scheduled")))
        uow._grouped.clear()  # this test hands the group over itself, below
        uow.commit()
    now = system.runtime.now() + timedelta(minutes=40)
    _in_one_transaction(
        system.runtime,
        "workflow.handle_event",
        events,
        lambda uow, ids: services.handle_events(uow, ids, now, system.config.timezone),
    )
    with system.runtime.uow() as uow:
        facts = uow.session.scalars(select(Event).where(Event.kind == "state_changed").order_by(Event.id)).all()
        steps = {pop_id: [(f.data["from"], f.data["to"]) for f in facts if f.pop_id == pop_id] for pop_id in (1, 2)}
        assert all(f.handled_at == now and f.created_at == now and f.actor == "system" for f in facts)
        outcomes = list(uow.session.scalars(select(Event.outcome).where(Event.id.in_(events))))
    assert steps[1] == steps[2] == [("planning", "announcement"), ("announcement", "alignment")]
    assert outcomes == ["advanced to announcement → alignment"] * 2
