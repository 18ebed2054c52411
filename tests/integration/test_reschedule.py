"""Moving the meeting before it takes place: same UID, SEQUENCE + 1, an updated invite to both."""

from __future__ import annotations

from datetime import timedelta

from intake.scheduling import schedule_meeting
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, schedule, seed, state
from tests.mails import mail_to


def test_rescheduling_updates_the_calendar_event_both_have(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    (first,) = mail_to(system.sink.directory, EMPLOYEE)
    uid = str(first.calendar.walk("VEVENT")[0]["UID"])
    later = MEETING_UTC + timedelta(days=2, hours=3)
    with system.runtime.uow() as uow:
        done = schedule_meeting(
            uow, system.clock.now(), employee_email=EMPLOYEE, start=later, minutes=90, location="Online", actor="test"
        )
        uow.commit()
    assert done.rescheduled
    system.settle()
    assert state(system) == "announcement"
    for address, subject in (
        (EMPLOYEE, "Gewijzigd: POP-gesprek met Marieke de Vries nu op woensdag 7 april 2027 om 13:00"),
        (MANAGER, "Gewijzigd: POP-gesprek met Jan Jansen nu op woensdag 7 april 2027 om 13:00"),
    ):
        mails = mail_to(system.sink.directory, address)
        assert len(mails) == 2
        update = mails[-1]
        assert update.subject == subject
        event = update.calendar.walk("VEVENT")[0]
        assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == later and event.decoded("DTEND") == later + timedelta(minutes=90)
        assert str(event["LOCATION"]) == "Online"
