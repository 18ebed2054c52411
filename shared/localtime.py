"""Showing instants to people: their timezone, their language.

Day and month names come from the CLDR locale data (Babel), so every date a page or
an e-mail shows is in the reader's language: 'dinsdag 8 december 2026 om 10:00',
'Tuesday 8 December 2026 at 10:00'.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import DateTimePattern, parse_pattern

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
AT = {"nl": "om", "en": "at"}
DATE_PATTERN = "EEEE d MMMM y"


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


@cache  # two languages: the keys are ("nl",) and ("en",)
def _date_format(lang: str) -> tuple[Locale, DateTimePattern]:
    """The parsed locale and pattern of a language. babel.dates.format_date parses the
    locale name again on every call; this is what it computes, done once."""
    return Locale.parse(LOCALES[lang]), parse_pattern(DATE_PATTERN)


@lru_cache(maxsize=4096)
def _cldr_date(day: date, lang: str) -> str:
    # A pure function of the day and language (no person or POP in it), and a mail run
    # shows the same few days again and again: remembering the text is safe and cheap.
    locale, pattern = _date_format(lang)
    return pattern.apply(day, locale)  # exactly babel.dates.format_date(day, DATE_PATTERN, locale)


def format_date(day: date, lang: str) -> str:
    if isinstance(day, datetime):  # as Babel does: a datetime shows its own (naive) date
        day = day.date()
    return _cldr_date(day, _lang(lang))


def format_when(moment: datetime, lang: str, tz: str) -> str:
    local = moment.astimezone(ZoneInfo(tz))
    return f"{format_date(local.date(), lang)} {AT[_lang(lang)]} {local:%H:%M}"


def format_until(start: datetime, end: datetime, lang: str, tz: str) -> str:
    """What follows format_when(start) to say when a meeting ends: '–11:00' on the same
    day ('om 10:00–11:00'), the whole moment when it ends on another day."""
    local_start, local_end = start.astimezone(ZoneInfo(tz)), end.astimezone(ZoneInfo(tz))
    if local_end.date() == local_start.date():
        return f"–{local_end:%H:%M}"
    return f" – {format_when(end, lang, tz)}"


def to_local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))
