"""Every name and text in the signed plan comes back from the PDF exactly as typed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifier.plan_glyphs import covered
from notifier.plan_pdf import render_plan_pdf
from tests.unit.test_plan_pdf import EMPLOYEE, EXCEL, MANAGER, flat, make_doc, pages_of

# Scripts the embedded font covers: Latin-1 and Latin Extended-A/B (Polish, Turkish, Czech,
# Romanian, …), Greek, Cyrillic, and the punctuation people type (quotes, dashes, €).
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x2010, 0x2027), (0x20AC, 0x20AC)]
LETTERS = st.sampled_from(
    sorted(
        chr(p)
        for lo, hi in RANGES
        for p in range(lo, hi + 1)
        if p in covered("DejaVuSans") and unicodedata.category(chr(p))[0] in "LNPSZ"
    )
)
TEXT = st.text(LETTERS, min_size=1, max_size=80).map(lambda t: unicodedata.normalize("NFC", t)).filter(str.strip)


def squeezed(text: str) -> str:
    # Wrapping turns a space into a line break (or splits a long word): compare without whitespace.
    return re.sub(r"\s", "", text)


def test_the_acceptance_plan_reads_back_letter_for_letter():
    doc = make_doc(
        employee_name="Łukasz Żółć",
        manager_name="Şükrü Öztürk",
        items=[replace(EXCEL, what="Coaching door Zoë over İstanbul-project", owner="Łukasz Żółć")],
        signers=[replace(EMPLOYEE, name="Łukasz Żółć"), replace(MANAGER, name="Şükrü Öztürk")],
    )
    text = flat("\n".join(pages_of(render_plan_pdf(doc))))
    for exact in [
        "Medewerker Łukasz Żółć",
        "Leidinggevende Şükrü Öztürk",
        "Wat Coaching door Zoë over İstanbul-project",
        "Wie Łukasz Żółć",
        "Łukasz Żółć (medewerker)",
        "Şükrü Öztürk (leidinggevende)",
    ]:
        assert exact in text
    assert "Lukasz" not in text and "Sükrü" not in text and "[U+" not in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TEXT, manager=TEXT, what=TEXT, goal=TEXT)
def test_any_text_in_covered_scripts_comes_back_exactly(name, manager, what, goal):
    doc = make_doc(
        employee_name=name,
        manager_name=manager,
        goal=goal,
        items=[replace(EXCEL, what=what)],
        signers=[replace(EMPLOYEE, name=name), replace(MANAGER, name=manager)],
    )
    text = squeezed("".join(pages_of(render_plan_pdf(doc))))
    for typed in (name, manager, what, goal):
        assert squeezed(typed) in text
    assert "[U+" not in text or any("[U+" in t for t in (name, manager, what, goal))


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=60))
def test_any_text_at_all_renders_and_nothing_visible_is_dropped(what):
    text = squeezed("".join(pages_of(render_plan_pdf(make_doc(items=[replace(EXCEL, what=what)])))))
    points = covered("DejaVuSans")
    for ch in unicodedata.normalize("NFC", what):
        kind = unicodedata.category(ch)
        if kind[0] in "CZ" and kind not in ("Co", "Cn", "Cs"):
            continue  # spaces, controls and invisible format characters
        shown = ch if ord(ch) in points and kind[0] != "C" else f"[U+{ord(ch):04X}]"
        assert shown in text
