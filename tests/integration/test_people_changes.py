"""When people change: a new manager, a departure, the next round carrying agreements over."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from intake import commands
from intake.people import import_people
from shared.models import Agreement, Meeting, Pop
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, agree_and_sign, schedule, seed
from tests.mails import mail_to

NEW_MANAGER = "kees@voorbeeld.nl"


def test_the_pop_follows_a_new_manager(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    rows = [
        {"name": "Marieke de Vries", "email": MANAGER, "manager_email": "", "department": "", "language": "nl"},
        {"name": "Kees Visser", "email": NEW_MANAGER, "manager_email": "", "department": "", "language": "nl"},
        {"name": "Jan Jansen", "email": EMPLOYEE, "manager_email": NEW_MANAGER, "department": "", "language": "nl"},
    ]
    with system.runtime.uow() as uow:
        report = import_people(uow, rows, system.clock.now())
        uow.commit()
    assert report.problems == [] and report.created == 1 and report.updated == 1
    system.settle()
    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        meeting = uow.session.scalars(select(Meeting)).one()
        assert pop.manager.email == NEW_MANAGER and meeting.sequence == 1
        assert sorted(a.person.email for a in meeting.attendees) == [EMPLOYEE, NEW_MANAGER]
    (cancel,) = [m for m in mail_to(system.sink.directory, MANAGER) if m.calendar_method_param == "CANCEL"]
    event = cancel.calendar.walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CANCELLED"
    (invite,) = mail_to(system.sink.directory, NEW_MANAGER)
    assert invite.calendar_method_param == "REQUEST"
    assert int(invite.calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert str(invite.calendar.walk("VEVENT")[0]["UID"]) == str(event["UID"])
    # The old manager's link no longer opens the POP; the new one's does.
    app = system.app()
    assert app.test_client().get(invite.home_path).status_code == 200
    old_link = [m for m in mail_to(system.sink.directory, MANAGER) if m.calendar_method_param == "REQUEST"][0]
    assert app.test_client().get(old_link.home_path).status_code == 404


def test_the_next_pop_carries_open_agreements_over(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    system.clock.set(MEETING_UTC + timedelta(hours=2))
    system.tick()
    system.settle()
    agree_and_sign(system, "Cursus Excel", "Coachingstraject")
    with system.runtime.uow() as uow:
        first = uow.session.scalars(select(Pop)).one()
        assert first.state == "action"
        excel = uow.session.scalar(select(Agreement).where(Agreement.what == "Cursus Excel"))
        excel.status = "done"
        uow.commit()
    system.clock.advance(timedelta(days=200))
    schedule(system, start=system.clock.now() + timedelta(days=21))
    with system.runtime.uow() as uow:
        first, second = uow.session.scalars(select(Pop).order_by(Pop.id)).all()
        assert (first.state, second.state) == ("completed", "announcement")
        carried = commands.current_plan(uow, second)
        assert [a.what for a in carried] == ["Coachingstraject"] and carried[0].carried_from_id is not None
        future_reviews = uow.session.scalars(
            select(Meeting).where(
                Meeting.pop_id == first.id, Meeting.kind == "review", Meeting.starts_at > system.clock.now()
            )
        ).all()
        assert future_reviews and all(m.cancelled_at is not None for m in future_reviews)
    invitation = [m for m in mail_to(system.sink.directory, EMPLOYEE) if m.subject.startswith("POP-gesprek met ")][-1]
    page = system.app().test_client().get(invitation.link_path).data.decode()
    assert "Opvolging van eerdere afspraken" in page and "Coachingstraject" in page
