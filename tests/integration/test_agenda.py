"""The agenda page: both sides' points, shared at once, joint points first, no lost text."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from shared.models import AgendaPoint, Event
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, schedule, seed, text_of
from tests.mails import mail_to


def _homes(system) -> tuple[str, str]:
    seed(system)
    schedule(system)
    return (mail_to(system.sink.directory, EMPLOYEE)[0].home_path, mail_to(system.sink.directory, MANAGER)[0].home_path)


def test_points_from_both_sides_form_one_agenda_with_joint_points_first(sqlite_system):
    employee_home, manager_home = _homes(sqlite_system)
    employee, manager = (sqlite_system.app().test_client() for _ in range(2))
    assert "Agenda van het gesprek" in text_of(employee.get(employee_home + "/agenda"))
    saved = employee.post(
        employee_home + "/agenda",
        data={
            "loaded_hash": "",
            "points-0-text": "Werkdruk in het voorjaar",
            "points-0-priority": "2",
            "points-0-minutes": "20",
            "save": "1",
        },
    )
    assert saved.status_code == 302
    page = text_of(manager.get(manager_home + "/agenda"))  # shared at once, unlike the preparation
    assert "Werkdruk in het voorjaar" in page and "Jan Jansen" in page
    with sqlite_system.runtime.uow() as uow:
        point_id = uow.session.scalars(select(AgendaPoint.id)).one()
    loaded = manager.get(manager_home + "/agenda").data.decode()
    assert f'value="{point_id}"' in loaded  # the employee's point, to mark "mine too"
    manager.post(
        manager_home + "/agenda",
        data={
            "loaded_hash": "",
            "points-0-text": "Bijdrage aan het afdelingsplan",
            "points-0-priority": "1",
            "points-0-minutes": "50",
            "joint": str(point_id),
            "save": "1",
        },
    )
    page = text_of(employee.get(employee_home + "/agenda"))
    # The joint point leads; the manager's high-priority point follows.
    assert page.index("Werkdruk in het voorjaar") < page.index("Bijdrage aan het afdelingsplan")
    assert "gezamenlijk punt" in page
    # 70 minutes of points for a 60-minute conversation: advice, not a block.
    assert "Tijd voor het gesprek: 60 minuten. Geschat voor de punten: 70 minuten." in page
    assert "meer tijd dan het gesprek duurt" in page
    assert "Punten op de agenda: 2." in text_of(employee.get(employee_home))
    with sqlite_system.runtime.uow() as uow:
        kinds = uow.session.scalars(select(Event.kind).where(Event.kind == "agenda_updated")).all()
        assert len(kinds) == 2  # in the timeline HR sees


def test_a_point_with_minutes_but_no_text_is_told_and_the_rest_kept(sqlite_system):
    employee_home, _ = _homes(sqlite_system)
    client = sqlite_system.app().test_client()
    response = client.post(
        employee_home + "/agenda",
        data={
            "loaded_hash": "",
            "points-0-text": "Loopbaanwensen",
            "points-0-priority": "1",
            "points-0-minutes": "15",
            "points-1-text": "",
            "points-1-priority": "2",
            "points-1-minutes": "10",
            "points-2-text": "Te lang",
            "points-2-priority": "2",
            "points-2-minutes": "9999",
            "save": "1",
        },
    )
    assert response.status_code == 422
    page = response.data.decode()
    assert "Beschrijf het agendapunt, of laat de minuten leeg." in page
    assert '<a href="#points-2-minutes">Punt 3: Minuten (schatting): Vul een getal in van 1 tot en met 480.</a>' in page
    assert "Loopbaanwensen" in page and 'value="9999"' in page
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(AgendaPoint)).all() == []


def test_a_stale_agenda_keeps_the_text_just_typed_and_says_so(sqlite_system):
    employee_home, _ = _homes(sqlite_system)
    first_tab, second_tab = (sqlite_system.app().test_client() for _ in range(2))
    first_tab.post(
        employee_home + "/agenda",
        data={"loaded_hash": "", "points-0-text": "Versie A", "points-0-priority": "2", "save": "1"},
    )
    stale_hash = "0" * 16
    response = second_tab.post(
        employee_home + "/agenda",
        data={"loaded_hash": stale_hash, "points-0-text": "Versie B", "points-0-priority": "2", "save": "1"},
    )
    assert response.status_code == 409
    page = text_of(response)
    assert "intussen elders gewijzigd" in page and "Versie A" in page
    assert "Versie B" in response.data.decode()  # still in the form
    # Saving again from this page is deliberate: it now knows the newest version.
    html = response.data.decode()
    newest = html.split('name="loaded_hash" type="hidden" value="')[1].split('"')[0]
    assert (
        second_tab.post(
            employee_home + "/agenda",
            data={"loaded_hash": newest, "points-0-text": "Versie B", "points-0-priority": "2", "save": "1"},
        ).status_code
        == 302
    )


def test_after_the_conversation_the_agenda_is_read_only_and_in_english_for_an_english_speaker(sqlite_system):
    seed(sqlite_system, employee_language="en")
    schedule(sqlite_system)
    employee_home = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    client = sqlite_system.app().test_client()
    client.post(
        employee_home + "/agenda",
        data={"loaded_hash": "", "points-0-text": "Career wishes", "points-0-priority": "1", "save": "1"},
    )
    page = text_of(client.get(employee_home + "/agenda"))
    assert "Agenda of the conversation" in page and "priority high" in page
    sqlite_system.clock.set(MEETING_UTC + timedelta(hours=2))
    sqlite_system.tick()
    sqlite_system.settle()
    after = client.post(
        employee_home + "/agenda",
        data={"loaded_hash": "", "points-0-text": "Late", "points-0-priority": "1", "save": "1"},
    )
    assert after.status_code == 200 and "can no longer be changed" in text_of(after)
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(AgendaPoint.text)).all() == ["Career wishes"]


def test_a_point_without_text_alone_is_refused_too(sqlite_system):
    employee_home, _ = _homes(sqlite_system)
    client = sqlite_system.app().test_client()
    response = client.post(
        employee_home + "/agenda",
        data={"loaded_hash": "", "points-0-text": "", "points-0-priority": "2", "points-0-minutes": "10", "save": "1"},
    )
    assert response.status_code == 422 and "Beschrijf het agendapunt" in response.data.decode()
