"""HR forms: log in, schedule a POP meeting, create and launch a round."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (DateField, EmailField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField,
                     widgets)
from wtforms.validators import DataRequired, Email, Length, NumberRange

from intake.forms_common import MeetingForm
from intake.i18n import LocalisedMeta


class LoginForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    email = EmailField("E-mailadres", validators=[DataRequired(), Email()])
    password = PasswordField("Wachtwoord", validators=[DataRequired()])


class ScheduleForm(MeetingForm):
    employee = SelectField("Medewerker", validators=[DataRequired()], validate_choice=True)


class RoundForm(FlaskForm):
    """A new round: its name, its scope and the period of its meetings."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    name = StringField("Naam van de ronde", validators=[DataRequired(), Length(max=200)])
    departments = SelectMultipleField("Afdelingen", validate_choice=True,
                                      widget=widgets.ListWidget(prefix_label=False),
                                      option_widget=widgets.CheckboxInput())
    meetings_from = DateField("Gesprekken vanaf", validators=[DataRequired()])
    meetings_until = DateField("Gesprekken tot en met", validators=[DataRequired()])
    review_every_months = IntegerField("Voortgangsgesprek elke ... maanden", default=3,
                                       validators=[DataRequired(), NumberRange(min=1, max=12)])
    plan_months = IntegerField("Looptijd van het plan (maanden)", default=12,
                               validators=[DataRequired(), NumberRange(min=1, max=36)])


class LaunchForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass
