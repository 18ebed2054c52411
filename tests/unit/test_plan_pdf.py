"""The signed plan as a PDF, read back with pypdf (an independent parser)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from notifier.plan_pdf import PlanDocument, PlanItem, PlanSigner, render_plan_pdf

HASH = hashlib.sha256("het ondertekende plan van Anaïs".encode()).hexdigest()
EXCEL = PlanItem(
    what="Cursus Excel voor gevorderden volgen",
    measurable_result="Maandrapportage zelf opgesteld, zonder hulp",
    owner="Anaïs Müller",
    due_date=date(2027, 6, 1),
    kind="skill",
    activity="Klassikale training, drie dagdelen",
    cost_eur=Decimal(1250),
    hours=12,
    support="Opleidingsbudget en vrijgestelde uren",
    status="open",
)
PRESENT = PlanItem(
    what="Presenteren in het teamoverleg",
    measurable_result="Twee presentaties gegeven",
    owner="Anaïs Müller",
    due_date=date(2027, 11, 15),
    kind="competence",
    status="done",
)
EMPLOYEE = PlanSigner("employee", "Anaïs Müller", "anais@example.nl", datetime(2027, 6, 3, 12, 5, tzinfo=UTC))
MANAGER = PlanSigner("manager", "Zoë de Vries", "zoe@example.nl", datetime(2027, 1, 12, 15, 40, tzinfo=UTC))


def make_doc(**changes: object) -> PlanDocument:
    doc = PlanDocument(
        pop_id=42,
        employee_name="Anaïs Müller",
        employee_email="anais@example.nl",
        manager_name="Zoë de Vries",
        department="Financiën",
        round_name="POP-ronde 2027",
        meeting_at=datetime(2027, 5, 20, 8, 0, tzinfo=UTC),
        items=[EXCEL, PRESENT],
        content_hash=HASH,
        signers=[EMPLOYEE, MANAGER],
        review_dates=[datetime(2027, 12, 1, 9, 30, tzinfo=UTC), datetime(2027, 9, 1, 7, 0, tzinfo=UTC)],
        language="nl",
        timezone="Europe/Amsterdam",
    )
    return replace(doc, **changes)


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def flat(text: str) -> str:
    # Wrapped lines come back with line breaks where the PDF wrapped them: compare words only.
    return " ".join(text.split())


def test_the_dutch_plan_shows_every_agreement_field_and_both_signatures():
    text = flat("\n".join(pages_of(render_plan_pdf(make_doc()))))
    for expected in [
        "Persoonlijk ontwikkelingsplan",
        "Medewerker Anaïs Müller",
        "Leidinggevende Zoë de Vries",
        "Afdeling Financiën",
        "Ronde POP-ronde 2027",
        "20 mei 2027 om 10:00",  # 08:00 UTC is 10:00 CEST
        "Afspraak 1",
        "Wat Cursus Excel voor gevorderden volgen",
        "Meetbaar resultaat Maandrapportage zelf opgesteld, zonder hulp",
        "Wie Anaïs Müller",
        "Wanneer 1 juni 2027",
        "Soort vaardigheid",
        "Ontwikkelactiviteit Klassikale training, drie dagdelen",
        "Kosten EUR 1.250,00",
        "Uren 12",
        "Ondersteuning van de organisatie Opleidingsbudget en vrijgestelde uren",
        "Status open",
        "Afspraak 2",
        "Wanneer 15 november 2027",
        "Soort competentie",
        "Status afgerond",
        "Voortgangsgesprekken 1 september 2027 om 09:00",
        "1 december 2027 om 10:30",  # sorted, CEST then CET
        "Handtekeningen",
        "Anaïs Müller (medewerker)",
        "Zoë de Vries (leidinggevende)",
        "Ondertekend op 3 juni 2027 om 14:05",  # summer: UTC+2
        "Ondertekend op 12 januari 2027 om 16:40",  # winter: UTC+1
        "hebben precies deze inhoud ondertekend",
    ]:
        assert expected in text
    assert "om 12:05" not in text  # the UTC wall time must not leak through
    assert HASH in re.sub(r"\s", "", text)  # printed in full, wherever it wraps


def test_empty_fields_show_a_dash():
    bare = PlanItem(what="Mentor zoeken")
    text = flat(pages_of(render_plan_pdf(make_doc(items=[bare], review_dates=[], meeting_at=None)))[0])
    for label in ["Meetbaar resultaat", "Wie", "Wanneer", "Soort", "Kosten", "Uren", "Datum gesprek"]:
        assert f"{label} —" in text
    assert "Voortgangsgesprekken —" in text


def test_the_english_plan_has_english_labels_and_number_formats():
    pages = pages_of(render_plan_pdf(make_doc(language="en")))
    text = flat("\n".join(pages))
    for expected in [
        "Personal development plan",
        "Employee Anaïs Müller",
        "Manager Zoë de Vries",
        "Measurable result",
        "When 1 June 2027",
        "Kind skill",
        "Cost EUR 1,250.00",
        "Support from the organisation",
        "Status done",
        "Progress reviews",
        "Signatures",
        "Anaïs Müller (employee)",
        "Zoë de Vries (manager)",
        "Signed on 3 June 2027 at 14:05",
        "signed exactly this content",
    ]:
        assert expected in text
    for dutch in ["Meetbaar", "Handtekeningen", "juni", "1.250,00", "pagina"]:
        assert dutch not in text
    assert pages[-1].rstrip().endswith(f"page {len(pages)} of {len(pages)}")


def test_names_outside_latin1_print_exactly_and_what_the_font_lacks_shows_its_number():
    doc = make_doc(
        employee_name="Łukasz Żółkiewski",
        manager_name="王小明",
        items=[replace(EXCEL, what="Leren presenteren 🎤 met “aanhalingstekens” en é via e\u0301")],
        signers=[replace(EMPLOYEE, name="Łukasz Żółkiewski"), MANAGER],
    )
    text = flat("\n".join(pages_of(render_plan_pdf(doc))))
    assert "Medewerker Łukasz Żółkiewski" in text  # the embedded font has every letter
    assert "Leidinggevende [U+738B][U+5C0F][U+660E]" in text  # no Chinese in it: visible, never lost
    assert "Łukasz Żółkiewski (medewerker)" in text
    assert "Leren presenteren [U+1F3A4] met “aanhalingstekens” en é via é" in text  # NFC: one é
    assert "mist een of meer tekens" in text  # and the plan says why


def test_a_plan_the_font_covers_does_not_mention_missing_characters():
    assert "mist een of meer tekens" not in flat("\n".join(pages_of(render_plan_pdf(make_doc()))))


def test_a_users_text_cannot_trigger_the_page_count_placeholder():
    text = flat(pages_of(render_plan_pdf(make_doc(items=[replace(EXCEL, what="Zie {nb} en {n}")])))[0])
    assert "Zie {nb} en {n}" in text


def test_long_texts_wrap_and_thirty_agreements_flow_over_pages():
    long = " ".join(f"Stap {n}: oefenen met feedback geven en ontvangen in het team." for n in range(25))
    assert len(long) > 1000
    items = [replace(EXCEL, what=f"Afspraak nummer {n}", activity=long) for n in range(1, 31)]
    pages = pages_of(render_plan_pdf(make_doc(items=items)))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().endswith(f"pagina {number} van {len(pages)}")
    text = flat("\n".join(pages))
    assert all(f"Afspraak nummer {n}" in text for n in range(1, 31))
    first = pages[0]
    assert flat(long) in flat(
        first[first.index("Ontwikkelactiviteit") : first.index("Kosten")].removeprefix("Ontwikkelactiviteit")
    )
    assert first[first.index("Ontwikkelactiviteit") : first.index("Kosten")].count("\n") > 10  # wrapped
    assert HASH in re.sub(r"\s", "", pages[-1])


def test_one_signature_does_not_claim_both_signed():
    text = flat("\n".join(pages_of(render_plan_pdf(make_doc(signers=[EMPLOYEE])))))
    assert "Nog niet door medewerker en leidinggevende allebei ondertekend." in text
    assert "hebben precies deze inhoud ondertekend" not in text


def test_rendering_is_deterministic_and_the_metadata_comes_from_the_data():
    doc = make_doc()
    data = render_plan_pdf(doc)
    assert render_plan_pdf(make_doc()) == data
    assert render_plan_pdf(make_doc(content_hash="0" * 64)) != data
    meta = PdfReader(BytesIO(data)).metadata
    assert meta is not None
    assert meta.title == "Persoonlijk ontwikkelingsplan - Anaïs Müller"
    assert meta.creation_date == datetime(2027, 6, 3, 12, 5, tzinfo=UTC)  # the last signature
