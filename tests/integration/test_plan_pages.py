"""The pages around the plan, through HTTP: follow-up, progress, evaluation, cancel."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.localtime import format_when
from shared.models import Agreement, Evaluation, Meeting, Person
from tests.integration.helpers import (
    EMPLOYEE,
    MANAGER,
    MEETING_UTC,
    agree_and_sign,
    hr_client,
    schedule,
    seed,
    state,
    to_agreements,
)
from tests.mails import mail_to


def test_no_agreement_yet_plans_a_follow_up_with_its_own_invite(sqlite_system):
    employee_home, _ = to_agreements(sqlite_system)
    client = sqlite_system.app().test_client()
    bad = client.post(employee_home + "/followup", data={"day": "2027-04-01", "time": "10:00", "minutes": "45"})
    assert bad.status_code == 422 and "Het gesprek moet in de toekomst liggen." in bad.data.decode()
    ok = client.post(
        employee_home + "/followup", data={"day": "2027-04-12", "time": "14:00", "minutes": "45", "location": "Kamer 3"}
    )
    assert ok.status_code == 302
    sqlite_system.settle()
    assert state(sqlite_system) == "agreements"
    (invite,) = [m for m in mail_to(sqlite_system.sink.directory, MANAGER) if m.subject.startswith("Vervolggesprek")]
    event = invite.calendar.walk("VEVENT")[0]
    assert invite.calendar_method_param == "REQUEST" and str(event["LOCATION"]) == "Kamer 3"

    # Nobody is asked to sign before the follow-up; three days after it, both are.
    def sign_reminders():
        return [
            m for m in mail_to(sqlite_system.sink.directory, MANAGER) if m.subject.startswith("Herinnering: onderteken")
        ]

    sqlite_system.clock.set(MEETING_UTC + timedelta(days=3, hours=2))
    sqlite_system.tick()
    sqlite_system.settle()
    assert sign_reminders() == []
    sqlite_system.clock.set(datetime(2027, 4, 15, 13, 0, tzinfo=UTC))  # follow-up ended 12 April
    sqlite_system.tick()
    sqlite_system.settle()
    assert len(sign_reminders()) == 1


def test_progress_and_evaluation_pages_record_what_was_entered(sqlite_system):
    employee_home, _ = to_agreements(sqlite_system)
    agree_and_sign(sqlite_system, "Cursus Excel")
    # The signed plan's mail holds the evaluation's link (no mail of its own since issue 19).
    (evaluation_mail,) = [m for m in mail_to(sqlite_system.sink.directory, EMPLOYEE) if "ondertekend" in m.subject]
    assert evaluation_mail.link_path.endswith("/evaluation")
    client = sqlite_system.app().test_client()
    form = client.get(evaluation_mail.link_path)
    assert form.status_code == 200
    assert "HR ziet ze niet, en Marieke de Vries alleen als je hieronder kiest om ze te delen." in form.data.decode()
    with sqlite_system.runtime.uow() as uow:  # Jan moved to Lisbon: an hour behind the organisation
        uow.session.scalar(select(Person).where(Person.email == EMPLOYEE)).timezone = "Europe/Lisbon"
        uow.commit()
    assert (
        client.post(evaluation_mail.link_path, data={"answer_conversation_experience": "Open en prettig"}).status_code
        == 302
    )
    lisbon = sqlite_system.clock.now().astimezone(ZoneInfo("Europe/Lisbon"))
    # When it was sent, on his clock as every other time on his pages.
    sent = client.get(evaluation_mail.link_path).data.decode()
    assert f"Ingestuurd op {format_when(lisbon, 'nl', 'Europe/Lisbon')}" in sent
    with sqlite_system.runtime.uow() as uow:
        agreement = uow.session.scalars(select(Agreement)).one()
        assert uow.session.scalars(select(Evaluation)).one().answers["conversation_experience"] == "Open en prettig"
        agreement_id = agreement.id
    first = client.post(
        employee_home + "/progress",
        data={f"status_{agreement_id}": "open", f"note_{agreement_id}": "Ingeschreven voor mei"},
    )
    assert first.status_code == 302
    sqlite_system.clock.set(sqlite_system.clock.now() + timedelta(days=90))  # the next review
    response = client.post(
        employee_home + "/progress",
        data={f"status_{agreement_id}": "done", f"note_{agreement_id}": "Certificaat gehaald"},
    )
    assert response.status_code == 302
    page = client.get(employee_home).data.decode()
    assert "afgerond — Certificaat gehaald" in page and "Voortgang bijgewerkt" in page
    # The first review's note is not overwritten: the history keeps both, with who wrote them.
    history = " ".join(re.sub(r"<[^>]+>", " ", page.split("Verloop", 1)[1].split("</ul>", 1)[0]).split())
    assert "Jan Jansen: loopt — Ingeschreven voor mei" in history
    assert history.index("Ingeschreven voor mei") < history.index("Jan Jansen: afgerond — Certificaat gehaald")


def test_an_evaluation_reaches_the_other_side_only_when_its_writer_shares_it(sqlite_system):
    employee_home, manager_home = to_agreements(sqlite_system)
    agree_and_sign(sqlite_system, "Cursus Excel")
    employee, manager = (sqlite_system.app().test_client() for _ in range(2))
    private = {"answer_conversation_experience": "Wat gehaast", "answer_next_time_differently": "Meer tijd"}
    assert employee.post(employee_home + "/evaluation", data=private).status_code == 302
    assert "Wat gehaast" not in manager.get(manager_home).data.decode()  # not shared: the manager sees nothing
    assert employee.post(employee_home + "/evaluation", data={**private, "shared": "y"}).status_code == 302
    page = manager.get(manager_home).data.decode()
    assert "Evaluatie van Jan Jansen" in page and "Wat gehaast" in page and "Meer tijd" in page
    sqlite_system.settle()
    told = [m for m in mail_to(sqlite_system.sink.directory, MANAGER) if "evaluatie" in m.subject]
    assert [m.subject for m in told] == ["Jan Jansen heeft de evaluatie van jullie POP-gesprek met je gedeeld"]
    assert (
        employee.post(
            employee_home + "/evaluation",
            data={**private, "shared": "y", "answer_next_time_differently": "Meer tijd, en vooraf de agenda"},
        ).status_code
        == 302
    )
    sqlite_system.settle()
    assert len([m for m in mail_to(sqlite_system.sink.directory, MANAGER) if "evaluatie" in m.subject]) == 1
    assert "checked" in employee.get(employee_home + "/evaluation").data.decode()  # the choice stays visible
    assert "Wat gehaast" not in hr_client(sqlite_system.app()).get("/hr/pop/1").data.decode()  # never HR's
    # The manager's own evaluation, not shared, stays theirs.
    assert (
        manager.post(manager_home + "/evaluation", data={"answer_conversation_experience": "Goed"}).status_code == 302
    )
    assert "Evaluatie van Marieke de Vries" not in employee.get(employee_home).data.decode()


def test_the_manager_cancels_with_a_reason_and_every_future_meeting_is_called_off(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    manager_home = mail_to(sqlite_system.sink.directory, MANAGER)[0].home_path
    employee_home = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    client = sqlite_system.app().test_client()
    assert "Dit POP annuleren" not in client.get(employee_home).data.decode()  # only the manager may
    empty = client.post(manager_home + "/cancel", data={"reason": "  "})
    assert empty.status_code == 422 and "Vul dit veld in." in empty.data.decode()
    assert client.post(manager_home + "/cancel", data={"reason": "Medewerker wisselt van team"}).status_code == 302
    sqlite_system.settle()
    assert state(sqlite_system) == "cancelled"
    (notice,) = [m for m in mail_to(sqlite_system.sink.directory, EMPLOYEE) if "geannuleerd" in m.subject]
    assert "Reden: Medewerker wisselt van team" in notice.text
    (cancel,) = [m for m in mail_to(sqlite_system.sink.directory, EMPLOYEE) if m.calendar_method_param == "CANCEL"]
    assert str(cancel.calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Meeting)).one().cancelled_at is not None


def test_hr_cancels_from_the_pop_page(sqlite_system):
    seed(sqlite_system)
    pop_id = schedule(sqlite_system)
    hr = hr_client(sqlite_system.app())
    assert hr.post(f"/hr/pop/{pop_id}/cancel", data={"reason": ""}).status_code == 422
    assert hr.post(f"/hr/pop/{pop_id}/cancel", data={"reason": "Reorganisatie"}).status_code == 302
    sqlite_system.settle()
    page = hr.get(f"/hr/pop/{pop_id}").data.decode()
    assert (
        state(sqlite_system) == "cancelled"
        and "Annulering gevraagd" in page
        and '<td data-label="Door">HR</td>' in page
    )


def test_the_plan_shows_what_is_signed_in_the_readers_language(sqlite_system):
    """Kind, cost and hours are part of the signed content, so the page shows them, formatted per language."""
    employee_home, manager_home = to_agreements(sqlite_system)
    client = sqlite_system.app().test_client()
    assert (
        client.post(
            employee_home + "/agreements",
            data={
                "loaded_hash": "",
                "agreements-0-what": "Cursus projectleiding",
                "agreements-0-kind": "skill",
                "agreements-0-cost_eur": "1250",
                "agreements-0-hours": "24",
                "agreements-0-due_date": "2027-06-01",
                "save": "1",
            },
        ).status_code
        == 302
    )
    dutch = client.get(employee_home).data.decode()
    assert "Vaardigheid" in dutch and "€\xa01.250,00" in dutch and "<dd>24</dd>" in dutch
    assert "dinsdag 1 juni 2027" in dutch
    english = client.get(employee_home + "?lang=en").data.decode()
    assert "Skill" in english and "€1,250.00" in english and "Tuesday 1 June 2027" in english


def test_a_due_date_after_the_plan_period_gets_advice_but_saves(sqlite_system):
    employee_home, _ = to_agreements(sqlite_system)  # conversation 5 April 2027, plan of 12 months
    client = sqlite_system.app().test_client()
    late = {
        "loaded_hash": "",
        "agreements-0-what": "Opleiding HBO",
        "agreements-0-kind": "",
        "agreements-0-measurable_result": "Diploma",
        "agreements-0-owner": "Jan",
        "agreements-0-due_date": "2028-06-01",
        "save": "1",
    }
    assert client.post(employee_home + "/agreements", data=late).status_code == 302
    page = client.get(employee_home + "/agreements").data.decode()
    assert "Tip (opslaan kan ook zo): Deze datum ligt na het einde van de planperiode." in page
    assert "Meetbaar: hoe zien jullie" not in page  # only what is missing


def test_an_edit_after_signing_voids_the_signature_and_asks_again(sqlite_system):
    import re

    employee_home, manager_home = to_agreements(sqlite_system)
    employee, manager = (sqlite_system.app().test_client() for _ in range(2))
    plan = {"loaded_hash": "", "agreements-0-what": "Cursus Excel", "agreements-0-kind": "", "save": "1"}
    assert employee.post(employee_home + "/agreements", data=plan).status_code == 302
    old_hash = re.search(
        r'name="content_hash" type="hidden" value="([0-9a-f]{64})"', employee.get(employee_home).data.decode()
    ).group(1)
    assert employee.post(employee_home + "/sign", data={"content_hash": old_hash}).status_code == 302
    assert "ondertekend op" in manager.get(manager_home).data.decode()  # the manager sees who signed, and when
    sqlite_system.settle()

    def asked():
        return [
            m
            for m in mail_to(sqlite_system.sink.directory, MANAGER)
            if m.subject == "Jan Jansen heeft het ontwikkelingsplan ondertekend"
        ]

    (told,) = asked()  # and hears it, without waiting for a reminder
    assert "Jouw handtekening ontbreekt nog." in told.text
    assert told.home_path.split(".")[0] == manager_home.split(".")[0]  # a link to the manager's own page
    # The manager changes the plan before signing: the employee's signature no longer counts.
    assert (
        manager.post(
            manager_home + "/agreements",
            data={**plan, "loaded_hash": old_hash, "agreements-0-what": "Cursus Excel gevorderd"},
        ).status_code
        == 302
    )
    page = employee.get(employee_home).data.decode()
    assert "Cursus Excel gevorderd" in page and "ondertekend op" not in page
    assert page.count("nog niet ondertekend") == 2 and "Ik onderteken dit plan" in page
    # A signature sent for the old content is refused with a clear message.
    stale = employee.post(employee_home + "/sign", data={"content_hash": old_hash}, follow_redirects=True)
    assert "Het plan is intussen gewijzigd." in stale.data.decode()
    sqlite_system.settle()
    assert state(sqlite_system) == "agreements"
    # Signing the new version tells the manager again, once: it is another plan.
    new_hash = re.search(r'name="content_hash" type="hidden" value="([0-9a-f]{64})"', page).group(1)
    assert employee.post(employee_home + "/sign", data={"content_hash": new_hash}).status_code == 302
    sqlite_system.settle()
    sqlite_system.tick()
    sqlite_system.settle()
    assert len(asked()) == 2


def test_the_plan_has_a_goal_above_its_agreements_and_it_is_signed_with_them(sqlite_system):
    import re

    employee_home, manager_home = to_agreements(sqlite_system)
    employee, manager = (sqlite_system.app().test_client() for _ in range(2))
    form = employee.get(employee_home + "/agreements").data.decode()
    assert "Gewenste ontwikkeling" in form and "wordt mee ondertekend" in form
    plan = {
        "loaded_hash": "",
        "goal": "Doorgroeien naar teamleider binnen twee jaar",
        "agreements-0-what": "Cursus leidinggeven",
        "agreements-0-kind": "",
        "save": "1",
    }
    assert employee.post(employee_home + "/agreements", data=plan).status_code == 302
    page = employee.get(employee_home).data.decode()
    assert "Gewenste ontwikkeling:</strong> Doorgroeien naar teamleider binnen twee jaar" in page
    signed = re.search(r'name="content_hash" type="hidden" value="([0-9a-f]{64})"', page).group(1)
    assert employee.post(employee_home + "/sign", data={"content_hash": signed}).status_code == 302
    # The manager changes only the goal: that is a change of the plan, the signature lapses.
    again = manager.get(manager_home + "/agreements").data.decode()
    assert "Doorgroeien naar teamleider binnen twee jaar</textarea>" in again
    loaded = re.search(r'name="loaded_hash" type="hidden" value="([0-9a-f]{64})"', again).group(1)
    assert loaded == signed
    assert (
        manager.post(
            manager_home + "/agreements", data={**plan, "loaded_hash": loaded, "goal": "Doorgroeien naar teamleider"}
        ).status_code
        == 302
    )
    page = employee.get(employee_home).data.decode()
    assert "Doorgroeien naar teamleider</p>" in page and page.count("nog niet ondertekend") == 2
    assert "Doorgroeien naar teamleider" in hr_client(sqlite_system.app()).get("/hr/pop/1").data.decode()


def test_the_timeline_names_each_step_as_the_steps_above_it_do(sqlite_system):
    employee_home, _ = to_agreements(sqlite_system)
    page = sqlite_system.app().test_client().get(employee_home).data.decode()
    timeline = " ".join(page.split("Tijdlijn", 1)[1].split())
    assert "— Aankondiging: uitnodiging en voorbereiding" in timeline
    assert "— Afspraken: vastleggen en ondertekenen" in timeline
    assert "Fase gewijzigd" not in timeline
    english = sqlite_system.app().test_client().get(employee_home + "?lang=en").data.decode()
    assert "Phase changed" not in english.split("Timeline", 1)[1]
