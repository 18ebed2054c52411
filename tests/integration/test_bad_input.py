"""Bad input: a clear Dutch message, everything else kept as typed, never a 500."""

from __future__ import annotations

import re

from sqlalchemy import select

from intake import commands
from shared.models import Pop
from tests.integration.helpers import EMPLOYEE, MANAGER, hr_client, schedule, seed, text_of
from tests.mails import mail_to


def test_scheduling_in_the_past_says_so_in_dutch_and_keeps_the_form(sqlite_system):
    seed(sqlite_system)
    hr = hr_client(sqlite_system.app())
    response = hr.post(
        "/hr/schedule",
        data={
            "employee": EMPLOYEE,
            "day": "2020-01-06",
            "time": "10:00",
            "minutes": "45",
            "location": "Vergaderzaal De Linde",
        },
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "Het gesprek moet in de toekomst liggen." in page
    assert 'value="Vergaderzaal De Linde"' in page and 'value="45"' in page and 'value="2020-01-06"' in page
    employee = re.escape(EMPLOYEE)
    assert re.search(rf'<option selected value="{employee}"|<option value="{employee}" selected', page)


def test_an_impossible_time_and_duration_get_dutch_messages(sqlite_system):
    seed(sqlite_system)
    hr = hr_client(sqlite_system.app())
    response = hr.post(
        "/hr/schedule",
        data={"employee": EMPLOYEE, "day": "2027-04-05", "time": "25:99", "minutes": "5", "location": "Kamer 1"},
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "Controleer het formulier" in page
    assert "Ongeldige waarde voor tijd." in page
    assert "Vul een getal in van 10 tot en met 480" in page
    assert 'value="Kamer 1"' in page


def test_manager_submitting_without_ratings_keeps_every_answer(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    link = mail_to(sqlite_system.sink.directory, MANAGER)[0].home_path
    client = sqlite_system.app().test_client()
    response = client.post(
        link + "/prepare",
        data={
            "answer_competence_profile_fit": "Sterk in plannen; groeit in coachen",
            "share_competence_profile_fit": "y",
            "answer_development_budget": "€ 1.500 per jaar",
            "submit": "1",
        },
    )
    assert response.status_code == 422
    page = text_of(response)
    missing = "Kies laag of hoog om je voorbereiding klaar te zetten."
    assert page.count(missing) == 2 * 2  # at each field, and in the summary
    html = response.get_data(as_text=True)
    # The summary links each error to its field.
    assert f'<a href="#potential-0">Vermogen, potentieel: {missing}</a>' in html
    # Not ready, but nothing typed is lost: it was saved as a draft.
    assert 'name="version" type="hidden" value="1"' in page
    again = text_of(client.get(link + "/prepare"))
    assert "Sterk in plannen; groeit in coachen" in again and "€ 1.500 per jaar" in again
    assert "Sterk in plannen; groeit in coachen" in page and "€ 1.500 per jaar" in page
    shared = 'id="share_competence_profile_fit"'
    assert re.search(rf"{shared}[^>]*checked|checked[^>]*{shared}", page)


def test_agreement_with_a_bad_amount_keeps_the_rest(sqlite_system):
    from tests.integration.helpers import to_agreements

    link, _manager = to_agreements(sqlite_system)
    client = sqlite_system.app().test_client()
    response = client.post(
        link + "/agreements",
        data={
            "loaded_hash": "",
            "agreements-0-what": "Cursus timemanagement",
            "agreements-0-owner": "Jan",
            "agreements-0-due_date": "2027-06-01",
            "agreements-0-cost_eur": "veel",
            "save": "1",
        },
    )
    assert response.status_code == 422
    page = text_of(response)
    assert "Ongeldige decimale waarde." in page
    html = response.get_data(as_text=True)
    assert '<a href="#agreements-0-cost_eur">Afspraak 1: Verwachte kosten (EUR): Ongeldige decimale waarde.</a>' in html
    # Screen readers read the error and the SMART advice with their field.
    assert re.search(
        r'<input aria-describedby="agreements-0-cost_eur-errors" aria-invalid="true"[^>]*'
        r'id="agreements-0-cost_eur"',
        html,
    )
    assert 'aria-describedby="agreements-0-measurable_result-advice"' in html
    assert "Cursus timemanagement" in page and 'value="Jan"' in page and 'value="2027-06-01"' in page


def words_of(page: str) -> str:
    """What a reader sees of a page: its text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_a_stale_preparation_form_is_told_not_overwritten(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    link = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    first_tab, second_tab = (sqlite_system.app().test_client() for _ in range(2))
    assert (
        first_tab.post(link + "/prepare", data={"answer_strengths": "Versie A", "save": "1", "version": ""}).status_code
        == 302
    )
    assert (
        second_tab.post(
            link + "/prepare", data={"answer_strengths": "Versie B", "save": "1", "version": "1"}
        ).status_code
        == 302
    )  # loaded after the first save: fine
    stale = first_tab.post(link + "/prepare", data={"answer_strengths": "Versie C", "save": "1", "version": "1"})
    assert stale.status_code == 409
    page = text_of(stale)
    # Told, with the text just typed still in the field and the other version beside it.
    assert "intussen elders opgeslagen" in page and "Jouw tekst van zojuist staat hieronder nog" in page
    assert re.search(r'<textarea[^>]*name="answer_strengths"[^>]*>\s*Versie C</textarea>', page)
    assert "Elders opgeslagen: Versie B" in page
    # Saving again from this page is a deliberate choice: it now carries the newest version.
    assert 'name="version" type="hidden" value="2"' in page
    assert (
        first_tab.post(
            link + "/prepare", data={"answer_strengths": "Versie C", "save": "1", "version": "2"}
        ).status_code
        == 302
    )
    # The POP page tells how far the draft is; the form says what sharing means.
    assert "Er is een concept opgeslagen: 1 van 21 vragen beantwoord." in text_of(first_tab.get(link))
    form = text_of(first_tab.get(link + "/prepare"))
    assert "Wat je niet deelt, ziet niemand" in form
    # A long form: each group says how far it is; between groups, "save and go on" brings
    # the page back at the next group, and says there that it saved.
    assert "Sterke punten 1 van 4 beantwoord" in words_of(form)
    assert "Energie 0 van 6 beantwoord" in words_of(form)
    assert 'name="save" value="groep-2"' in form and "Concept opslaan en verder" in form
    middle = first_tab.post(
        link + "/prepare",
        data={"answer_strengths": "Versie C", "answer_dreads": "Spreken", "save": "groep-2", "version": "3"},
    )
    assert middle.status_code == 302 and middle.headers["Location"].endswith("/prepare?saved=2#groep-2")
    onward = words_of(text_of(first_tab.get(middle.headers["Location"])))
    assert "Sterke punten 1 van 4 beantwoord" in onward
    assert "Energie 1 van 6 beantwoord Je concept is opgeslagen." in onward
    assert onward.count("Je concept is opgeslagen.") == 1  # not also at the top, out of sight


def test_each_side_and_language_gets_its_own_preparation_form(sqlite_system):
    """Both sides' forms, one after the other and in both languages: each names the other
    person, in the reader's language, and keeps its own answers and errors."""
    seed(sqlite_system)
    schedule(sqlite_system)
    employee = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    manager = mail_to(sqlite_system.sink.directory, MANAGER)[0].home_path
    client = sqlite_system.app().test_client()
    too_long = client.post(employee + "/prepare", data={"answer_strengths": "x" * 5001, "save": "1", "version": ""})
    assert too_long.status_code == 422 and "Maximaal 5000 tekens" in text_of(too_long)
    for link, other in ((manager, "Jan Jansen"), (employee, "Marieke de Vries")):
        page = text_of(client.get(link + "/prepare?lang=nl"))
        assert f"Vooraf delen met {other}" in page and "Maximaal 5000 tekens" not in page
        assert "x" * 100 not in page
        english = text_of(client.get(link + "/prepare?lang=en"))
        assert f"Share with {other} beforehand" in english and "Vooraf delen" not in english
    assert "Vermogen, potentieel" in text_of(client.get(manager + "/prepare?lang=nl"))
    assert "Vermogen, potentieel" not in text_of(client.get(employee + "/prepare?lang=nl"))


def test_an_unknown_or_tampered_link_is_a_clear_404(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    link = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    client = sqlite_system.app().test_client()
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 404 and "Deze link werkt niet" in text_of(response)
    assert 'href="/link/request"' in response.get_data(as_text=True)  # where to get a fresh one


def test_two_people_editing_the_plan_at_once_the_second_is_told_and_keeps_their_text(sqlite_system):
    from tests.integration.helpers import to_agreements

    employee_home, manager_home = to_agreements(sqlite_system)
    employee, manager = (sqlite_system.app().test_client() for _ in range(2))
    assert (
        employee.post(
            employee_home + "/agreements",
            data={"loaded_hash": "", "agreements-0-what": "Cursus Excel", "agreements-0-kind": "", "save": "1"},
        ).status_code
        == 302
    )
    late = manager.post(
        manager_home + "/agreements",
        data={  # loaded before the employee saved
            "loaded_hash": "",
            "agreements-0-what": "Coaching",
            "agreements-0-kind": "",
            "save": "1",
        },
    )
    assert late.status_code == 409
    page = text_of(late)
    assert "Het plan is intussen elders gewijzigd" in page and "Jouw tekst staat hieronder nog" in page
    assert "De opgeslagen versie" in page and "Cursus Excel" in page
    assert re.search(r'<textarea[^>]*name="agreements-0-what"[^>]*>\s*Coaching</textarea>', page)
    newest = re.search(r'name="loaded_hash" type="hidden" value="([0-9a-f]+)"', page).group(1)
    assert (
        manager.post(
            manager_home + "/agreements",
            data={"loaded_hash": newest, "agreements-0-what": "Coaching", "agreements-0-kind": "", "save": "1"},
        ).status_code
        == 302
    )


def test_a_draft_sent_after_the_preparation_was_sent_in_changes_nothing(sqlite_system):
    """The draft save that writes without reading first must not touch a sent-in preparation."""
    seed(sqlite_system)
    schedule(sqlite_system)
    link = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    client = sqlite_system.app().test_client()
    sent = client.post(link + "/prepare", data={"answer_strengths": "Ingestuurd", "submit": "1", "version": ""})
    assert sent.status_code == 302
    late = client.post(link + "/prepare", data={"answer_strengths": "Te laat", "save": "1", "version": ""})
    assert late.status_code == 200 and "Te laat" not in text_of(late)
    with sqlite_system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        kept = commands.preparation_of(uow, pop, "employee")
        assert kept.answers["strengths"]["text"] == "Ingestuurd" and kept.version == 1
