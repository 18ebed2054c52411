"""Forms of the employee and manager: preparation, agreements, signature."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from intake.forms_common import RowList, no_control_characters, one_line
from intake.i18n import IN_RANGE, N_, LocalisedMeta, _, translate
from shared import smart
from shared.questions import Question

MAX_ANSWER = 5000


def preparation_form(
    questions: tuple[Question, ...], role: str, lang: str, other_name: str, ratings: bool = True, **kwargs
) -> FlaskForm:
    """A form with, per question, an answer and a 'share with <the other person>' box; the
    manager's two ratings unless the round has no conversation types."""
    form = _preparation_form_class(questions, role, lang, ratings)(**kwargs)
    # The one text that names a person: set on this request's fields, not on the shared class.
    share = _("Vooraf delen met {name}", name=other_name)
    for q in questions:
        form[f"share_{q.id}"].label.text = share
    return form


@lru_cache(maxsize=32)
def _preparation_form_class(questions: tuple[Question, ...], role: str, lang: str, ratings: bool) -> type[FlaskForm]:
    """One class per (questions, role, language), made on first use: declaring ~50 fields on
    every request cost more CPU than the rest of the form. Each request binds its own fields."""

    def _(text: str, **values) -> str:  # in the language of the cache key, not of whoever asked first
        return translate(text, lang, **values)

    class PreparationForm(FlaskForm):
        class Meta(LocalisedMeta, FlaskForm.Meta):
            pass

        version = HiddenField()
        save = SubmitField(_("Concept opslaan"))
        submit = SubmitField(_("Klaar om te delen"))

    too_long = _("Maximaal {n} tekens; dit antwoord is te lang.", n=MAX_ANSWER)
    for q in questions:
        setattr(
            PreparationForm,
            f"answer_{q.id}",
            TextAreaField(
                q.text(lang), validators=[Optional(), Length(max=MAX_ANSWER, message=too_long), no_control_characters]
            ),
        )
        # preparation_form names the other side; a question HR marked "shared" starts ticked
        setattr(PreparationForm, f"share_{q.id}", BooleanField("", default=q.shared))
    if role == "manager" and ratings:
        levels = [SelectChoice("low", _("laag")), SelectChoice("high", _("hoog"))]
        PreparationForm.potential = RadioField(_("Vermogen, potentieel"), choices=levels, validators=[Optional()])
        PreparationForm.willingness = RadioField(
            _("Ontwikkelbereidheid, belangstelling, motivatie"), choices=levels, validators=[Optional()]
        )
    return PreparationForm


KINDS = [("", "—"), ("knowledge", N_("Kennis")), ("skill", N_("Vaardigheid")), ("competence", N_("Competentie"))]
KIND_CHOICES = [SelectChoice(value, label) for value, label in KINDS]
KIND_LABELS = {value: label for value, label in KINDS if value}


class AgreementForm(Form):
    """One SMART agreement (000 step 3, 001 steps 3-5, 004 steps 5-6)."""

    Meta = LocalisedMeta

    # The agreement's text is the subject of its due reminders.
    what = TextAreaField(N_("Wat (specifiek)"), validators=[Optional(), Length(max=2000), no_control_characters])
    measurable_result = TextAreaField(
        N_("Meetbaar resultaat"), validators=[Optional(), Length(max=2000), no_control_characters]
    )
    owner = StringField(N_("Wie"), validators=[Optional(), Length(max=200), one_line])
    due_date = DateField(N_("Wanneer klaar"), validators=[Optional()])
    kind = SelectField(N_("Soort ontwikkeling"), choices=KIND_CHOICES, validate_choice=True)
    activity = TextAreaField(
        N_("Ontwikkelactiviteit"), validators=[Optional(), Length(max=2000), no_control_characters]
    )
    cost_eur = DecimalField(
        N_("Verwachte kosten (EUR)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=1_000_000, message=IN_RANGE)],
    )
    hours = IntegerField(N_("Uren"), validators=[Optional(), NumberRange(min=0, max=5000, message=IN_RANGE)])
    support = TextAreaField(
        N_("Ondersteuning van de organisatie"), validators=[Optional(), Length(max=2000), no_control_characters]
    )
    remove = BooleanField(N_("Deze afspraak verwijderen"))

    def is_blank(self) -> bool:
        return (
            not any(
                (self.data.get(name) or "") for name in ("what", "measurable_result", "owner", "activity", "support")
            )
            and self.due_date.data is None
            and self.cost_eur.data is None
            and self.hours.data is None
        )


class AgreementsForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    loaded_hash = HiddenField()
    goal = TextAreaField(N_("Gewenste ontwikkeling"), validators=[Optional(), Length(max=2000), no_control_characters])
    agreements = RowList(FormField(AgreementForm), N_("Afspraak"), min_entries=1, max_entries=30)
    save = SubmitField(N_("Afspraken opslaan"))
    add = SubmitField(N_("Nog een afspraak"))


class SignForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    content_hash = HiddenField(validators=[DataRequired()])
    sign = SubmitField(N_("Ik onderteken dit plan"))


class ShareAgainForm(FlaskForm):
    """Only the button (and CSRF): share the submitted points with the new manager (consent_views.py)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


class ReopenForm(FlaskForm):
    """Only the button (and CSRF): a preparation ready to share goes back to a draft (ready_views.py)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


class EndLinksForm(FlaskForm):
    """Only the button (and CSRF): end every personal link of this person (link_views.py)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


class NewFeedForm(FlaskForm):
    """Only the button (and CSRF): a new calendar feed URL (feed_views.py)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


def smart_advice(form: AgreementForm, today: date, plan_end: date | None) -> dict[str, str]:
    """What is not yet SMART, per field, as the tip shown there (shared/smart.py's rules)."""
    codes = smart.advice(
        form.what.data or "",
        form.measurable_result.data or "",
        form.owner.data or "",
        form.due_date.data,
        today,
        plan_end,
    )
    return {name: _(smart.TIP, advice=_(smart.MESSAGES[code])) for name, code in codes.items()}
