"""HR forms: log in, change the password, schedule a POP meeting, create and launch a round."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (DateField, EmailField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField,
                     widgets)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from intake.forms_common import MeetingForm, one_line
from intake.i18n import N_, LocalisedMeta, lazy_

DAY_LIST = r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$"  # "10, 8"


class LoginForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    email = EmailField(N_("E-mailadres"), validators=[DataRequired(), Email()])
    password = PasswordField(N_("Wachtwoord"), validators=[DataRequired()])


class PasswordForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    current = PasswordField(N_("Huidig wachtwoord"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(N_("Nieuw wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(N_("Nieuw wachtwoord nog een keer"), validators=[DataRequired()],
                           render_kw={"autocomplete": "new-password"})


class ScheduleForm(MeetingForm):
    employee = SelectField(N_("Medewerker"), validators=[DataRequired()], validate_choice=True)


class RoundForm(FlaskForm):
    """A new round: its name, its scope and the period of its meetings."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    name = StringField(N_("Naam van de ronde"), validators=[DataRequired(), Length(max=200), one_line])
    departments = SelectMultipleField(N_("Afdelingen"), validate_choice=True,
                                      widget=widgets.ListWidget(prefix_label=False),
                                      option_widget=widgets.CheckboxInput())
    meetings_from = DateField(N_("Gesprekken vanaf"), validators=[DataRequired()])
    meetings_until = DateField(N_("Gesprekken tot en met"), validators=[DataRequired()])
    review_every_months = IntegerField(N_("Voortgangsgesprek elke ... maanden"), default=3,
                                       validators=[DataRequired(), NumberRange(min=1, max=12)])
    plan_months = IntegerField(N_("Looptijd van het plan (maanden)"), default=12,
                               validators=[DataRequired(), NumberRange(min=1, max=36)])
    question_set = SelectField(N_("Vragenlijst"), validate_choice=True)
    exchange_days = IntegerField(N_("Gesprekspunten uitwisselen ... dagen voor het gesprek"), default=7,
                                 validators=[DataRequired(), NumberRange(min=1, max=30)])
    prepare_reminder_days = StringField(N_("Herinnering voorbereiden, dagen voor het gesprek"), default="10, 8",
                                        validators=[Optional(), Regexp(DAY_LIST, message=lazy_(
                                            "Getallen gescheiden door komma's, bijvoorbeeld 10, 8."))])
    sign_reminder_days = StringField(N_("Herinnering ondertekenen, dagen na het gesprek"), default="3, 7",
                                     validators=[Optional(), Regexp(DAY_LIST, message=lazy_(
                                         "Getallen gescheiden door komma's, bijvoorbeeld 10, 8."))])
    due_reminder_days = IntegerField(N_("Herinnering einddatum afspraak, dagen ervoor"), default=7,
                                     validators=[DataRequired(), NumberRange(min=1, max=60)])
    review_reminder_days = IntegerField(N_("Herinnering voortgangsgesprek, dagen ervoor"), default=2,
                                        validators=[DataRequired(), NumberRange(min=1, max=30)])
    review_minutes = IntegerField(N_("Duur van een voortgangsgesprek (minuten)"), default=30,
                                  validators=[DataRequired(), NumberRange(min=10, max=240)])

    @staticmethod
    def days(text: str | None) -> list[int]:
        return [int(part) for part in (text or "").replace(" ", "").split(",") if part]


class LaunchForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


class ResendForm(FlaskForm):
    """Sending failed mails again: only the CSRF token (the mail, or "all", is in the address)."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass
