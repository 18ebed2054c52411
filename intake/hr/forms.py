"""HR forms: log in, schedule a POP meeting."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email

from intake.forms_common import MeetingForm
from intake.i18n import LocalisedMeta


class LoginForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    email = EmailField("E-mailadres", validators=[DataRequired(), Email()])
    password = PasswordField("Wachtwoord", validators=[DataRequired()])


class ScheduleForm(MeetingForm):
    employee = SelectField("Medewerker", validators=[DataRequired()], validate_choice=True)
