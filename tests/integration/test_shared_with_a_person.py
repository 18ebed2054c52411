"""Shared text follows the people, not the roles (review of issue 17, finding 7): the
employee shares points with a named manager, so a new manager reads them only once the
employee shares them with him; agenda points belong to their writer, a former manager's
stay on the agenda under her name for nobody to change, and go with her erasure."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.models import AgendaPoint, Person
from shared.subject_access import erase_person, export_person
from tests.integration.helpers import (
    EMPLOYEE,
    MANAGER,
    NEW_MANAGER,
    import_with_jan_under,
    pass_the_exchange,
    schedule,
    seed,
    text_of,
)
from tests.mails import mail_to

pytestmark = pytest.mark.backend

SECRET = "Jan-gedeeld: ik wil meer klantcontact"
HER_POINT = "Marieke-punt: de planning van het voorjaar"


def _home(system, address: str) -> str:
    return [m for m in mail_to(system.sink.directory, address) if "Jan Jansen" in m.text or "/p/" in m.text][
        -1
    ].home_path


def _handed_over(system):
    """Jan shared a point with Marieke and submitted; Marieke put a point on the agenda; the
    points were exchanged; then Jan got Kees as his manager. Their browsers and pages."""
    seed(system)
    import_with_jan_under(system, MANAGER)
    pop_id = schedule(system)
    app = system.app()
    jan_browser, marieke_browser, kees_browser = app.test_client(), app.test_client(), app.test_client()
    jan, marieke = _home(system, EMPLOYEE), _home(system, MANAGER)
    form = text_of(jan_browser.get(jan + "/prepare"))
    assert "Vooraf delen met Marieke de Vries" in form
    assert (
        jan_browser.post(
            jan + "/prepare", data={"answer_strengths": SECRET, "share_strengths": "y", "submit": "1"}
        ).status_code
        == 302
    )
    assert (
        marieke_browser.post(
            marieke + "/agenda", data={"points-0-text": HER_POINT, "points-0-priority": "2", "save": "1"}
        ).status_code
        == 302
    )
    pass_the_exchange(system, pop_id)
    assert SECRET in text_of(marieke_browser.get(marieke))  # shared with her: she reads it
    import_with_jan_under(system, NEW_MANAGER)
    return jan_browser, jan, kees_browser, _home(system, NEW_MANAGER)


def test_the_new_manager_reads_shared_points_only_once_the_employee_shares_them_with_him(system):
    jan_browser, jan, kees_browser, kees = _handed_over(system)
    assert SECRET not in text_of(kees_browser.get(kees))
    page = text_of(jan_browser.get(jan + "/prepare"))
    assert "gedeeld met Marieke de Vries" in page and "Kees Visser is nu je leidinggevende" in page
    assert "Deel mijn gedeelde punten met Kees Visser" in page
    assert jan_browser.post(jan + "/prepare/share").status_code == 302
    assert SECRET in text_of(kees_browser.get(kees))
    page = text_of(jan_browser.get(jan + "/prepare"))
    assert "Gedeeld met Kees Visser." in page and "Deel mijn gedeelde punten" not in page


def test_the_share_button_is_a_post_of_the_employee_only(system):
    jan_browser, jan, kees_browser, kees = _handed_over(system)
    assert jan_browser.get(jan + "/prepare/share").status_code == 405  # a GET (a prefetch) shares nothing
    kees_browser.post(kees + "/prepare/share")  # his own (absent) preparation: nothing of Jan's moves
    assert SECRET not in text_of(kees_browser.get(kees))


def test_a_former_managers_agenda_points_stay_hers(system):
    jan_browser, jan, kees_browser, kees = _handed_over(system)
    for browser, home in ((kees_browser, kees), (jan_browser, jan)):
        page = text_of(browser.get(home + "/agenda"))
        assert HER_POINT in page and "van Marieke de Vries (vorige leidinggevende)" in page
    # Kees starts with none of his own: his save replaces his points, never hers.
    assert (
        kees_browser.post(
            kees + "/agenda", data={"points-0-text": "Kees-punt", "points-0-priority": "2", "save": "1"}
        ).status_code
        == 302
    )
    with system.runtime.uow() as uow:
        people = {p.email: p.id for p in uow.session.scalars(select(Person))}
        points = {p.text: p.author_id for p in uow.session.scalars(select(AgendaPoint))}
    assert points == {HER_POINT: people[MANAGER], "Kees-punt": people[NEW_MANAGER]}
    page = text_of(kees_browser.get(kees + "/agenda"))
    assert "Kees-punt" in page and "— Kees Visser" in page


def test_the_former_managers_agenda_points_follow_her_export_and_erasure(system):
    _handed_over(system)
    with system.runtime.uow() as uow:
        marieke = uow.session.scalar(select(Person.id).where(Person.email == MANAGER))
        kees = uow.session.scalar(select(Person.id).where(Person.email == NEW_MANAGER))
        handed_over = export_person(uow, marieke)["written_before_handover"]
        assert [p["text"] for pop in handed_over for p in pop["my_agenda_points"]] == [HER_POINT]
        # Kees's export holds the agenda as his page shows it: her point, not as his.
        agenda = [p for pop in export_person(uow, kees)["pops"] for p in pop["agenda"]]
        assert [(p["text"], p["mine"]) for p in agenda] == [(HER_POINT, False)]
        report = erase_person(uow, system.clock.now(), marieke, "test")
        uow.commit()
    assert report.agenda_points == 1
    with system.runtime.uow() as uow:
        assert HER_POINT not in [p.text for p in uow.session.scalars(select(AgendaPoint))]
