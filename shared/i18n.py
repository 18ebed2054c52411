"""The one gettext catalogue of popflow, usable without a request: pages, PDF, CLI, mail.

Dutch is the msgid, so Dutch needs no catalogue; English comes from
intake/translations/en/LC_MESSAGES/messages.po (Flask-Babel's layout). `make messages`
extracts every text marked with _, gettext, ngettext, N_ or lazy_ (babel.cfg) and updates
that file; the build compiles it to messages.mo. A checkout that was not built yet compiles
the .po in memory instead of showing English readers Dutch.
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


def N_(text: str, plural: str | None = None):
    """Marks a text for extraction where it is defined (a table); it is translated where shown.
    With a plural, the pair (singular, plural) for translate_plural."""
    return text if plural is None else (text, plural)


def catalog_path(lang: str, suffix: str = ".po") -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / f"messages{suffix}"


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES or lang == "nl":
        return gettext.NullTranslations()
    po, mo = catalog_path(lang), catalog_path(lang, ".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return Translations(compiled)
    with po.open("rb") as source:
        built = BytesIO()
        write_mo(built, read_po(source, locale=lang))
    built.seek(0)
    return Translations(built)


def translate(text: str, lang: str, /, **values) -> str:
    out = translations(lang).gettext(text)
    return out.format(**values) if values else out


def translate_plural(singular: str, plural: str, n: int, lang: str, /, **values) -> str:
    """The form for n ("1 rij" / "3 rijen"); {n} in the text is the count."""
    return translations(lang).ngettext(singular, plural, n).format(n=n, **values)
