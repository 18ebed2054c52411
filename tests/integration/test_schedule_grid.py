"""The manager's scheduling grid through the test client: the slot generator, conflicts
caught before anything is saved, warnings to confirm, and the overview with its .ics."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import select

from intake import scheduling
from intake.commands import InputError
from intake.rounds import RoundInput, create_round, launch_round
from shared.models import Meeting, Person, Pop
from tests.integration.helpers import add_hr, hr_client, text_of
from tests.mails import mail_to

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)  # a Monday
PERIOD = (date(2027, 3, 1), date(2027, 4, 30))
MANAGER = "sanne@voorbeeld.nl"
REPORTS = ["Anna de Wit", "Bram Bos", "Cor Smit"]


def _email(name: str) -> str:
    return name.split()[0].lower() + "@voorbeeld.nl"


@pytest.fixture
def grid(sqlite_system):
    """A launched round for Sanne's three reports; yields (system, client, link, rows)."""
    system = sqlite_system
    system.clock.set(NOW)
    with system.runtime.uow() as uow:
        sanne = Person(name="Sanne Verkoop", email=MANAGER)
        uow.session.add(sanne)
        uow.session.add_all(Person(name=name, email=_email(name), manager=sanne) for name in REPORTS)
        add_hr(uow)
        rnd = create_round(
            uow, NOW, RoundInput(name="Ronde 2027", meetings_from=PERIOD[0], meetings_until=PERIOD[1]), "test"
        )
        launch_round(uow, NOW, rnd.id, "test")
        uow.commit()
    system.settle()
    link = mail_to(system.sink.directory, MANAGER)[0].link_path
    client = system.app().test_client()
    page = client.get(link)
    assert page.status_code == 200
    rows = re.findall(r'name="slots-(\d+)-pop_id" type="hidden" value="(\d+)"', page.data.decode())
    assert len(rows) == 3
    return system, client, link, [pop_id for _i, pop_id in rows]


def _data(rows, times, place="", **extra) -> dict[str, str]:
    data = {"place_all": place, **extra}
    for i, (pop_id, when) in enumerate(zip(rows, times, strict=True)):
        day, at = when.split() if when else ("", "")
        data |= {f"slots-{i}-pop_id": pop_id, f"slots-{i}-day": day, f"slots-{i}-time": at, f"slots-{i}-minutes": "45"}
        data[f"slots-{i}-location"] = ""
    return data


def _planned(system) -> int:
    with system.runtime.uow() as uow:
        return len(uow.session.scalars(select(Meeting)).all())


GENERATOR = {
    "gen-first_day": "2027-03-05",  # a Friday
    "gen-day_start": "09:00",
    "gen-day_end": "10:30",
    "gen-minutes": "45",
    "gen-gap": "0",
    "gen-skip_weekends": "y",
    "generate": "1",
}


def test_the_generator_fills_the_rows_in_order_and_saves_nothing(grid):
    system, client, link, rows = grid
    page = client.post(link, data=_data(rows, ["", "", ""], place="Kamer 3") | GENERATOR)
    assert page.status_code == 200
    html = text_of(page)
    days = re.findall(r'name="slots-\d-day" type="date" value="([^"]*)"', html)
    times = re.findall(r'name="slots-\d-time" type="time" value="([^"]*)"', html)
    # Friday 9:00 and 9:45, then past the weekend: Monday 9:00.
    assert list(zip(days, times, strict=True)) == [
        ("2027-03-05", "09:00"),
        ("2027-03-05", "09:45"),
        ("2027-03-08", "09:00"),
    ]
    assert html.count('value="Kamer 3"') == 4  # the field for all, and each empty place
    assert "nog niet opgeslagen" in html
    assert _planned(system) == 0


def test_the_generator_never_goes_past_the_round(grid):
    system, client, link, rows = grid
    late = GENERATOR | {"gen-first_day": "2027-04-30", "gen-day_end": "10:00"}  # room for one on the last day
    page = client.post(link, data=_data(rows, ["", "", ""]) | late)
    html = text_of(page)
    assert page.status_code == 422 and "Er passen 1 van de 3 gesprekken in de ronde" in html
    assert re.findall(r'name="slots-\d-day" type="date" value="([^"]*)"', html) == ["2027-04-30", "", ""]


def test_a_double_booking_is_shown_at_the_row_and_nothing_is_saved(grid):
    system, client, link, rows = grid
    page = client.post(link, data=_data(rows, ["2027-03-10 10:00", "2027-03-10 10:30", "2027-03-10 11:15"]))
    html = text_of(page)
    assert page.status_code == 422
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert (
        '<a href="#slots-1-time">Bram Bos, tijd: Je hebt op dat moment al een gesprek met Anna de Wit.</a>' in summary
    )
    assert "#slots-0-time" in summary and "#slots-2-time" not in summary  # Bram's 45 minutes end at 11:15
    assert 'value="2027-03-10"' in html and 'value="10:30"' in html  # nothing typed is lost
    assert _planned(system) == 0


