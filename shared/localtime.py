"""Showing instants to people: their timezone, their language (no locale database needed)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

DAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def format_date(day: date, lang: str) -> str:
    lang = _lang(lang)
    return f"{DAYS[lang][day.weekday()]} {day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def format_when(moment: datetime, lang: str, tz: str) -> str:
    """'dinsdag 8 december 2026 om 10:00' / 'Tuesday 8 December 2026 at 10:00'."""
    local = moment.astimezone(ZoneInfo(tz))
    word = "at" if _lang(lang) == "en" else "om"
    return f"{format_date(local.date(), lang)} {word} {local:%H:%M}"


def to_local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))
