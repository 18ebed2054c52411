"""SMART advice while typing, in Chromium at phone width with the page's own CSP enforced
(static/smart.js, no inline script): advice comes and goes without saving."""

from __future__ import annotations

from tests.integration.helpers import to_agreements

VAGUE_TIP = "Tip (opslaan kan ook zo): Meetbaar: noem een aantal, een datum of iets wat je kunt zien"


def test_advice_follows_the_typing_without_a_save(sqlite_system, served, chromium, axe, tmp_path):
    employee_home, _ = to_agreements(sqlite_system)
    context = chromium.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})  # CSP not bypassed
    page = context.new_page()
    refused: list[str] = []
    page.on("pageerror", lambda error: refused.append(str(error)))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(served + employee_home + "/agreements")
        result = page.get_by_label("Meetbaar resultaat")
        advice = page.locator("#agreements-0-measurable_result-advice")
        page.get_by_label("Wat (specifiek)").fill("Presenteren voor grote groepen")
        result.press_sequentially("beter")
        assert advice.is_visible() and VAGUE_TIP in advice.inner_text()
        assert "agreements-0-measurable_result-advice" in result.get_attribute("aria-describedby")
        page.screenshot(path=str(tmp_path / "smart-advice-390.png"), full_page=True)
        result.fill("")
        result.press_sequentially("3 presentaties gegeven")
        assert not advice.is_visible()
        # "Wie": both people offered, any other name typed as well.
        options = page.locator("#owner-choices option")
        assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
            "Jan Jansen",
            "Marieke de Vries",
        ]
        owner_advice = page.locator("#agreements-0-owner-advice")
        assert "Wie is eigenaar van deze afspraak?" in owner_advice.inner_text()
        page.get_by_label("Wie").fill("Jan Jansen")
        assert not owner_advice.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        assert refused == []  # the script ran under the page's CSP, without errors
        bypassing = context.browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
        check = bypassing.new_page()
        check.goto(page.url)
        check.get_by_label("Meetbaar resultaat").press_sequentially("beter")
        assert axe.violations(check) == []
        bypassing.close()
    finally:
        context.close()
