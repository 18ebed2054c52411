"""The preparation on a phone (390 x 844): what is typed is saved without pressing a button,
and is there again after a reload; the page fits the screen and passes axe."""

from __future__ import annotations

from tests.integration.helpers import EMPLOYEE, schedule, seed
from tests.mails import mail_to


def test_typing_saves_a_draft_without_a_click(sqlite_system, served, chromium, axe, tmp_path):
    seed(sqlite_system)
    schedule(sqlite_system)
    link = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].link_path
    # The real CSP this time: the script must run as a static file.
    context = chromium.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # the script failing
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(served + link)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        visible = page.locator("textarea:visible")
        assert 5 <= visible.count() <= 8
        page.get_by_label("Waar ben ik goed in?").fill("Plannen en overzicht houden")
        page.get_by_label("Waar krijg ik energie van?").press_sequentially("Samen puzzelen", delay=20)
        status = page.locator(".autosave-status")
        status.filter(has_text="Opgeslagen").wait_for(timeout=10_000)
        page.screenshot(path=str(tmp_path / "prepare-390-autosaved.png"), full_page=True)
        page.reload()
        assert page.get_by_label("Waar ben ik goed in?").input_value() == "Plannen en overzicht houden"
        assert page.get_by_label("Waar krijg ik energie van?").input_value() == "Samen puzzelen"
        # A button after background saves carries their version: saved, not a conflict.
        page.get_by_label("Waar ben ik goed in?").fill("Plannen")
        with page.expect_navigation():
            page.get_by_role("button", name="Concept opslaan", exact=True).click()
        assert "Je concept is opgeslagen." in page.content()
        assert page.get_by_label("Waar ben ik goed in?").input_value() == "Plannen"
        # An optional question opens from its fold, without script.
        page.get_by_text("Sterke punten: meer vragen (3)").click()
        assert page.get_by_label("Waarover ben ik het meest tevreden?").is_visible()
        assert errors == [], errors
    finally:
        context.close()
    # axe is injected as a script: it runs in a context that bypasses the CSP kept above.
    checked = chromium.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 390, "height": 844})
    try:
        page = checked.new_page()
        page.goto(served + link)
        assert axe.violations(page) == []
    finally:
        checked.close()
