"""One POP from scheduling to a signed plan, through the real app, worker, broker and SMTP.

Runs on SQLite + in-process broker, PostgreSQL + RabbitMQ and PostgreSQL + Redis.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from shared.models import Meeting, Person, Pop
from tests.integration.helpers import add_hr
from tests.mails import all_mail, mail_to

MANAGER = "marieke@voorbeeld.nl"
EMPLOYEE = "emma@voorbeeld.nl"  # English-speaking: her mails and pages are in English
# 10:00 in Amsterdam on 5 April 2027 is summer time: 08:00 UTC.
MEETING_UTC = datetime(2027, 4, 5, 8, 0, tzinfo=UTC)


def seed_people(system) -> None:
    with system.runtime.uow() as uow:
        manager = Person(name="Marieke de Vries", email=MANAGER, language="nl", department="Zorg")
        uow.session.add(manager)
        uow.session.add(Person(name="Emma Clarke", email=EMPLOYEE, language="en", department="Zorg", manager=manager))
        add_hr(uow)
        uow.commit()


def hr_client(app):
    client = app.test_client()
    response = client.post("/hr/login", data={"email": "hr@voorbeeld.nl", "password": "geheim-wachtwoord"})
    assert response.status_code == 302
    return client


def pop_state(system) -> str:
    with system.runtime.uow() as uow:
        return uow.session.scalars(select(Pop.state)).one()


def states_walked(system) -> list[str]:
    from intake.commands import timeline

    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        return [e.data["to"] for e in timeline(uow, pop) if e.kind == "state_changed"]


def fill_preparation(client, path: str, answers: dict[str, tuple[str, bool]], extra: dict | None = None):
    page = client.get(path + "/prepare")
    assert page.status_code == 200
    version = re.search(rb'name="version" type="hidden" value="([^"]*)"', page.data)
    data = {"submit": "1", "version": version.group(1).decode() if version else ""}
    for qid, (text, share) in answers.items():
        data[f"answer_{qid}"] = text
        if share:
            data[f"share_{qid}"] = "y"
    data.update(extra or {})
    return client.post(path + "/prepare", data=data)


def test_one_pop_from_schedule_to_action(system):
    seed_people(system)
    app = system.app()
    hr = hr_client(app)

    # 1. HR schedules the meeting three weeks ahead.
    response = hr.post(
        "/hr/schedule",
        data={"employee": EMPLOYEE, "day": "2027-04-05", "time": "10:00", "minutes": "60", "location": "Kamer 2.14"},
    )
    assert response.status_code == 302, response.data
    system.settle()
    assert pop_state(system) == "announcement"

    # 2. Both are invited, each in their own language, with a calendar REQUEST.
    (employee_mail,) = mail_to(system.sink.directory, EMPLOYEE)
    (manager_mail,) = mail_to(system.sink.directory, MANAGER)
    assert employee_mail.language == "en"
    assert employee_mail.subject.startswith("POP conversation with Marieke de Vries on")
    assert "Monday 5 April 2027 at 10:00" in employee_mail.subject
    assert manager_mail.language == "nl" and manager_mail.subject.startswith("POP-gesprek met Emma Clarke op")
    assert "maandag 5 april 2027 om 10:00" in manager_mail.subject
    # The body says how long it takes, as the calendar part does.
    assert "maandag 5 april 2027 om 10:00–11:00 (Kamer 2.14)" in manager_mail.text
    assert "Monday 5 April 2027 at 10:00–11:00 (Kamer 2.14)" in employee_mail.html
    with system.runtime.uow() as uow:
        meeting = uow.session.scalars(select(Meeting)).one()
        uid = meeting.uid
    for mail in (employee_mail, manager_mail):
        assert mail.calendar_method_param == "REQUEST" and mail.attachments == ("invite.ics",)
        cal = mail.calendar
        assert str(cal["METHOD"]) == "REQUEST"
        event = cal.walk("VEVENT")[0]
        assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == MEETING_UTC
        assert event.decoded("DTEND") == MEETING_UTC + timedelta(hours=1)
        attendees = sorted(str(a).lower() for a in event.get("ATTENDEE"))
        assert attendees == [f"mailto:{EMPLOYEE}", f"mailto:{MANAGER}"]
        assert all(a.params["RSVP"] == "TRUE" for a in event.get("ATTENDEE"))

    # 3. Both follow their link and prepare; each shares one point and keeps one private.
    employee, manager = app.test_client(), app.test_client()
    assert employee_mail.link_path.endswith("/prepare") and manager_mail.link_path.endswith("/prepare")
    overview = employee.get(employee_mail.home_path)
    assert overview.status_code == 200 and b"Your POP with Marieke de Vries" in overview.data
    # What now: prepare, before the exchange a week ahead.
    assert (
        b"Prepare for the conversation and mark your preparation ready to share before Monday 29 March 2027 at 10:00"
        in overview.data
    )
    assert (
        fill_preparation(
            employee,
            employee_mail.home_path,
            {
                "strengths": ("Planning and keeping overview", True),
                "dreads": ("Presenting to the board", False),
            },
        ).status_code
        == 302
    )
    system.settle()
    assert pop_state(system) == "announcement"  # the manager has not prepared yet
    assert (
        fill_preparation(
            manager,
            manager_mail.home_path,
            {
                "competence_profile_fit": ("Voldoet ruim aan het profiel", True),
                "development_level": ("Zelfstandig, klaar voor meer", False),
            },
            {"potential": "high", "willingness": "high"},
        ).status_code
        == 302
    )

    # 4. Both in: alignment, and each gets what the other chose to share, nothing more.
    system.settle()
    assert pop_state(system) == "alignment"
    timeline = employee.get(employee_mail.home_path).data.decode().split("Timeline", 1)[1]
    assert "Preparation ready to share (employee)" in timeline and "Preparation ready to share (manager)" in timeline
    exchange_to_employee = [m for m in mail_to(system.sink.directory, EMPLOYEE) if "Discussion points" in m.subject]
    exchange_to_manager = [m for m in mail_to(system.sink.directory, MANAGER) if "Gesprekspunten" in m.subject]
    assert len(exchange_to_employee) == 1 and len(exchange_to_manager) == 1
    assert "Voldoet ruim aan het profiel" in exchange_to_employee[0].text
    assert "Zelfstandig, klaar voor meer" not in exchange_to_employee[0].text
    assert "Planning and keeping overview" in exchange_to_manager[0].text
    assert "Presenting to the board" not in exchange_to_manager[0].text

    # 5. After the meeting's end the tick moves it to agreements; the employee records them.
    system.clock.set(MEETING_UTC + timedelta(hours=1, minutes=1))
    system.tick()
    system.settle()
    assert pop_state(system) == "agreements"
    ask = [m for m in mail_to(system.sink.directory, EMPLOYEE) if "Record the agreements" in m.subject]
    assert len(ask) == 1
    after_meeting = employee.get(employee_mail.home_path).data
    assert b"Record the agreements you made" in after_meeting  # what now
    assert b"There are no points on the agenda yet" not in after_meeting  # no empty agenda once it is over
    saved = employee.post(
        employee_mail.home_path + "/agreements",
        data={
            "loaded_hash": "",
            "agreements-0-what": "Training 'Presenteren met impact' volgen",
            "agreements-0-measurable_result": "Presentatie aan het MT gegeven",
            "agreements-0-owner": "Emma",
            "agreements-0-due_date": "2027-09-30",
            "agreements-0-kind": "skill",
            "agreements-0-cost_eur": "850",
            "agreements-0-hours": "16",
            "save": "1",
        },
    )
    assert saved.status_code == 302, saved.data
    for client, link in ((employee, employee_mail.home_path), (manager, manager_mail.home_path)):
        page = client.get(link)
        assert (
            b"Read the agreements and sign the plan if it is right." in page.data
            or b"Lees de afspraken en onderteken het plan als het klopt." in page.data
        )
        content_hash = re.search(rb'name="content_hash" type="hidden" value="([0-9a-f]{64})"', page.data).group(1)
        assert client.post(link + "/sign", data={"content_hash": content_hash.decode()}).status_code == 302
        if client is employee:  # signed; the manager still has to
            assert b"You have signed the plan. Now Marieke de Vries still has to." in client.get(link).data

    # 6. Both signed the same version: action, and one mail each, naming the progress reviews.
    system.settle()
    assert pop_state(system) == "action"
    assert b"keep the progress up to date" in employee.get(employee_mail.home_path).data
    assert states_walked(system) == ["announcement", "alignment", "agreements", "action"]
    assert not [m for m in mail_to(system.sink.directory, MANAGER) if m.subject.startswith("Voortgangsgesprek")]
    signed = [m for m in mail_to(system.sink.directory, EMPLOYEE) if "signed the development plan" in m.subject]
    assert len(signed) == 1
    for day in ("Monday 5 July 2027 at 10:00", "Wednesday 5 January 2028 at 10:00"):  # in her language
        assert day in signed[0].text, day
    assert signed[0].link_path.endswith("/evaluation")  # the evaluation's own mail is gone
    # Every link in every mail works, and each Message-ID is unique.
    everything = all_mail(system.sink.directory)
    assert len({m.message_id for m in everything}) == len(everything)
    for mail in everything:
        assert app.test_client().get(mail.link_path, follow_redirects=True).status_code == 200

    # 7. Each review's calendar REQUEST comes four weeks (the round's default) before it.
    reviews = []
    for start in (date(2027, 7, 5), date(2027, 10, 5), date(2028, 1, 5), date(2028, 4, 5)):
        system.clock.set(datetime.combine(start - timedelta(days=28), datetime.min.time(), UTC) + timedelta(hours=12))
        system.tick()
        system.settle()
        reviews += [m for m in mail_to(system.sink.directory, MANAGER) if m.subject.startswith("Voortgangsgesprek")][
            len(reviews) :
        ]
        assert len(reviews) == len({r.message_id for r in reviews})
    assert len(reviews) == 4
    starts = [m.calendar.walk("VEVENT")[0].decoded("DTSTART") for m in reviews]
    assert [s.date() for s in starts] == [date(2027, 7, 5), date(2027, 10, 5), date(2028, 1, 5), date(2028, 4, 5)]
    assert starts[2] == datetime(2028, 1, 5, 9, 0, tzinfo=UTC)  # 10:00 in winter
    assert len({str(m.calendar.walk("VEVENT")[0]["UID"]) for m in reviews}) == 4
