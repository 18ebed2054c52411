"""Dutch first, English complete: every Dutch text of the web app has an English version."""
import re
from pathlib import Path

from intake.forms_common import CancelForm, MeetingForm
from intake.hr.forms import LoginForm, ScheduleForm
from intake.personal.agenda_views import PRIORITY_CHOICES, SUGGESTED_TOPICS, AgendaForm, PointForm
from intake.personal.plan_views import STATUS_LABELS
from intake.i18n import ERRORS, EVENT_LABELS, MAIL_LABELS, MAIL_STATUS, translate
from intake.i18n_en import EN
from intake.personal.forms import KINDS, AgreementForm, AgreementsForm, SignForm

INTAKE = Path(__file__).resolve().parents[2] / "intake"
CALL = re.compile(r'''\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')''')


def dutch_texts() -> set[str]:
    texts: set[str] = set()
    for path in INTAKE.rglob("*"):
        if path.suffix in (".py", ".html"):
            for match in CALL.finditer(path.read_text(encoding="utf-8")):
                texts.add(match.group(1) if match.group(1) is not None else match.group(2))
    texts.update(ERRORS.values())
    for table in (EVENT_LABELS, MAIL_LABELS, MAIL_STATUS):
        texts.update(table.values())
    texts.update(label for value, label in KINDS if value)
    texts.update(STATUS_LABELS.values())
    texts.update(SUGGESTED_TOPICS)
    texts.update(choice.label for choice in PRIORITY_CHOICES)
    for form in (AgreementForm, AgreementsForm, LoginForm, ScheduleForm, SignForm, MeetingForm, CancelForm,
                 PointForm, AgendaForm):
        for name in dir(form):
            field = getattr(form, name)
            label = getattr(field, "kwargs", {}).get("label") or (field.args[0] if getattr(field, "args", None) else None)
            if isinstance(label, str):
                texts.add(label)
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
