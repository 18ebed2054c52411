"""A manager's planning submit of many reports: all planned in one go, or none."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from intake.commands import InputError
from intake.scheduling import MeetingRequest, schedule_meetings
from shared.models import Attendee, Event, Meeting, Person
from tests.integration.helpers import MANAGER, MEETING_UTC
from tests.mails import mail_to

REPORTS = 12


def _seed_team(system) -> list[str]:
    with system.runtime.uow() as uow:
        manager = Person(name="Marieke de Vries", email=MANAGER, language="nl")
        uow.session.add(manager)
        emails = [f"medewerker{i}@voorbeeld.nl" for i in range(REPORTS)]
        uow.session.add_all(
            Person(name=f"Medewerker {i}", email=email, language="nl", manager=manager)
            for i, email in enumerate(emails)
        )
        uow.commit()
    return emails


def _count_statements(engine):
    """The statements this thread runs (not the worker's, which start at commit)."""
    seen: list[str] = []
    here = threading.get_ident()

    def listener(conn, cursor, statement, *args) -> None:
        if threading.get_ident() == here:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    return seen, lambda: event.remove(engine, "before_cursor_execute", listener)


def _plan_team(system, emails):
    with system.runtime.uow() as uow:
        # Capitals as a person might type them: the address is matched without case.
        done = schedule_meetings(
            uow,
            system.clock.now(),
            [
                MeetingRequest(email.upper() if i == 0 else email, MEETING_UTC + timedelta(hours=i), 45, "Kamer 1")
                for i, email in enumerate(emails)
            ],
            "test",
        )
        uow.commit()
    return done


def test_a_planning_submit_invites_every_report(sqlite_system):
    system = sqlite_system
    emails = _seed_team(system)
    done = _plan_team(system, emails)
    assert [d.rescheduled for d in done] == [False] * REPORTS
    system.settle()
    for i, email in enumerate(emails):
        (invite,) = mail_to(system.sink.directory, email)
        vevent = invite.calendar.walk("VEVENT")[0]
        assert vevent.decoded("DTSTART") == MEETING_UTC + timedelta(hours=i)
        assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == timedelta(minutes=45)
    assert len(mail_to(system.sink.directory, MANAGER)) == REPORTS
    with system.runtime.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Attendee)) == 2 * REPORTS
        assert uow.session.scalar(select(func.count()).where(Event.kind == "meeting_scheduled")) == REPORTS


@pytest.mark.parametrize("backend", ["postgresql+rabbitmq"])
def test_a_planning_submit_costs_the_same_statements_for_any_team(system):
    """What a round launch mostly costs: on PostgreSQL the people, POPs, meetings,
    attendees and events of a submit are read and written a statement each."""
    emails = _seed_team(system)
    seen, stop = _count_statements(system.runtime.engine)
    _plan_team(system, emails)
    stop()
    assert len(seen) <= 10, "\n".join(statement[:80] for statement in seen)
    system.settle()
    assert len(mail_to(system.sink.directory, MANAGER)) == REPORTS


def test_the_same_report_twice_in_one_submit_is_one_meeting_at_the_last_time(sqlite_system):
    system = sqlite_system
    first, *_ = _seed_team(system)  # no round: the POP is made by the first row
    later = MEETING_UTC + timedelta(days=1)
    with system.runtime.uow() as uow:
        done = schedule_meetings(
            uow, system.clock.now(), [MeetingRequest(first, MEETING_UTC), MeetingRequest(first, later)], "test"
        )
        uow.commit()
    assert [d.rescheduled for d in done] == [False, True]
    with system.runtime.uow() as uow:
        (meeting,) = uow.session.scalars(select(Meeting)).all()
        assert meeting.starts_at.replace(tzinfo=later.tzinfo) == later and meeting.sequence == 1
        # The POP's history tells both steps as they happened.
        history = [
            (e.kind, e.data["start"], e.data["sequence"])
            for e in uow.session.scalars(select(Event).where(Event.kind.like("meeting_%")).order_by(Event.id))
        ]
    assert history == [("meeting_scheduled", MEETING_UTC.isoformat(), 0), ("meeting_rescheduled", later.isoformat(), 1)]


def test_one_row_that_cannot_be_planned_plans_none(sqlite_system):
    system = sqlite_system
    emails = _seed_team(system)
    with system.runtime.uow() as uow, pytest.raises(InputError) as raised:
        schedule_meetings(
            uow,
            system.clock.now(),
            [MeetingRequest(emails[0], MEETING_UTC), MeetingRequest("onbekend@voorbeeld.nl", MEETING_UTC)],
            "test",
        )
    assert raised.value.code == "unknown_employee"
    with system.runtime.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Meeting)) == 0
