"""An employee and a manager each open their link in Chromium, prepare, see what the other
shared, record and sign the plan; axe-core finds no WCAG 2.1 A/AA violation on any page,
empty or with errors. Screenshots land in the test's tmp folder."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, schedule, seed, state
from tests.mails import mail_to


def _clean(axe, page, shots, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert axe.violations(page) == [], name


def _submit(page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def _prepare(page, axe, shots, base: str, link_path: str, who: str) -> None:
    page.goto(base + link_path)
    _clean(axe, page, shots, f"{who}-prepare-empty")
    _submit(page, "Klaar om te delen")  # nothing filled in: told so, on the same page
    assert "Controleer het formulier" in page.content()
    _clean(axe, page, shots, f"{who}-prepare-errors")
    folded = page.locator("details:not([open]) > summary")
    while folded.count():
        folded.first.click()  # the optional questions (the manager's doorstroom questions too) are folded away
    answers = page.locator("textarea")
    for number in range(answers.count()):
        answers.nth(number).fill(f"Antwoord {number + 1} van {who}: ëïé")
    page.locator("input[type=checkbox]").first.check()  # share the first answer only
    if who == "manager":
        page.get_by_role("group", name="Vermogen, potentieel").get_by_label("hoog").check()
        page.get_by_role("group", name="Ontwikkelbereidheid, belangstelling, motivatie").get_by_label("hoog").check()
    _submit(page, "Klaar om te delen")
    assert "Je voorbereiding staat klaar om te delen." in page.content()
    _clean(axe, page, shots, f"{who}-overview-prepared")


def test_employee_and_manager_in_the_browser(sqlite_system, served, browser_page, axe, tmp_path):
    system, page, shots = sqlite_system, browser_page, tmp_path
    seed(system)
    schedule(system)
    employee_link = mail_to(system.sink.directory, EMPLOYEE)[0].link_path
    manager_link = mail_to(system.sink.directory, MANAGER)[0].link_path
    _prepare(page, axe, shots, served, employee_link, "employee")
    _prepare(page, axe, shots, served, manager_link, "manager")

    # A week before the meeting each sees what the other shared.
    system.clock.set(MEETING_UTC - timedelta(days=7) + timedelta(hours=1))
    system.tick()
    system.settle()
    home = "/".join(employee_link.split("/")[:3])
    page.goto(served + home)
    assert "Antwoord 1 van manager: ëïé" in page.content() and "Antwoord 2 van manager" not in page.content()
    _clean(axe, page, shots, "employee-overview-exchanged")

    # After the meeting: agreements, first with a date in the past (advice, not blocked).
    system.clock.set(MEETING_UTC + timedelta(hours=2))
    system.tick()
    system.settle()
    assert state(system) == "agreements"
    page.goto(served + home + "/agreements")
    _clean(axe, page, shots, "employee-agreements-empty")
    page.get_by_label("Wat (specifiek)").fill("Cursus Python afronden")
    page.get_by_label("Wanneer klaar").fill("2027-01-01")
    _submit(page, "Afspraken opslaan")
    page.goto(served + home + "/agreements")
    assert "Cursus Python afronden" in page.content()
    _clean(axe, page, shots, "employee-agreements-with-advice")
    page.goto(served + home)
    _submit(page, "Ik onderteken dit plan")
    _clean(axe, page, shots, "employee-overview-signed")
    page.goto(served + "/".join(manager_link.split("/")[:3]))
    _submit(page, "Ik onderteken dit plan")
    system.settle()
    assert state(system) == "action"
    page.reload()
    assert "Ondertekend door beiden." in page.content()
    _clean(axe, page, shots, "manager-overview-action")
