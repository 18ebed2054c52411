"""HR in Chromium: log in, import people, create and launch a round; a manager plans a
conversation from the mail; HR sees the counts move. axe-core checks each page."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.helpers import add_hr
from tests.mails import mail_to

PEOPLE = (
    "naam,e-mail,leidinggevende,afdeling,taal\n"
    "Sanne Verkoop,sanne@voorbeeld.nl,,Verkoop,nl\n"
    "Anna de Wit,anna@voorbeeld.nl,sanne@voorbeeld.nl,Verkoop,nl\n"
    "Bram Bos,bram@voorbeeld.nl,sanne@voorbeeld.nl,Verkoop,en\n"
)


def _counts(page) -> dict[str, int]:
    rows = page.locator("table.numbers").first.locator("tbody tr")
    return {
        rows.nth(i).locator("td").nth(0).inner_text(): int(rows.nth(i).locator("td").nth(1).inner_text())
        for i in range(rows.count())
    }


def _click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_hr_imports_launches_and_sees_the_manager_plan(sqlite_system, served, browser_page, axe, tmp_path):
    system, page = sqlite_system, browser_page
    system.clock.set(datetime(2027, 2, 1, 9, 0, tzinfo=UTC))
    with system.runtime.uow() as uow:
        add_hr(uow)
        uow.commit()
    page.goto(served + "/hr/login")
    page.get_by_label("E-mailadres").fill("hr@voorbeeld.nl")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord")
    _click(page, "Inloggen")

    page.goto(served + "/hr/people")
    (tmp_path / "mensen.csv").write_text(PEOPLE, encoding="utf-8")
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(str(tmp_path / "mensen.csv"))
    _click(page, "Importeren")
    assert "Geïmporteerd: 3 nieuw, 0 gewijzigd, 0 ongewijzigd." in page.content()
    assert axe.violations(page) == []

    page.goto(served + "/hr/rounds")
    page.get_by_label("Naam van de ronde").fill("Voorjaar 2027")
    page.get_by_label("Verkoop").check()
    page.get_by_label("Gesprekken vanaf").fill("2027-03-01")
    page.get_by_label("Gesprekken tot en met").fill("2027-04-30")
    _click(page, "Ronde aanmaken")
    assert axe.violations(page) == []
    _click(page, "Ronde starten")
    assert "POP's aangemaakt: 2. Leidinggevenden gevraagd hun gesprekken te plannen: 1." in page.content()
    assert _counts(page)["Te plannen"] == 2
    dashboard = page.url

    system.settle()
    (request,) = mail_to(system.sink.directory, "sanne@voorbeeld.nl")
    page.goto(served + request.link_path)
    assert axe.violations(page) == []
    page.locator("input[name='slots-0-day']").fill("2027-03-10")
    page.locator("input[name='slots-0-time']").fill("10:00")
    page.locator("input[name='slots-0-location']").fill("Kamer 4")
    _click(page, "Deze gesprekken plannen")
    assert "Gesprekken gepland: 1." in page.content()
    system.settle()

    page.goto(dashboard)
    counts = _counts(page)
    assert (counts["Aankondiging"], counts["Te plannen"]) == (1, 1)
    assert axe.violations(page) == []
    page.screenshot(path=str(tmp_path / "hr-dashboard.png"), full_page=True)
