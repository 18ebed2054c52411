"""Every page in Chromium, in Dutch and in English, empty and with errors: no WCAG 2.1 A/AA
violation by axe-core. Screenshots of each go to $POPFLOW_SCREENSHOTS (else the test's tmp
folder), named <language>-<page>[-errors].png, for people to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.page_tour import foreign_texts, tour, with_language


def _check(page, axe, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert axe.violations(page) == [], name


def walk(page, served: str, system, lang: str) -> Iterator[str]:
    """Opens every page of the tour in `page` (logging in as HR on the way), and each one
    with `bad` input once more after submitting it; yields the name of each as it shows."""
    logged_in = False
    for visit in tour(system):
        if visit.hr and not logged_in:
            page.goto(served + with_language("/hr/login", lang))
            page.fill("[name=email]", "hr@voorbeeld.nl")
            page.fill("[name=password]", "geheim-wachtwoord")
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            logged_in = True
        response = page.goto(served + with_language(visit.path, lang))
        assert response.status == visit.status, visit.name
        yield visit.name
        if visit.bad is None:
            continue
        for name, value in visit.bad.items():
            page.fill(f"[name='{name}']", value)
        # Not a form's hidden default button (the one Enter presses, off screen): the one a person sees.
        shown = "main form button[type=submit]:not([aria-hidden=true])"
        button = f"main form button[name={visit.button}]" if visit.button else shown
        with page.expect_navigation():
            page.locator(button).first.click()
        assert foreign_texts(page.content(), lang) == [], visit.name
        yield f"{visit.name}-errors"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_is_accessible_in_both_languages(sqlite_system, served, browser_page, axe, tmp_path, lang):
    shots = Path(os.environ.get("POPFLOW_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for name in walk(browser_page, served, sqlite_system, lang):
        _check(browser_page, axe, shots, f"{lang}-{name}")
    assert len(axe.checked) >= 30
