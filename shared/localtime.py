"""Showing instants to people: their timezone, their language.

Day and month names come from the CLDR locale data (Babel), so every date a page or
an e-mail shows is in the reader's language: 'dinsdag 8 december 2026 om 10:00',
'Tuesday 8 December 2026 at 10:00'.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as cldr_date

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
AT = {"nl": "om", "en": "at"}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def format_date(day: date, lang: str) -> str:
    return cldr_date(day, "EEEE d MMMM y", locale=LOCALES[_lang(lang)])


def format_when(moment: datetime, lang: str, tz: str) -> str:
    local = moment.astimezone(ZoneInfo(tz))
    return f"{format_date(local.date(), lang)} {AT[_lang(lang)]} {local:%H:%M}"


def to_local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))
