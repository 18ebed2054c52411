"""Form pieces used by more than one blueprint."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation

from intake.i18n import LocalisedMeta, _


def filled(form, field) -> None:
    """Required, but unlike DataRequired it keeps the parse error ("Ongeldige waarde voor tijd")."""
    if not field.raw_data or not str(field.raw_data[0]).strip():
        raise StopValidation(_("Vul dit veld in."))


class MeetingForm(FlaskForm):
    """When and where a meeting takes place, in the organisation's timezone."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    day = DateField("Datum", validators=[filled])
    time = TimeField("Tijd", validators=[filled])
    minutes = IntegerField("Duur (minuten)", default=60, validators=[DataRequired(), NumberRange(min=10, max=480)])
    location = StringField("Plaats of online-link", validators=[Optional(), Length(max=300)])

    def start_utc(self, tz: str) -> datetime:
        local = datetime.combine(self.day.data, self.time.data).replace(tzinfo=ZoneInfo(tz))
        return local.astimezone(ZoneInfo("UTC"))


class CancelForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    reason = TextAreaField("Reden van annuleren", validators=[filled, Length(max=500)])
