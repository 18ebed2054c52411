"""HR forms: log in, change the password, schedule a POP meeting, create and launch a round."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, StopValidation, ValidationError

from intake.forms_common import MeetingForm, no_control_characters, one_line
from intake.i18n import IN_RANGE, N_, LocalisedMeta, _
from shared.conversation_types import TEXT_LIMIT, TYPE_TEXTS
from shared.round_settings import ROUND_SETTINGS, RoundSetting

# "10, 8"; "-7, 0, 7" for the planning reminders, some before their deadline (the bounds say which may)
DAY_LIST = r"\s*-?\d{1,3}(\s*,\s*-?\d{1,3})*\s*"


class LoginForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    email = EmailField(N_("E-mailadres"), validators=[DataRequired(), Email()])
    password = PasswordField(N_("Wachtwoord"), validators=[DataRequired()])


class PasswordForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    current = PasswordField(
        N_("Huidig wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    new = PasswordField(N_("Nieuw wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(
        N_("Nieuw wachtwoord nog een keer"), validators=[DataRequired()], render_kw={"autocomplete": "new-password"}
    )


class ScheduleForm(MeetingForm):
    employee = SelectField(N_("Medewerker"), validators=[DataRequired()], validate_choice=True)


class RoundForm(FlaskForm):
    """A new round: its name, its scope, the period of its meetings, and its settings (below)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    name = StringField(N_("Naam van de ronde"), validators=[DataRequired(), Length(max=200), one_line])
    departments = SelectMultipleField(
        N_("Afdelingen"),
        validate_choice=True,
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    meetings_from = DateField(N_("Gesprekken vanaf"), validators=[DataRequired()])
    meetings_until = DateField(N_("Gesprekken tot en met"), validators=[DataRequired()])
    question_set = SelectField(N_("Vragenlijst"), validate_choice=True)

    def settings(self) -> dict[str, int | list[int]]:
        """The round's settings as entered: a number each, or a list of days."""
        return {s.name: days(self[s.name].data) if s.many else self[s.name].data for s in ROUND_SETTINGS}


def days(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").replace(" ", "").split(",") if part]


class DayList:
    """Numbers separated by commas, as many and as large as the setting allows."""

    def __init__(self, setting: RoundSetting) -> None:
        self.setting = setting

    def __call__(self, form, field) -> None:
        if not re.fullmatch(DAY_LIST, field.data or ""):
            raise ValidationError(_("Getallen gescheiden door komma's, bijvoorbeeld 10, 8."))
        if not self.setting.allows(days(field.data)):
            raise ValidationError(
                _(
                    "Hoogstens {most} getallen van {low} tot en met {high}.",
                    most=self.setting.most,
                    low=self.setting.low,
                    high=self.setting.high,
                )
            )


def a_number(form, field) -> None:
    """Required, but 0 is a number too (DataRequired refuses it: a planning deadline on the
    period's last day). A post without the field keeps the default, as DataRequired did."""
    if field.data is None:
        field.errors[:] = []  # "Not a valid integer value" says less than this
        raise StopValidation(_("Vul dit veld in."))


def setting_field(setting: RoundSetting):
    """A round setting's field: label, help, default and bounds from shared/round_settings.py."""
    if setting.switch:  # unticked sends nothing: off
        return BooleanField(setting.label, default=setting.default_on, description=setting.help)
    if setting.many:
        return StringField(
            setting.label,
            default=", ".join(map(str, setting.default_days)),
            description=setting.help,
            validators=[Optional(), DayList(setting)],
        )
    return IntegerField(
        setting.label,
        default=setting.default_number,
        description=setting.help,
        validators=[a_number, NumberRange(min=setting.low, max=setting.high, message=IN_RANGE)],
    )


for _setting in ROUND_SETTINGS:
    setattr(RoundForm, _setting.name, setting_field(_setting))


class RoundSettingsForm(FlaskForm):
    """A round's settings (the table's fields, as on RoundForm) and HR's own texts of the
    four conversation types (shared/conversation_types.py); an empty text reads the set's."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    def settings(self) -> dict[str, int | list[int]]:
        return {s.name: days(self[s.name].data) if s.many else self[s.name].data for s in ROUND_SETTINGS}

    def texts(self) -> dict[str, str]:
        return {text.field: self[text.field].data or "" for text in TYPE_TEXTS}


for _setting in ROUND_SETTINGS:
    setattr(RoundSettingsForm, _setting.name, setting_field(_setting))
for _text in TYPE_TEXTS:
    setattr(
        RoundSettingsForm,
        _text.field,
        TextAreaField(
            _text.field,  # the page names the type and the language beside it
            validators=[Optional(), Length(max=TEXT_LIMIT), no_control_characters],
            render_kw={"rows": 3},
        ),
    )


class MailTextForm(FlaskForm):
    """HR's own first paragraph of one kind of mail, for each audience and language
    (notifier/openings.py checks the placeholders)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    preview = SubmitField(N_("Voorbeeld bekijken"))
    save = SubmitField(N_("Opslaan"))


def mail_text_form(fields: list[str]) -> MailTextForm:
    """A MailTextForm with one text per (audience, language) of the kind: fields "text_<audience>_<lang>"."""

    class Form(MailTextForm):
        pass

    for name in fields:
        setattr(
            Form,
            name,
            TextAreaField(
                name, validators=[Optional(), Length(max=1000), no_control_characters], render_kw={"rows": 4}
            ),
        )
    return Form()


class LaunchForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


class ResendForm(FlaskForm):
    """Sending failed mails again: only the CSRF token (the mail, or "all", is in the address)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass
