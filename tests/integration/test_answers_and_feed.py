"""Answering an invitation from the e-mail's links, moving a meeting after a decline,
and the per-person calendar feed: through the pages, as the people would."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import icalendar
from sqlalchemy import select

from shared.models import Attendee, Meeting, Person
from tests.integration.helpers import EMPLOYEE, MANAGER, agree_and_sign, schedule, seed, to_agreements
from tests.mails import mail_to

ANSWER_LINK = re.compile(r"https?://[^\s\"<>]+/meetings/\d+/answer\?partstat=[A-Z]+")


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _partstat(system, email: str, kind: str = "conversation") -> str:
    with system.runtime.uow() as uow:
        return uow.session.scalar(
            select(Attendee.partstat)
            .join(Meeting)
            .join(Person, Person.id == Attendee.person_id)
            .where(Person.email == email, Meeting.kind == kind)
            .order_by(Meeting.id)
            .limit(1)
        )


def test_declining_by_link_asks_the_manager_who_moves_the_meeting(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    (invitation,) = mail_to(system.sink.directory, EMPLOYEE)
    links = ANSWER_LINK.findall(invitation.text)
    assert [link.rsplit("=", 1)[1] for link in links] == ["ACCEPTED", "TENTATIVE", "DECLINED"]
    assert all(link.replace("&", "&amp;") in invitation.html or link in invitation.html for link in links)
    client = system.app().test_client()
    decline = _path(links[2])
    page = client.get(decline).get_data(as_text=True)
    # Opening the link (a mail scanner does that too) only shows the choice.
    assert re.search(r'<input checked[^>]*value="DECLINED"', page) and "maandag 5 april 2027 om 10:00" in page
    assert _partstat(system, EMPLOYEE) == "NEEDS-ACTION"
    answered = client.post(decline.split("?")[0], data={"partstat": "DECLINED"})
    assert answered.status_code == 302
    assert _partstat(system, EMPLOYEE) == "DECLINED"
    system.settle()

    asked = mail_to(system.sink.directory, MANAGER)[-1]
    assert asked.subject == "Jan Jansen kan niet op maandag 5 april 2027 om 10:00: stel een ander moment voor"
    manager = system.app().test_client()
    home = manager.get(asked.home_path).get_data(as_text=True)
    assert "Jan Jansen kan niet op maandag 5 april 2027 om 10:00 (POP-gesprek)." in home
    form = manager.get(asked.link_path).get_data(as_text=True)
    assert 'value="2027-04-05"' in form and 'value="10:00"' in form  # the current time, to change
    # A time in the past is refused in Dutch; what was typed stays.
    refused = manager.post(
        asked.link_path, data={"day": "2027-03-01", "time": "14:30", "minutes": "45", "location": "Kamer 3"}
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Het gesprek moet in de toekomst liggen." in body and 'value="Kamer 3"' in body
    moved = manager.post(
        asked.link_path, data={"day": "2027-04-08", "time": "14:30", "minutes": "45", "location": "Kamer 3"}
    )
    assert moved.status_code == 302
    system.settle()
    for address, other in ((EMPLOYEE, "Marieke de Vries"), (MANAGER, "Jan Jansen")):
        update = [m for m in mail_to(system.sink.directory, address) if m.calendar is not None][-1]
        assert update.subject == f"Gewijzigd: POP-gesprek met {other} nu op donderdag 8 april 2027 om 14:30"
        assert int(update.calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert _partstat(system, EMPLOYEE) == "NEEDS-ACTION"  # everyone answers the new time


def test_the_employee_answers_but_cannot_move(sqlite_system):
    system = sqlite_system
    seed(system, employee_language="en")
    schedule(system)
    (invitation,) = mail_to(system.sink.directory, EMPLOYEE)
    accept = _path(ANSWER_LINK.findall(invitation.text)[0])
    client = system.app().test_client()
    page = client.get(accept).get_data(as_text=True)
    assert "Answer the invitation" in page and "Yes, I&#39;ll come" in page
    assert client.post(accept.split("?")[0], data={"partstat": "ACCEPTED"}).status_code == 302
    assert _partstat(system, EMPLOYEE) == "ACCEPTED"
    move = accept.split("/answer")[0]
    assert client.get(move).headers["Location"].endswith("/answer")
    # No answer chosen: a clear message, nothing recorded.
    bad = client.post(accept.split("?")[0], data={})
    assert bad.status_code == 422 and "Check the form" in bad.get_data(as_text=True)


def test_a_declined_progress_review_is_moved_with_an_updated_invite(sqlite_system):
    system = sqlite_system
    to_agreements(system)
    agree_and_sign(system, "Cursus Python afronden")
    # The first review's invitation, at its lead time (four weeks before 5 July).
    system.clock.set(datetime(2027, 6, 7, 12, 0, tzinfo=UTC))
    system.tick()
    system.settle()
    review = [m for m in mail_to(system.sink.directory, EMPLOYEE) if m.calendar is not None][-1]
    assert review.subject.startswith("Voortgangsgesprek 1 van 4 met Marieke de Vries op ")
    decline = _path(ANSWER_LINK.findall(review.text)[2])
    client = system.app().test_client()
    assert client.post(decline.split("?")[0], data={"partstat": "DECLINED"}).status_code == 302
    system.settle()
    asked = mail_to(system.sink.directory, MANAGER)[-1]
    assert "kan niet op" in asked.subject and "voortgangsgesprek" in asked.text
    old = review.calendar.walk("VEVENT")[0]
    new_day = (old.decoded("DTSTART") + timedelta(days=3)).strftime("%Y-%m-%d")
    manager = system.app().test_client()
    assert (
        manager.post(
            asked.link_path, data={"day": new_day, "time": "11:00", "minutes": "30", "location": ""}
        ).status_code
        == 302
    )
    system.settle()
    for address in (EMPLOYEE, MANAGER):
        update = [m for m in mail_to(system.sink.directory, address) if m.calendar is not None][-1]
        assert update.subject.startswith("Gewijzigd: Voortgangsgesprek 1 van 4 met ")
        event = update.calendar.walk("VEVENT")[0]
        assert str(event["UID"]) == str(old["UID"]) and int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == f"{new_day} 11:00"


def _feed_url(client, home: str) -> str:
    page = client.get(home).get_data(as_text=True)
    return re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page).group(1)


def test_the_calendar_feed_holds_each_meeting_once_and_can_be_revoked(sqlite_system):
    system = sqlite_system
    employee_home, _manager_home = to_agreements(system)
    agree_and_sign(system, "Cursus Python afronden")
    client = system.app().test_client()
    url = _feed_url(client, employee_home)
    # Beside the link: accepting the invitations too would put every meeting in twice.
    assert "dan staat elk gesprek er twee keer in" in client.get(employee_home).get_data(as_text=True)
    answer = client.get(_path(url))
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    feed = icalendar.Calendar.from_ical(answer.data)
    assert "METHOD" not in feed and str(feed["X-WR-CALNAME"]) == "POP-gesprekken – Jan Jansen"
    with system.runtime.uow() as uow:
        meetings = uow.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        expected = [(m.uid, m.sequence, m.starts_at) for m in meetings if m.cancelled_at is None]
    events = [(str(e["UID"]), int(e["SEQUENCE"]), e.decoded("DTSTART")) for e in feed.walk("VEVENT")]
    assert events == expected and len(events) >= 2  # the conversation and the progress reviews
    assert client.get(_path(url)[:-8] + "xx.ics").status_code == 404  # tampered
    with system.runtime.uow() as uow:
        uow.session.scalars(select(Person).where(Person.email == EMPLOYEE)).one().link_epoch += 1
        uow.commit()
    assert client.get(_path(url)).status_code == 404  # revoked with the personal links
