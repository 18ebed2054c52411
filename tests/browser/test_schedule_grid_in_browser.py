"""The scheduling grid on a 390 px phone: a manager with 12 reports fills it with the slot
generator, meets a conflict, fixes it and saves; the page is short and never scrolls sideways.

Before the grid, the planning page of 12 reports was over 7,000 px high on this phone (12
fieldsets of four stacked fields); the grid must stay well under half of that."""

from __future__ import annotations

from datetime import UTC, date, datetime

from intake.rounds import RoundInput, create_round, launch_round
from shared.models import Person
from tests.browser.test_pages_fit_the_screen import PHONE, SMALL_TARGETS, TARGETS
from tests.mails import mail_to

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
HALF_OF_BEFORE = 3500  # px


def _click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_manager_plans_twelve_reports_on_a_phone(sqlite_system, served, chromium, axe, tmp_path):
    system = sqlite_system
    system.clock.set(NOW)
    with system.runtime.uow() as uow:
        sanne = Person(name="Sanne Verkoop", email="sanne@voorbeeld.nl")
        uow.session.add(sanne)
        uow.session.add_all(
            Person(name=f"Medewerker Nummer {i}", email=f"m{i}@voorbeeld.nl", manager=sanne) for i in range(12)
        )
        rnd = create_round(
            uow,
            NOW,
            RoundInput(name="Ronde 2027", meetings_from=date(2027, 3, 1), meetings_until=date(2027, 4, 30)),
            "t",
        )
        launch_round(uow, NOW, rnd.id, "t")
        uow.commit()
    system.settle()
    (request,) = mail_to(system.sink.directory, "sanne@voorbeeld.nl")
    context = chromium.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(served + request.link_path)
        height = page.evaluate("() => document.documentElement.scrollHeight")
        print(f"planning page of 12 reports at 390 px: {height}px high")
        page.screenshot(path="/tmp/gridw/after.png", full_page=True)
        assert height < HALF_OF_BEFORE
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.evaluate(SMALL_TARGETS, TARGETS) == []
        assert axe.violations(page) == []

        page.get_by_label("Vanaf").fill("2027-03-01")
        page.get_by_label("Begin van de dag").fill("09:00")
        page.get_by_label("Einde van de dag").fill("12:00")
        page.get_by_label("Minuten per gesprek").fill("45")
        page.get_by_label("Minuten ertussen").fill("15")
        page.get_by_label("Plaats voor alle gesprekken").fill("Kamer 4")
        _click(page, "Tijden invullen")
        assert page.locator("input[name='slots-11-day']").input_value() == "2027-03-04"  # 3 a morning, Mon-Thu
        # The manager moves the last one onto the first one's time: a conflict, shown at the row.
        page.locator("input[name='slots-11-day']").fill("2027-03-01")
        page.locator("input[name='slots-11-time']").fill("09:00")
        _click(page, "Deze gesprekken plannen")
        summary = page.locator(".error-summary")
        assert "Je hebt op dat moment al een gesprek met Medewerker Nummer 0." in summary.inner_text()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe.violations(page) == []
        page.screenshot(path=str(tmp_path / "grid-conflict.png"), full_page=True)
        page.locator("input[name='slots-11-day']").fill("2027-03-04")
        page.locator("input[name='slots-11-time']").fill("11:00")
        _click(page, "Deze gesprekken plannen")
        assert "Gesprekken gepland: 12." in page.content()
        assert page.locator("tbody tr").count() == 12 and "Kamer 4" in page.content()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe.violations(page) == []
    finally:
        context.close()
