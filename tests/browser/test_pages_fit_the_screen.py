"""Every page of the tour on a phone (390×844) and on a desktop, in both languages, with the
real CSP (no bypass): nothing scrolls sideways, every button is big enough to tap, and the
browser refuses no style, font or image. Screenshots go to $POPFLOW_SCREENSHOTS/phone and /desktop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_every_page_in_browser import walk

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LIGHT = "rgb(243, 244, 247)"  # --bg
TAP = 44  # px, WCAG 2.5.5 (target size, enhanced) and the platforms' guidelines

# What a person taps: buttons, the menu, folds, checkbox and radio labels (a link inside a
# sentence or a table cell is exempt as inline, WCAG 2.5.8).
TARGETS = (
    "button, .button, input[type=submit], header nav a, summary,"
    " label:has(> input[type=checkbox]), label:has(> input[type=radio])"
)
SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height > 0)
  .filter(e => e.getBoundingClientRect().height < 44)
  .map(e => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 40)}"`
    + ` ${Math.round(e.getBoundingClientRect().height)}px`)"""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_page_fits_the_screen(sqlite_system, served, chromium, tmp_path, lang, size):
    viewport = PHONE if size == "phone" else DESKTOP
    # The desktop asks for a dark scheme: the pages keep the light theme their colours are made for.
    context = chromium.new_context(
        locale="nl-NL",
        viewport=viewport,
        is_mobile=size == "phone",
        has_touch=size == "phone",
        color_scheme="light" if size == "phone" else "dark",
    )
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Refused" in message.text else None)
    shots = Path(os.environ.get("POPFLOW_SCREENSHOTS") or tmp_path) / size
    shots.mkdir(parents=True, exist_ok=True)
    seen, too_wide, too_small = 0, [], []
    try:
        for name in walk(page, served, sqlite_system, lang):
            seen += 1
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == LIGHT, name
            if width > viewport["width"]:
                too_wide.append(f"{name}: {width}px")
            page.screenshot(path=str(shots / f"{lang}-{name}.png"), full_page=True)
            if size == "phone":
                too_small += [f"{name}: {target}" for target in page.evaluate(SMALL_TARGETS, TARGETS)]
    finally:
        context.close()
    assert seen >= 30
    assert too_wide == [], f"wider than {viewport['width']}px"
    assert too_small == [], f"smaller than {TAP}px to tap"
    assert refused == [], "the Content-Security-Policy refused something"
