"""The signed development plan as a PDF for the personnel file (pure: no Flask, no database).

The caller gathers the plan into a PlanDocument; render_plan_pdf turns it into bytes.
Dutch first: the labels below are Dutch msgids, translated through the one catalogue.
The same PlanDocument always renders to the same bytes, so an archived copy can be
compared with a fresh rendering: the creation date comes from the data, not the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as cldr_date
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from notifier.plan_glyphs import FILES, FONT_DIR, MONO, SANS, printable
from notifier.plan_labels import LABELS
from notifier.plan_qr import draw_qr
from shared.i18n import translate


@dataclass
class PlanSigner:
    role: str  # "employee" or "manager"
    name: str
    email: str
    signed_at: datetime  # aware, UTC


@dataclass
class PlanItem:
    what: str
    measurable_result: str = ""
    owner: str = ""
    due_date: date | None = None
    kind: str = ""  # "knowledge", "skill", "competence" or ""
    activity: str = ""
    cost_eur: Decimal | None = None
    hours: int | None = None
    support: str = ""
    status: str = "open"  # "open", "done" or "dropped"


@dataclass
class PlanDocument:
    pop_id: int
    employee_name: str
    employee_email: str
    manager_name: str
    department: str
    round_name: str
    meeting_at: datetime | None
    items: list[PlanItem]
    content_hash: str  # SHA-256 hex of the signed content
    signers: list[PlanSigner]
    review_dates: list[datetime] = field(default_factory=list)
    goal: str = ""  # the desired development above the agreements, signed with them
    language: str = "nl"  # "nl" or "en"
    timezone: str = "Europe/Amsterdam"  # IANA name: how the person reads times
    verification_code: str = ""  # random, for the public page /verify/<code> (shared/plan_verification.py)
    verify_url: str = ""  # that page, printed and drawn as a QR code


LOCALES = {"nl": "nl_NL", "en": "en_GB"}
EMPTY = "—"
# The total-pages alias: fpdf2 replaces it in *all* text, so the default "{nb}" would also
# fire inside a user's text. printable() drops control characters, so this one cannot occur there.
NB_ALIAS = "\x1fNB\x1f"
# Without signatures or a meeting, a fixed date keeps the output deterministic.
_FALLBACK_CREATED = datetime(2000, 1, 1, tzinfo=UTC)
QR_MM = 32


def _aware(moment: datetime) -> datetime:
    # A naive datetime would be read in the server's zone by astimezone(): call it UTC instead.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def format_day(day: date, lang: str) -> str:
    return cldr_date(day, "d MMMM y", locale=LOCALES[lang])  # '1 juni 2027' / '1 June 2027'


def format_moment(moment: datetime, lang: str, tz: str) -> str:
    local = _aware(moment).astimezone(ZoneInfo(tz))
    return f"{format_day(local.date(), lang)} {translate(LABELS['at'], lang)} {local:%H:%M} ({tz})"


def format_eur(amount: Decimal, lang: str) -> str:
    text = f"{amount:,.2f}"  # '1,250.00'; Dutch swaps the separators: '1.250,00'
    return "EUR " + (text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text)


def _creation_date(doc: PlanDocument) -> datetime:
    moments = [_aware(s.signed_at) for s in doc.signers] or ([_aware(doc.meeting_at)] if doc.meeting_at else [])
    return max(moments, default=_FALLBACK_CREATED).astimezone(UTC)


class _PlanPdf(FPDF):
    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(format="A4")
        self.words = words
        for (family, style), name in FILES.items():
            self.add_font(family, style, str(FONT_DIR / name))  # embedded, as a subset of what is used
        self.alias_nb_pages(NB_ALIAS, align="L")  # no gap before the number
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(SANS, size=8)
        self.cell(0, 8, self.words["page"].format(n=self.page_no(), nb=NB_ALIAS), align="C")


class _Writer:
    LINE_H = 5
    SIZE = 9  # DejaVu Sans is wider than Helvetica was: 9 pt reads like its 10 pt, on as many lines
    ROW_LABELS = (
        "employee",
        "manager",
        "department",
        "round",
        "meeting",
        "what",
        "result",
        "owner",
        "due",
        "kind",
        "activity",
        "cost",
        "hours",
        "support",
        "status",
    )

    def __init__(self, doc: PlanDocument) -> None:
        self.doc = doc
        self.lang = "en" if doc.language == "en" else "nl"
        self.w = {key: translate(text, self.lang) for key, text in LABELS.items()}
        self.pdf = _PlanPdf(self.w)
        self.replaced = False  # a character shown as its number: the plan then says so
        # The label column is as wide as the widest label in this language, plus a gap,
        # so 'Ondersteuning van de organisatie' never runs into its value.
        self.pdf.set_font(SANS, "B", self.SIZE)
        self.label_w = max(self.pdf.get_string_width(self.w[k]) for k in self.ROW_LABELS) + 4

    def _p(self, text: str, family: str = SANS) -> str:
        shown, replaced = printable(text, family)
        self.replaced = self.replaced or replaced
        return shown

    def heading(self, text: str, size: int = 13) -> None:
        # Keep a heading together with at least two lines of what follows it.
        if self.pdf.will_page_break(size * 0.6 + 3 * self.LINE_H):
            self.pdf.add_page()
        self.pdf.ln(3)
        self.pdf.set_font(SANS, "B", size)
        self.pdf.multi_cell(0, size * 0.5, self._p(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def text(self, text: str, style: str = "", family: str = SANS) -> None:
        self.pdf.set_font(family, style, self.SIZE)
        self.pdf.multi_cell(0, self.LINE_H, self._p(text, family), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def row(self, label: str, value: str | None) -> None:
        # cell() breaks the page before the label if needed, so the label never ends up
        # alone at the bottom; multi_cell() then wraps long values and keeps its x after a break.
        self.pdf.set_font(SANS, "B", self.SIZE)
        self.pdf.cell(self.label_w, self.LINE_H, self._p(label))
        self.pdf.set_font(SANS, "", self.SIZE)
        # align="L": fpdf2 justifies multi_cell by default, which stretches short lines oddly.
        self.pdf.multi_cell(
            0,
            self.LINE_H,
            self._p(value.strip() if value and value.strip() else EMPTY),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def item(self, number: int, item: PlanItem) -> None:
        w, lang = self.w, self.lang
        self.heading(f"{w['agreement']} {number}", size=11)
        self.row(w["what"], item.what)
        self.row(w["result"], item.measurable_result)
        self.row(w["owner"], item.owner)
        self.row(w["due"], format_day(item.due_date, lang) if item.due_date else None)
        self.row(w["kind"], w.get(f"kind_{item.kind}", item.kind))
        self.row(w["activity"], item.activity)
        self.row(w["cost"], format_eur(item.cost_eur, lang) if item.cost_eur is not None else None)
        self.row(w["hours"], str(item.hours) if item.hours is not None else None)
        self.row(w["support"], item.support)
        self.row(w["status"], w.get(f"status_{item.status}", item.status))

    def render(self) -> bytes:
        doc, w, pdf, lang = self.doc, self.w, self.pdf, self.lang
        # Metadata is Unicode text: exact as typed, whatever the fonts draw.
        pdf.set_title(f"{w['title']} - {doc.employee_name}")
        pdf.set_subject(doc.round_name)
        pdf.set_keywords(keywords(doc))
        pdf.set_creator("popflow")
        pdf.set_lang(lang)
        pdf.set_creation_date(_creation_date(doc))
        pdf.add_page()

        self.heading(w["title"], size=16)
        self.row(
            w["employee"], f"{doc.employee_name} <{doc.employee_email}>" if doc.employee_email else doc.employee_name
        )
        self.row(w["manager"], doc.manager_name)
        self.row(w["department"], doc.department)
        self.row(w["round"], doc.round_name)
        self.row(w["meeting"], format_moment(doc.meeting_at, lang, doc.timezone) if doc.meeting_at else None)

        if doc.goal:
            self.heading(w["goal"])
            self.text(doc.goal)
        self.heading(w["agreements"])
        if not doc.items:
            self.text(w["none"])
        for number, item in enumerate(doc.items, start=1):
            self.item(number, item)

        self.heading(w["reviews"])
        reviews = sorted(_aware(r) for r in doc.review_dates)
        for moment in reviews:
            self.text(format_moment(moment, lang, doc.timezone))
        if not reviews:
            self.text(EMPTY)

        self.signatures()
        if doc.verification_code:
            self.verification()
        if self.replaced:
            pdf.ln(2)
            self.text(w["replaced"])
        return bytes(pdf.output())

    def signatures(self) -> None:
        doc, w, pdf, lang = self.doc, self.w, self.pdf, self.lang
        self.heading(w["signatures"])
        for signer in doc.signers:
            if pdf.will_page_break(3 * self.LINE_H):
                pdf.add_page()  # a signature's name, e-mail and time stay on one page
            role = w.get(f"role_{signer.role}", signer.role)
            self.text(f"{signer.name} ({role})", style="B")
            if signer.email:
                self.text(signer.email)
            self.text(f"{w['signed_at']} {format_moment(signer.signed_at, lang, doc.timezone)}")
            pdf.ln(2)
        self.text(w["hash"], style="B")
        self.text(doc.content_hash or EMPTY, family=MONO)  # monospace: easy to compare by eye
        pdf.ln(2)
        roles = {s.role for s in doc.signers}
        self.text(w["both_signed"] if {"employee", "manager"} <= roles else w["not_both"])

    def verification(self) -> None:
        doc, w, pdf = self.doc, self.w, self.pdf
        if pdf.will_page_break(QR_MM + 10 * self.LINE_H):
            pdf.add_page()  # heading, code, its page and its QR code stay together
        self.heading(w["verify"])
        self.text(w["verify_text"])
        code = doc.verification_code
        self.row(w["verify_code"], "-".join(code[i : i + 4] for i in range(0, len(code), 4)))
        self.text(doc.verify_url, family=MONO)
        draw_qr(pdf, doc.verify_url, pdf.l_margin, pdf.get_y() + 1, QR_MM)
        pdf.set_y(pdf.get_y() + QR_MM + 2)


def keywords(doc: PlanDocument) -> str:
    """Machine-readable in the PDF's metadata (ASCII, so it stays readable in the raw file)."""
    words = [f"popflow-plan-sha256:{doc.content_hash}"]
    return " ".join(words + ([f"popflow-verify:{doc.verification_code}"] if doc.verification_code else []))


def render_plan_pdf(doc: PlanDocument) -> bytes:
    """Render the plan; same PlanDocument in, same bytes out."""
    return _Writer(doc).render()
