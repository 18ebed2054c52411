"""The one gettext catalogue of pages and e-mails, outside any request.

Dutch is the msgid; English comes from intake/translations/en/LC_MESSAGES/messages.po
(Flask-Babel's layout, compiled by the build with `pybabel compile -d intake/translations`).
A checkout that was not built yet compiles it in memory instead of showing English
readers Dutch. The pages' request-bound `_` lives in intake/i18n.py; the workers ask
`translations(lang)` for the catalogue of a person's language.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("nl", "en")
TRANSLATIONS = Path(__file__).resolve().parents[1] / "intake" / "translations"


def catalog_path(lang: str, suffix: str = ".po") -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / f"messages{suffix}"


@lru_cache(maxsize=4)  # once per language and process: after that, a lookup is a dict's
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of a language: .gettext(msgid) and .ngettext(singular, plural, n)."""
    if lang not in LANGUAGES or lang == "nl":
        return gettext.NullTranslations()
    po, mo = catalog_path(lang), catalog_path(lang, ".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return Translations(compiled)
    with po.open("rb") as source:
        compiled = BytesIO()
        write_mo(compiled, read_po(source, locale=lang))
    compiled.seek(0)
    return Translations(compiled)


def translate(text: str, lang: str, **values) -> str:
    out = translations(lang).gettext(text)
    return out.format(**values) if values else out


def N_(text: str) -> str:  # gettext's name for "translated later"
    """Marks a Dutch text in a table for extraction; it is translated where it is shown."""
    return text
