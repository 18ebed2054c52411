"""HR makes popflow its own (issue 21): a round without the conversation types, HR's own texts
of the types and the mail openings, and one settings page per round with its timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared.models import Event, HrUser, MailOpening, Person, Pop, Preparation, Round
from tests.integration.helpers import (
    EMPLOYEE,
    MANAGER,
    MEETING_UTC,
    add_hr,
    agree_and_sign,
    hr_client,
    pass_the_exchange,
    schedule,
    seed,
    state,
)
from tests.mails import mail_to
from tests.page_tour import visible_text

ROUND = {
    "name": "Ontwikkelronde 2027",
    "meetings_from": "2027-03-01",
    "meetings_until": "2027-06-30",
    "question_set": "v2",
}
SETTINGS = {
    "review_every_months": "3",
    "plan_months": "12",
    "exchange_days": "7",
    "prepare_reminder_days": "10, 8",
    "sign_reminder_days": "3, 7",
    "due_reminder_days": "7",
    "review_reminder_days": "2",
    "review_minutes": "30",
    "review_invite_days_before": "28",
    "plan_by_days_before_end": "14",
    "planning_reminder_days": "-7, 0, 7",
}


def seen(response) -> str:
    """What the reader sees of a page: its text, without the tags."""
    return visible_text(response.get_data(as_text=True))


def _launched_round(system, hr, ratings: bool) -> int:
    """A round HR made and started on its page, with or without the conversation types."""
    made = hr.post("/hr/rounds", data={**ROUND, **SETTINGS, **({"conversation_types": "y"} if ratings else {})})
    assert made.status_code == 302, seen(made)
    round_id = int(made.headers["Location"].rstrip("/").split("/")[-1])
    assert hr.post(f"/hr/rounds/{round_id}/launch").status_code == 302
    system.settle()
    return round_id


@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"], indirect=True)
def test_a_round_without_ratings_asks_the_manager_for_none_and_its_pop_goes_to_the_end(system):
    seed(system)
    hr = hr_client(system.app())
    round_id = _launched_round(system, hr, ratings=False)
    pop_id = schedule(system)
    with system.runtime.uow() as uow:
        assert uow.session.get(Pop, pop_id).round_id == round_id
    invitation = mail_to(system.sink.directory, MANAGER)[-1]
    assert "potentieel" not in invitation.text and "Bereid je voor met de vragen" in invitation.text

    boss, worker = system.app().test_client(), system.app().test_client()
    manager = invitation.home_path
    page = boss.get(manager + "/prepare")
    assert page.status_code == 200
    assert 'name="potential"' not in page.text and 'name="willingness"' not in page.text
    assert "Soort gesprek" not in seen(page)
    # Ready with one answer and no ratings: nothing else is asked for.
    ready = boss.post(
        manager + "/prepare", data={"answer_growth_options": "Cursus", "share_growth_options": "y", "submit": "1"}
    )
    assert ready.status_code == 302, seen(ready)
    employee = mail_to(system.sink.directory, EMPLOYEE)[-1].home_path
    assert worker.post(employee + "/prepare", data={"answer_strengths": "Plannen", "submit": "1"}).status_code == 302
    with system.runtime.uow() as uow:
        preps = uow.session.scalars(select(Preparation)).all()
        assert all(p.submitted_at is not None and p.potential is None for p in preps)
    pass_the_exchange(system, pop_id)
    system.clock.set(MEETING_UTC + timedelta(hours=2))
    system.tick()
    system.settle()
    assert state(system, pop_id) == "agreements"
    agree_and_sign(system, "Cursus projectleiding", pop_id=pop_id)
    assert any(m.attachments for m in mail_to(system.sink.directory, MANAGER))  # the signed plan went out
    for mail in mail_to(system.sink.directory, MANAGER) + mail_to(system.sink.directory, EMPLOYEE):
        assert "ontwikkelbereidheid" not in mail.text and "Ontwikkelgesprek" not in mail.text


def test_a_round_with_ratings_shows_hr_s_own_text_of_the_type(sqlite_system):
    system = sqlite_system
    seed(system)
    hr = hr_client(system.app())
    round_id = _launched_round(system, hr, ratings=True)
    own = "Jullie praten over groeien. Kies samen twee doelen."
    saved = hr.post(
        f"/hr/rounds/{round_id}/settings", data={**SETTINGS, "conversation_types": "y", "type_high_high_nl": own}
    )
    assert saved.status_code == 302
    schedule(system)
    manager = mail_to(system.sink.directory, MANAGER)[-1].home_path
    boss = system.app().test_client()
    page = boss.post(
        manager + "/prepare", data={"potential": "high", "willingness": "high", "save": "1"}, follow_redirects=True
    )
    assert 'name="potential"' in page.text
    assert own in seen(page) and "Ontwikkelgesprek" in seen(page)
    # The other three keep the question set's text.
    page = boss.post(
        manager + "/prepare",
        data={"potential": "low", "willingness": "low", "save": "1", "version": "1"},
        follow_redirects=True,
    )
    assert "goed blijven functioneren" in seen(page)


def test_the_settings_page_draws_the_timeline_and_records_who_changed_what(sqlite_system):
    system = sqlite_system
    seed(system)
    hr = hr_client(system.app())
    round_id = _launched_round(system, hr, ratings=True)
    page = seen(hr.get(f"/hr/rounds/{round_id}/settings"))
    assert "Wat wordt wanneer verstuurd" in page
    assert "4 weken voor elk voortgangsgesprek: uitnodiging voortgangsgesprek" in page
    assert "10 dagen voor het gesprek: herinnering om voor te bereiden" in page
    assert "Plandatum: woensdag 16 juni 2027" in page
    changed = {**SETTINGS, "review_invite_days_before": "21", "conversation_types": "y"}
    long_text = (
        "Bij dit gesprek wordt door de leidinggevende samen met de medewerker gekeken naar alle "
        "mogelijkheden die er zijn om verder te groeien in het werk."
    )
    changed["type_low_high_nl"] = long_text
    assert hr.post(f"/hr/rounds/{round_id}/settings", data=changed).status_code == 302
    page = seen(hr.get(f"/hr/rounds/{round_id}/settings"))
    assert "3 weken voor elk voortgangsgesprek: uitnodiging voortgangsgesprek" in page
    assert "Lange zin (25 woorden): maak hem korter." in page and "Lijdende vorm" in page
    assert "Wijzigingen" in page and "hr@voorbeeld.nl" in page
    with system.runtime.uow() as uow:
        rnd = uow.session.get(Round, round_id)
        assert rnd.review_invite_days_before == 21
        fact = uow.session.scalars(select(Event).where(Event.kind == "round_settings_changed")).one()
        assert fact.actor.startswith("hr:") and fact.data["changed"] == [
            "review_invite_days_before",
            "conversation_type_texts",
        ]
    # Out of bounds: the page says so, in Dutch, and keeps the round as it was.
    refused = hr.post(f"/hr/rounds/{round_id}/settings", data={**changed, "review_every_months": "99"})
    assert refused.status_code == 422 and "Controleer het formulier" in seen(refused)
    # Only HR: a person's link or no session opens nothing here.
    assert system.app().test_client().get(f"/hr/rounds/{round_id}/settings").status_code == 302


@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"], indirect=True)
def test_an_opening_text_reaches_the_mail_in_both_languages(system):
    seed(system)
    with system.runtime.uow() as uow:  # Jan reads English
        uow.session.scalars(select(Person).where(Person.email == EMPLOYEE)).one().language = "en"
        uow.commit()
    hr = hr_client(system.app())
    nl = "Hoi {recipient_name}, {manager_name} wil graag met je praten op {when}."
    en = "Hi {recipient_name}, {manager_name} would like to talk with you on {when}."
    data = {"text_employee_nl": nl, "text_employee_en": en, "text_manager_nl": "", "text_manager_en": ""}
    preview = hr.post("/hr/mail-texts/invitation", data={**data, "preview": "1"})
    assert preview.status_code == 200
    assert "Hoi Jan Jansen, Marieke de Vries wil graag met je praten op maandag 15 maart 2027" in seen(preview)
    with system.runtime.uow() as uow:
        assert uow.session.scalars(select(MailOpening)).all() == []  # a preview saves nothing
    assert hr.post("/hr/mail-texts/invitation", data={**data, "save": "1"}).status_code == 302
    schedule(system)
    english = mail_to(system.sink.directory, EMPLOYEE)[-1]
    assert (
        "Hi Jan Jansen, Marieke de Vries would like to talk with you on Monday 5 April 2027 at 10:00." in english.text
    )
    assert "Hi Jan Jansen, Marieke de Vries would like to talk with you" in english.html
    assert "accept it in your calendar" in english.text.lower() or english.calendar is not None  # the rest stays
    manager = mail_to(system.sink.directory, MANAGER)[-1]
    assert "Het POP-gesprek met Jan Jansen staat gepland op" in manager.text  # the manager's own stays the default

    # Dutch too, and back to the default when emptied.
    with system.runtime.uow() as uow:
        uow.session.scalars(select(Person).where(Person.email == EMPLOYEE)).one().language = "nl"
        uow.commit()
    hr.post(
        "/hr/mail-texts/prepare_reminder",
        data={"text_all_nl": "Let op, {recipient_name}: je voorbereiding wacht.", "text_all_en": "", "save": "1"},
    )
    system.clock.set(MEETING_UTC - timedelta(days=10) + timedelta(hours=1))
    system.tick()
    system.settle()
    reminder = [m for m in mail_to(system.sink.directory, EMPLOYEE) if m.subject.startswith("Herinnering")][-1]
    assert "Let op, Jan Jansen: je voorbereiding wacht." in reminder.text
    assert "Op " in reminder.text  # the second paragraph (the exchange) is still the system's
    with system.runtime.uow() as uow:
        facts = uow.session.scalars(select(Event).where(Event.kind == "mail_text_changed")).all()
        assert len(facts) == 3 and all(f.actor.startswith("hr:") for f in facts)
    page = seen(hr.get("/hr/mail-texts/prepare_reminder"))
    assert "Gewijzigd:" in page and "hr@voorbeeld.nl" in page


def test_an_unknown_or_malformed_placeholder_is_refused_in_dutch(sqlite_system):
    system = sqlite_system
    seed(system)
    hr = hr_client(system.app())
    for text, told in (
        ("Hoi {naam}", "Onbekend invulveld {naam}. In deze e-mail kun je gebruiken: {recipient_name}"),
        ("Hoi {recipient_name", "Een accolade ({ }) klopt niet"),
        ("Hoi {when.__class__}", "Onbekend invulveld {when.__class__}"),
        ("Hoi {agreement}", "Onbekend invulveld {agreement}"),  # not a placeholder of the invitation
    ):
        refused = hr.post("/hr/mail-texts/invitation", data={"text_employee_nl": text, "save": "1"})
        assert refused.status_code == 422 and told in seen(refused), text
    with system.runtime.uow() as uow:
        assert uow.session.scalars(select(MailOpening)).all() == []
    assert hr.get("/hr/mail-texts/no_such_mail").status_code == 404
    assert system.app().test_client().get("/hr/mail-texts").status_code == 302  # HR only


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from("{}!:.ab_ \n0"), max_size=30) | st.text(max_size=60))
def test_any_opening_text_gets_a_page_never_a_500(sqlite_system, text):
    with sqlite_system.runtime.uow() as uow:
        if uow.session.scalars(select(HrUser.id)).first() is None:
            add_hr(uow)
            uow.commit()
    hr = hr_client(sqlite_system.app())
    for button in ("preview", "save"):
        response = hr.post("/hr/mail-texts/exchange", data={"text_all_nl": text, "text_all_en": text, button: "1"})
        assert response.status_code in (200, 302, 422)


def test_the_round_of_loose_conversations_has_a_settings_page_too(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)  # planned outside a round: the round "Losse POP-gesprekken"
    with sqlite_system.runtime.uow() as uow:
        loose = uow.session.scalars(select(Pop.round_id)).one()
    page = seen(hr_client(sqlite_system.app()).get(f"/hr/rounds/{loose}/settings"))
    assert "Geen periode: geen verzoek om te plannen" in page
    assert "4 weken voor elk voortgangsgesprek" in page
