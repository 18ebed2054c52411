"""Reports pick a time themselves: the manager offers times, each report picks from their own
link, first come first served; the loser is told; the unpicked are reminded; the manager sees
who picked what."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from intake.rounds import RoundInput, create_round, launch_round
from shared.models import Meeting, OutboxMail, Person
from tests.integration.helpers import text_of
from tests.mails import mail_to

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
PERIOD = (date(2027, 3, 1), date(2027, 4, 30))
MANAGER = "sanne@voorbeeld.nl"
ANNA, BRAM = "anna@voorbeeld.nl", "bram@voorbeeld.nl"
TAKEN = "Deze tijd is net door iemand anders gekozen. Kies een andere tijd."


def launched(system) -> None:
    """Sanne with Anna and Bram, in a round launched now."""
    system.clock.set(NOW)
    with system.runtime.uow() as uow:
        sanne = Person(name="Sanne Verkoop", email=MANAGER, department="Verkoop")
        uow.session.add_all(
            [
                sanne,
                Person(name="Anna de Wit", email=ANNA, department="Verkoop", manager=sanne),
                Person(name="Bram Bos", email=BRAM, department="Verkoop", manager=sanne),
            ]
        )
        uow.session.flush()
        rnd = create_round(
            uow,
            system.clock.now(),
            RoundInput(name="POP-ronde 2027", meetings_from=PERIOD[0], meetings_until=PERIOD[1]),
            "test",
        )
        launch_round(uow, system.clock.now(), rnd.id, "test")
        uow.commit()
    system.settle()


def offer_page(system) -> str:
    return mail_to(system.sink.directory, MANAGER)[0].link_path.removesuffix("/schedule") + "/offer"


def waiting_ids(client, page: str) -> list[str]:
    return re.findall(r'name="reports" type="checkbox" value="(\d+)"', client.get(page).data.decode())


def offer_two_times(system, client) -> None:
    page = offer_page(system)
    ids = waiting_ids(client, page)
    assert len(ids) == 2
    saved = client.post(
        page,
        data={
            "save": "1",
            "slots-0-day": "2027-03-10",
            "slots-0-time": "09:00",
            "slots-0-minutes": "45",
            "slots-0-location": "Kamer 1",
            "slots-1-day": "2027-03-10",
            "slots-1-time": "10:00",
            "slots-1-minutes": "45",
            "slots-1-location": "Kamer 1",
            "reports": ids,
        },
    )
    assert saved.status_code == 302, text_of(saved)
    system.settle()


def pick_link(system, email: str) -> str:
    (mail,) = [m for m in mail_to(system.sink.directory, email) if m.subject.startswith("Kies een tijd")]
    return mail.link_path


def free_slots(client, link: str) -> list[str]:
    return re.findall(r'name="slot" value="(\d+)"', client.get(link).data.decode())


def test_the_manager_generates_times_and_a_past_or_outside_time_is_refused(sqlite_system):
    launched(sqlite_system)
    client = sqlite_system.app().test_client()
    page = offer_page(sqlite_system)
    first = text_of(client.get(page))
    assert "Laat je medewerkers zelf een tijd kiezen" in first and "Anna de Wit" in first and "Bram Bos" in first
    made = client.post(
        page,
        data={
            "generate": "1",
            "gen-first_day": "2027-03-12",  # a Friday: the next time skips the weekend
            "gen-day_start": "09:00",
            "gen-day_end": "10:00",
            "gen-minutes": "45",
            "gen-between": "15",
            "gen-count": "2",
            "gen-skip_weekends": "y",
            "gen-location": "Kamer 3",
        },
    )
    body = made.data.decode()
    assert made.status_code == 200 and "Er staan 2 tijden klaar." in text_of(made)
    assert 'name="slots-0-day" type="date" value="2027-03-12"' in body
    assert 'name="slots-1-day" type="date" value="2027-03-15"' in body  # Monday
    assert 'name="slots-1-time" type="time" value="09:00"' in body and 'value="Kamer 3"' in body
    with sqlite_system.runtime.uow() as uow:
        assert (
            uow.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "slot_offer")) == 0
        )
    wrong = client.post(
        page,
        data={
            "save": "1",
            "slots-0-day": "2027-01-20",
            "slots-0-time": "09:00",
            "slots-0-minutes": "45",
            "slots-1-day": "2027-06-01",
            "slots-1-time": "09:00",
            "slots-1-minutes": "45",
            "reports": waiting_ids(client, page),
        },
    )
    assert wrong.status_code == 422
    told = text_of(wrong)
    assert "Het gesprek moet in de toekomst liggen." in told
    assert "Deze tijd ligt buiten de periode van de ronde (01-03-2027 – 30-04-2027)." in told
    overlap = client.post(
        page,
        data={
            "save": "1",
            "slots-0-day": "2027-03-10",
            "slots-0-time": "09:00",
            "slots-0-minutes": "60",
            "slots-1-day": "2027-03-10",
            "slots-1-time": "09:30",
            "slots-1-minutes": "60",
            "reports": waiting_ids(client, page),
        },
    )
    assert overlap.status_code == 422 and "Deze tijd overlapt met een andere tijd." in text_of(overlap)
    nobody = client.post(
        page, data={"save": "1", "slots-0-day": "2027-03-10", "slots-0-time": "09:00", "slots-0-minutes": "60"}
    )
    assert nobody.status_code == 422 and "Kies minstens één medewerker die een tijd mag kiezen." in text_of(nobody)
    with sqlite_system.runtime.uow() as uow:
        assert (
            uow.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "slot_offer")) == 0
        )


def test_reports_pick_first_come_first_served_and_are_reminded_once(sqlite_system):
    system = sqlite_system
    launched(system)
    client = system.app().test_client()
    offer_two_times(system, client)
    anna, bram = pick_link(system, ANNA), pick_link(system, BRAM)
    assert anna.endswith("/pick") and bram.endswith("/pick")
    (invite_mail,) = [m for m in mail_to(system.sink.directory, ANNA) if m.subject.startswith("Kies een tijd")]
    assert invite_mail.subject == "Kies een tijd voor je POP-gesprek met Sanne Verkoop"
    assert "Wie het eerst kiest, krijgt de tijd." in invite_mail.text
    slots = free_slots(client, anna)
    assert len(slots) == 2 and free_slots(client, bram) == slots
    assert "woensdag 10 maart 2027" in text_of(client.get(anna))
    bram_page = client.get(bram)  # Bram opened the page before Anna chose
    assert bram_page.status_code == 200

    won = client.post(anna, data={"slot": slots[0]})
    assert won.status_code == 302
    assert "Je hebt gekozen: woensdag 10 maart 2027" in text_of(client.get(anna))
    lost = client.post(bram, data={"slot": slots[0]})
    assert lost.status_code == 409
    told = text_of(lost)
    assert TAKEN in told and free_slots(client, bram) == [slots[1]] and f'value="{slots[1]}"' in told
    again = client.post(anna, data={"slot": slots[1]})  # one pick per report
    assert again.status_code == 409 and "Je gesprek is al gepland." in text_of(again)
    system.settle()
    invitations = [m for m in mail_to(system.sink.directory, ANNA) if m.subject.startswith("POP-gesprek met")]
    assert len(invitations) == 1 and "woensdag 10 maart 2027" in invitations[0].subject
    assert invitations[0].calendar is not None
    with system.runtime.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Meeting)) == 1

    manager_view = text_of(client.get(offer_page(system)))
    assert "Anna de Wit" in manager_view.split("Wie koos wat")[1].split("Nog geen tijd gekozen")[0]
    assert "Nog geen tijd gekozen: Bram Bos." in manager_view

    def reminders(email):
        return [m for m in mail_to(system.sink.directory, email) if m.subject.startswith("Herinnering: kies een tijd")]

    system.clock.set(NOW + timedelta(days=2))
    system.tick()
    system.settle()
    assert reminders(BRAM) == []
    system.clock.set(NOW + timedelta(days=3, hours=1))
    system.tick()
    system.tick()
    system.settle()
    assert len(reminders(BRAM)) == 1 and reminders(ANNA) == []
    assert reminders(BRAM)[0].link_path.endswith("/pick")
    system.clock.set(NOW + timedelta(days=10, hours=1))
    system.tick()
    system.settle()
    assert len(reminders(BRAM)) == 2

    withdrawn = client.post(offer_page(system) + "/withdraw")
    assert withdrawn.status_code == 302
    assert "Er zijn geen vrije tijden meer om uit te kiezen." in text_of(client.get(bram))
    refused = client.post(bram, data={"slot": slots[1]})
    assert refused.status_code == 409 and "Er zijn geen tijden meer om uit te kiezen." in text_of(refused)
    system.clock.set(NOW + timedelta(days=30))
    system.tick()
    system.settle()
    assert len(reminders(BRAM)) == 2


def test_only_the_manager_offers_and_only_a_report_picks(sqlite_system):
    launched(sqlite_system)
    client = sqlite_system.app().test_client()
    offer_two_times(sqlite_system, client)
    anna = pick_link(sqlite_system, ANNA)
    assert client.get(anna.removesuffix("/pick") + "/offer").status_code == 404
    assert client.get(offer_page(sqlite_system).removesuffix("/offer") + "/pick").status_code == 404
    for hostile in ("", "abc", "²", "9" * 5000, "-1", "999999"):
        assert client.post(anna, data={"slot": hostile}).status_code == 409


def test_a_report_planned_otherwise_cannot_pick_and_is_not_reminded(sqlite_system):
    from intake.scheduling import schedule_meeting

    system = sqlite_system
    launched(system)
    client = system.app().test_client()
    offer_two_times(system, client)
    bram = pick_link(system, BRAM)
    with system.runtime.uow() as uow:  # the manager plans Bram herself, on the planning page
        schedule_meeting(
            uow, system.clock.now(), employee_email=BRAM, start=datetime(2027, 3, 11, 9, tzinfo=UTC), actor="test"
        )
        uow.commit()
    system.settle()
    assert "Je gesprek is al gepland." in text_of(client.get(bram)) and free_slots(client, bram) == []
    refused = client.post(bram, data={"slot": free_slots(client, pick_link(system, ANNA))[0]})
    assert refused.status_code == 409 and "Je gesprek is al gepland." in text_of(refused)
    assert "Op een andere manier gepland: Bram Bos." in text_of(client.get(offer_page(system)))
    system.clock.set(NOW + timedelta(days=11))
    system.tick()
    system.settle()
    reminded = {
        email
        for email in (ANNA, BRAM)
        for m in mail_to(system.sink.directory, email)
        if m.subject.startswith("Herinnering: kies een tijd")
    }
    assert reminded == {ANNA}


def test_a_time_the_manager_already_has_a_meeting_at_is_not_offered(sqlite_system):
    """Sanne already talks with Cas on 10 March at 9:00: offering 9:00 (or 8:30 for an hour)
    is refused before anyone could pick it; 10:00 is fine."""
    from intake import scheduling

    system = sqlite_system
    launched(system)
    with system.runtime.uow() as uow:
        sanne = uow.session.scalars(select(Person).where(Person.email == MANAGER)).one()
        uow.session.add(Person(name="Cas Kok", email="cas@voorbeeld.nl", department="Verkoop", manager=sanne))
        uow.session.flush()
        scheduling.schedule_meeting(
            uow, NOW, employee_email="cas@voorbeeld.nl", start=datetime(2027, 3, 10, 8, 0, tzinfo=UTC), minutes=45
        )  # 9:00 in Amsterdam
        uow.commit()
    system.settle()
    client = system.app().test_client()
    page = offer_page(system)
    ids = waiting_ids(client, page)
    for time, minutes in (("09:00", "45"), ("08:30", "60")):
        busy = client.post(
            page,
            data={
                "save": "1",
                "slots-0-day": "2027-03-10",
                "slots-0-time": time,
                "slots-0-minutes": minutes,
                "reports": ids,
            },
        )
        assert busy.status_code == 422, time
        assert "Op een van deze tijden heb je al een gesprek. Kies een andere tijd." in text_of(busy)
    fine = client.post(
        page,
        data={
            "save": "1",
            "slots-0-day": "2027-03-10",
            "slots-0-time": "10:00",
            "slots-0-minutes": "45",
            "reports": ids,
        },
    )
    assert fine.status_code == 302, text_of(fine)
