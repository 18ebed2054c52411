"""HR forms: log in, schedule a POP meeting."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, IntegerField, PasswordField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional


class LoginForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[DataRequired(), Email()])
    password = PasswordField("Wachtwoord", validators=[DataRequired()])
    submit = SubmitField("Inloggen")


class ScheduleForm(FlaskForm):
    employee = SelectField("Medewerker", validators=[DataRequired()], validate_choice=True)
    day = DateField("Datum", validators=[DataRequired()])
    time = TimeField("Tijd", validators=[DataRequired()])
    minutes = IntegerField("Duur (minuten)", default=60, validators=[DataRequired(), NumberRange(min=10, max=480)])
    location = StringField("Plaats of online-link", validators=[Optional(), Length(max=300)])
    submit = SubmitField("Gesprek plannen")
