"""HR forms: log in, schedule a POP meeting."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, IntegerField, PasswordField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, StopValidation

from intake.i18n import LocalisedMeta, _


def filled(form, field) -> None:
    """Required, but unlike DataRequired it keeps the parse error ("Geen geldige tijd")."""
    if not field.raw_data or not str(field.raw_data[0]).strip():
        raise StopValidation(_("Vul dit veld in."))


class LoginForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    email = EmailField("E-mailadres", validators=[DataRequired(), Email()])
    password = PasswordField("Wachtwoord", validators=[DataRequired()])
    submit = SubmitField("Inloggen")


class ScheduleForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    employee = SelectField("Medewerker", validators=[DataRequired()], validate_choice=True)
    day = DateField("Datum", validators=[filled])
    time = TimeField("Tijd", validators=[filled])
    minutes = IntegerField("Duur (minuten)", default=60, validators=[DataRequired(), NumberRange(min=10, max=480)])
    location = StringField("Plaats of online-link", validators=[Optional(), Length(max=300)])
    submit = SubmitField("Gesprek plannen")
