"""Dutch first, English complete: every Dutch text of the web app has an English version."""
import re
from io import BytesIO
from pathlib import Path

from intake.forms_common import CancelForm, MeetingForm
from intake.hr.forms import LoginForm, PasswordForm, RoundForm, ScheduleForm
from intake.hr.list_views import EXPORT_COLUMNS
from intake.hr.people_views import ImportForm
from intake.personal.agenda_views import PRIORITY_CHOICES, SUGGESTED_TOPICS, AgendaForm, PointForm
from intake.personal.plan_views import STATUS_LABELS
from intake.personal.schedule_views import PlanningForm, SlotForm
from babel.messages.mofile import write_mo
from wtforms import FieldList
from babel.messages.pofile import read_po

from intake.i18n import (ERRORS, EVENT_LABELS, MAIL_LABELS, MAIL_STATUS, MEETING_KIND_LABELS, OVERDUE_LABELS,
                         PARTSTAT_LABELS, PHASE_LABELS, ROLE_LABELS, MOVE_LABELS, AGREEMENT_STATUS_LABELS,
                         catalog_path, translate)
from intake.personal.meeting_views import ANSWER_LABELS, AnswerForm
from intake.personal.forms import KINDS, AgreementForm, AgreementsForm, SignForm
from intake.timeline_text import REASON_LABELS

INTAKE = Path(__file__).resolve().parents[2] / "intake"


def english_catalog():
    with catalog_path("en").open("rb") as source:
        return read_po(source, locale="en")


EN = {message.id: message.string for message in english_catalog() if message.id}
CALL = re.compile(r'''\b(?:lazy_|_)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')''')


def dutch_texts() -> set[str]:
    texts: set[str] = set()
    for path in INTAKE.rglob("*"):
        if path.suffix in (".py", ".html"):
            for match in CALL.finditer(path.read_text(encoding="utf-8")):
                texts.add(match.group(1) if match.group(1) is not None else match.group(2))
    texts.update(ERRORS.values())
    texts.update(EXPORT_COLUMNS)
    for table in (EVENT_LABELS, MAIL_LABELS, MAIL_STATUS, PARTSTAT_LABELS, MEETING_KIND_LABELS, ANSWER_LABELS,
                  PHASE_LABELS, OVERDUE_LABELS, REASON_LABELS, ROLE_LABELS, MOVE_LABELS,
                  AGREEMENT_STATUS_LABELS):
        texts.update(table.values())
    texts.update(label for value, label in KINDS if value)
    texts.update(STATUS_LABELS.values())
    texts.update(SUGGESTED_TOPICS)
    texts.update(choice.label for choice in PRIORITY_CHOICES)
    for form in (AgreementForm, AgreementsForm, LoginForm, ScheduleForm, SignForm, MeetingForm, CancelForm,
                 PointForm, AgendaForm, AnswerForm, SlotForm, PlanningForm, RoundForm, ImportForm, PasswordForm):
        for name in dir(form):
            field = getattr(form, name)
            label = getattr(field, "kwargs", {}).get("label") or (field.args[0] if getattr(field, "args", None) else None)
            if isinstance(label, str):
                texts.add(label)
            if isinstance(getattr(field, "kwargs", {}).get("description"), str):
                texts.add(field.kwargs["description"])  # a round setting's help: the API document's English
            elif issubclass(getattr(field, "field_class", object), FieldList) and isinstance(field.args[1], str):
                texts.add(field.args[1])  # "Afspraak 2: ..." in the error summary
    return texts


def test_every_dutch_text_has_an_english_translation():
    missing = sorted(t for t in dutch_texts() if t not in EN)
    assert not missing, "no English for:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
    for dutch, english in EN.items():
        assert set(re.findall(r"{(\w+)}", dutch)) == set(re.findall(r"{(\w+)}", english)), dutch


def test_dutch_is_the_default():
    assert translate("Opslaan", "nl") == "Opslaan"
    assert translate("Inloggen", "en") == "Log in"


def test_the_english_catalog_compiles_without_errors_or_fuzzy_entries():
    catalog = english_catalog()
    assert not catalog.fuzzy and not [m.id for m in catalog if m.id and m.fuzzy]
    assert not [(m.id, errors) for m, errors in catalog.check()]
    assert all(m.string for m in catalog if m.id), "untranslated entries"
    compiled = BytesIO()
    write_mo(compiled, catalog)
    assert compiled.getvalue()


def test_no_english_text_is_left_unused():
    """Every catalog entry is still a text of the app: old wording does not linger."""
    unused = sorted(set(EN) - dutch_texts())
    assert not unused, "in the catalog but no longer used:\n" + "\n".join(unused)
