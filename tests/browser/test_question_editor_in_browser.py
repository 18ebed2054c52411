"""Issue 21's acceptance in Chromium: HR builds a set whose employee part is six questions (four
from the library, one of them a subject of seed 004, and two of their own, one optional) and
whose manager part is three, previews it on a phone, publishes it, starts a round with it and
without ratings; the employee's preparation asks exactly those six, the manager's its three
and rates nothing; a new draft edited afterwards changes nothing in the running POP."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.helpers import EMPLOYEE, MANAGER, schedule, seed
from tests.mails import mail_to

EMPLOYEE_QUESTIONS = sorted(  # four from the library (one of seed 004's subjects), two of HR's own
    [
        "Waar ben ik goed in?",
        "Waar krijg ik energie van?",
        "Wat is op dit moment mijn grootste uitdaging?",
        "Hoe tevreden ben je over je huidige functie?",
        "Wat wil je dit jaar leren?",
        "Waar ben je trots op?",
    ]
)
MANAGER_QUESTIONS = [
    "Is er een ontwikkelnoodzaak? En zo ja, welke?",
    "Wat zijn de mogelijkheden van de medewerker om mee te groeien of zich te verbreden?",
    "Welke steun heeft je team nodig?",
]


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


def _asked(page) -> list[str]:
    """The labels of the preparation's answer boxes, folded ones too."""
    return page.locator("textarea").evaluate_all("boxes => boxes.map(b => b.labels[0].textContent.trim())")


def test_hr_builds_previews_publishes_and_the_round_asks_exactly_those(sqlite_system, served, browser_page, axe):
    system, page = sqlite_system, browser_page
    system.clock.set(datetime(2027, 2, 1, 9, 0, tzinfo=UTC))
    seed(system)
    page.goto(served + "/hr/login")
    page.get_by_label("E-mailadres").fill("hr@voorbeeld.nl")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    _click(page, "main form button[type=submit]")

    page.get_by_role("link", name="Vragenlijsten").click()
    page.get_by_role("link", name="Nieuwe vragenlijst uit de bibliotheek").click()
    assert axe.violations(page) == []
    page.get_by_label("Naam van de vragenlijst").fill("Zorgvragen")
    for value in (
        "employee-strengths",
        "employee-energy_sources",
        "employee-biggest_challenge",
        "employee-job_satisfaction",
        "manager-growth_options",
    ):
        page.locator(f"#lib-{value}").check()
    page.locator("#lib-manager-development_necessity").check()
    _click(page, "button:has-text('Concept maken')")

    page.locator("[name='new-employee-text_nl']").fill("Wat wil je dit jaar leren?")
    _click(page, "button[value='add:employee']")
    page.locator("[name='new-manager-text_nl']").fill("Welke steun heeft je team nodig?")
    page.locator("[name='new-manager-text_en']").fill("What support does your team need?")
    _click(page, "button[value='add:manager']")
    assert page.locator("[name='employee-0-1-text_nl']").input_value() == "Wat wil je dit jaar leren?"
    page.locator("[name='employee-0-1-core']").uncheck()  # optional: behind the fold
    _click(page, "button[value='save']:not(.default-submit)")
    assert "Opgeslagen." in page.content() and "Teksten zonder Engels: 1" in page.content()
    page.locator("[name='new-employee-text_nl']").fill("Waar ben je trots op?")
    page.locator("[name='new-employee-text_en']").fill("What are you proud of?")
    _click(page, "button[value='add:employee']")
    assert axe.violations(page) == []

    page.get_by_role("link", name="Voorbeeld als medewerker").click()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert sorted(_asked(page)) == EMPLOYEE_QUESTIONS
    assert page.get_by_text("meer vragen (1)").is_visible()
    assert axe.violations(page) == []
    page.get_by_role("link", name="Bekijk als leidinggevende").click()
    assert sorted(_asked(page)) == sorted(MANAGER_QUESTIONS)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.get_by_role("link", name="Terug naar het concept").click()

    page.get_by_role("link", name="Publiceren", exact=True).click()
    assert "niet meer veranderen" in page.content()
    _click(page, "button:has-text('Ja, publiceren')")
    assert "Gepubliceerd als versie s1" in page.content()

    page.goto(served + "/hr/rounds")
    page.get_by_label("Naam van de ronde").fill("Voorjaar 2027")
    page.get_by_label("Gesprekken vanaf").fill("2027-03-01")
    page.get_by_label("Gesprekken tot en met").fill("2027-04-30")
    page.get_by_text("Vragenlijst en termijnen").click()
    page.get_by_label("Vragenlijst", exact=True).select_option("s1")
    page.get_by_label("Gespreksvormen en beoordeling").uncheck()  # a development round, no ratings
    _click(page, "button:has-text('Ronde aanmaken')")
    _click(page, "button:has-text('Ronde starten')")
    assert "POP's aangemaakt: 1." in page.content()
    schedule(system)  # Marieke plans Jan's conversation (the round's POP)

    employee = mail_to(system.sink.directory, EMPLOYEE)[0].home_path + "/prepare"
    manager = mail_to(system.sink.directory, MANAGER)[0].home_path + "/prepare"
    page.goto(served + employee)
    assert sorted(_asked(page)) == EMPLOYEE_QUESTIONS  # exactly those six
    page.goto(served + manager)
    assert sorted(_asked(page)) == sorted(MANAGER_QUESTIONS)
    # Without conversation types: no ratings for the manager, no suggested type.
    assert page.locator("[name=potential], [name=willingness]").count() == 0
    assert "Soort gesprek" not in page.locator("main").inner_text()

    # A new draft of s1, changed: the running POP keeps s1's questions.
    page.goto(served + "/hr/question-sets")
    _click(page, "button[value='s1']")
    page.locator("[name='employee-0-0-text_nl']").fill("Waar ben je het beste in?")
    _click(page, "button[value='save']:not(.default-submit)")
    assert "Opgeslagen." in page.content()
    page.goto(served + employee)
    assert sorted(_asked(page)) == EMPLOYEE_QUESTIONS
