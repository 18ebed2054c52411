"""Form pieces used by more than one blueprint."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, FormField, IntegerField, RadioField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation, ValidationError

from intake.i18n import IN_RANGE, N_, LocalisedMeta, _
from shared.safe_text import refused_character


class RowList(FieldList):
    """A FieldList that reads only short ASCII row numbers: WTForms takes any str.isdigit()
    text ("points-²-text", 5000 nines) for a number and int() then fails with a 500."""

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                number = key[offset:].split(self._field_separator, 1)[0]
                if number.isascii() and number.isdigit() and len(number) < 10:
                    yield int(number)


def filled(form, field) -> None:
    """Required, but unlike DataRequired it keeps the parse error ("Ongeldige waarde voor tijd")."""
    if not field.raw_data or not str(field.raw_data[0]).strip():
        raise StopValidation(_("Vul dit veld in."))


def one_line(form, field) -> None:
    """A name, location or title reaches mail subjects and calendar items: one line, without
    control characters. A browser's text box cannot make a line break, a paste or a script can."""
    if isinstance(field.data, str) and refused_character(field.data) is not None:
        raise ValidationError(_("Zet dit op één regel, zonder tabs, regeleinden of andere onzichtbare tekens."))


def no_control_characters(form, field) -> None:
    """A longer text keeps its lines and tabs, but no other control character (the database
    refuses NUL; a mail or calendar would have to drop them)."""
    if isinstance(field.data, str) and refused_character(field.data, multi_line=True) is not None:
        raise ValidationError(
            _("Hier staat een onzichtbaar teken in dat niet mag. Typ de tekst opnieuw of plak hem zonder opmaak.")
        )


class MeetingForm(FlaskForm):
    """When and where a meeting takes place, in the organisation's timezone."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    day = DateField(N_("Datum"), validators=[filled])
    time = TimeField(N_("Tijd"), validators=[filled])
    minutes = IntegerField(
        N_("Duur (minuten)"), default=60, validators=[DataRequired(), NumberRange(min=10, max=480, message=IN_RANGE)]
    )
    location = StringField(N_("Plaats of online-link"), validators=[Optional(), Length(max=300), one_line])

    def start_utc(self, tz: str) -> datetime:
        return local_start_utc(self.day.data, self.time.data, tz)


def local_start_utc(day: date, at: time, tz: str) -> datetime:
    """A day and a wall-clock time in the organisation's timezone, as a UTC instant."""
    return datetime.combine(day, at).replace(tzinfo=ZoneInfo(tz)).astimezone(ZoneInfo("UTC"))


class CancelForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    reason = TextAreaField(N_("Reden van annuleren"), validators=[filled, Length(max=500), no_control_characters])


def error_links(form, prefix: str = "") -> list[tuple[str, str, str]]:
    """(element id, label, message) for every field error, nested forms too: the error
    summary links each one to its field, so keyboard and screen-reader users get there."""
    found = []
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                inner = entry.form if isinstance(entry, FormField) else [entry]
                found += error_links(inner, f"{prefix}{_(field.label.text)} {number}: ")
        elif isinstance(field, FormField):
            found += error_links(field.form, prefix)
        else:
            target = f"{field.id}-0" if isinstance(field, RadioField) else field.id
            found += [(target, prefix + _(field.label.text), message) for message in field.errors]
    return found