def test_a_meeting_already_planned_is_in_the_way(grid):
    system, client, link, rows = grid
    with system.runtime.uow() as uow:
        scheduling.schedule_meeting(
            uow, NOW, employee_email=_email("Anna de Wit"), start=datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
        )
        uow.commit()
    page = client.post(link, data=_data(rows[1:], ["2027-03-10 10:30", ""]))  # 10:30 Amsterdam = 9:30 UTC
    assert page.status_code == 422
    assert "Je hebt van 10:00 tot 11:00 al een ander gesprek." in text_of(page)
    assert _planned(system) == 1


def test_a_weekend_and_short_notice_are_saved_only_when_confirmed(grid):
    system, client, link, rows = grid
    system.clock.set(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    data = _data(rows, ["2027-03-06 10:00", "2027-03-22 10:00", ""])  # a Saturday, 5 days ahead; one fine
    page = client.post(link, data=data)
    html = text_of(page)
    assert page.status_code == 200 and "Toch opslaan" in html
    assert "Anna de Wit: Deze dag valt in het weekend." in html
    # Planned now, 5 days ahead: the points are exchanged halfway, on 3 March at 22:00 Amsterdam.
    assert "De gesprekspunten worden dan al op woensdag 3 maart 2027 om 22:00 uitgewisseld" in html
    assert _planned(system) == 0
    warned = re.search(r'name="warned" type="hidden" value="([0-9a-f]+)"', html).group(1)
    # "Toch opslaan" for other warnings than the ones shown asks again.
    changed = data | {"slots-0-day": "2027-03-07", "warned": warned, "confirm": "1"}
    assert "Toch opslaan" in text_of(client.post(link, data=changed)) and _planned(system) == 0
    saved = client.post(link, data=data | {"warned": warned, "confirm": "1"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/schedule/planned")
    assert _planned(system) == 2


def test_the_overview_and_its_ics_match_the_invitations(grid):
    system, client, link, rows = grid
    saved = client.post(link, data=_data(rows, ["2027-03-10 10:00", "2027-03-10 11:00", ""], place="Kamer 3"))
    assert saved.status_code == 302
    system.settle()
    overview = text_of(client.get(saved.headers["Location"]))
    assert "woensdag 10 maart 2027 om 10:00–10:45" in overview and "Kamer 3" in overview
    assert overview.count("nog geen antwoord") == 2
    assert "Nog niet gepland" in overview and "Cor Smit" in overview
    download = client.get(link.removesuffix("/schedule") + "/schedule/planned.ics")
    assert download.mimetype == "text/calendar" and "attachment" in download.headers["Content-Disposition"]
    assert b"/p/" not in download.data  # calendar items carry no personal link (decision 6)
    events = icalendar.Calendar.from_ical(download.data).walk("VEVENT")
    invites = {}
    for name in REPORTS[:2]:
        (invite,) = mail_to(system.sink.directory, _email(name))
        event = invite.calendar.walk("VEVENT")[0]
        invites[str(event["UID"])] = int(event["SEQUENCE"])
    assert {str(e["UID"]): int(e["SEQUENCE"]) for e in events} == invites
    assert [e.decoded("DTSTART").astimezone(UTC).hour for e in events] == [9, 10]
    # Later too, from the manager's POP page.
    home = text_of(client.get(link.removesuffix("/schedule")))
    assert "/schedule/planned" in home


def test_the_service_refuses_what_the_page_refuses_for_every_caller(grid):
    system, client, link, rows = grid
    start = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    with system.runtime.uow() as uow:
        scheduling.schedule_meeting(uow, NOW, employee_email=_email("Anna de Wit"), start=start)
        uow.commit()
    for email, when, code in (
        (_email("Bram Bos"), start + timedelta(minutes=30), "double_booked_manager"),
        (_email("Bram Bos"), datetime(2027, 5, 3, 9, 0, tzinfo=UTC), "outside_round"),
    ):
        with system.runtime.uow() as uow, pytest.raises(InputError) as raised:
            scheduling.schedule_meeting(uow, NOW, employee_email=email, start=when)
        assert raised.value.code == code
    # HR's schedule page says so at the field.
    page = hr_client(system.app()).post(
        "/hr/schedule",
        data={"employee": _email("Bram Bos"), "day": "2027-05-03", "time": "10:00", "minutes": "60"},
    )
    assert page.status_code == 422 and "buiten de periode van de ronde (01-03-2027 – 30-04-2027)" in text_of(page)
    with system.runtime.uow() as uow:
        assert {
            p.state for p in uow.session.scalars(select(Pop).where(Pop.employee.has(email=_email("Bram Bos"))))
        } == {"planning"}
