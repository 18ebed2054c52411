"""Dutch first, English complete: every text popflow shows has an English version.

The texts are what `make messages` extracts (babel.cfg, the Makefile's keywords): pages,
templates, tables marked with N_, the PDF, import problems and the CLI; no list by hand.
"""

import re
from io import BytesIO
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from shared.i18n import catalog_path, translate, translate_plural

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = re.search(r"^MESSAGE_KEYWORDS\s*:=(.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1).split()
PLACEHOLDER = re.compile(r"{(\w+)}")


def english_catalog():
    with catalog_path("en").open("rb") as source:
        return read_po(source, locale="en")


def extracted() -> dict[str, tuple[str, ...]]:
    """msgid (the singular for a plural) -> its forms, as `make messages` extracts them."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = parse_keywords(KEYWORDS[1::2])
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        found[forms[0]] = forms
    return found


EN = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in english_catalog() if m.id}
TEXTS = extracted()


def test_the_extraction_finds_pages_pdf_import_problems_and_cli():
    for text in (
        "Inloggen",
        "Handtekeningen",
        "naam ontbreekt",
        "rij {row}, kolom {column}",
        "database bijgewerkt",
        "Gesprek gepland",
        "Wat (specifiek)",
        "Hoe tevreden je bent met je werk",
    ):
        assert text in TEXTS, text
    assert TEXTS["en nog {n} probleem; los eerst deze op"][1] == "en nog {n} problemen; los eerst deze op"


def test_every_extracted_text_has_an_english_translation():
    missing = sorted(
        text
        for text in TEXTS
        if text not in EN or not all(EN[text].string if isinstance(EN[text].string, tuple) else (EN[text].string,))
    )
    assert not missing, "no English for (run `make messages` and fill in messages.po):\n" + "\n".join(missing)


def test_plural_texts_are_plural_in_the_catalogue_too():
    wrong = sorted(
        text for text, forms in TEXTS.items() if text in EN and (len(forms) == 2) != isinstance(EN[text].id, tuple)
    )
    assert not wrong, wrong


def test_translations_keep_their_placeholders():
    for text, message in EN.items():
        dutch = message.id if isinstance(message.id, tuple) else (message.id,)
        english = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(" ".join(dutch)))
        for form in english:
            assert set(PLACEHOLDER.findall(form)) == wanted, (text, form)


def test_dutch_is_the_default():
    assert translate("Inloggen", "nl") == "Inloggen"
    assert translate("Inloggen", "en") == "Log in"


def test_a_count_picks_its_form():
    one, many = "{n} probleem; niets geïmporteerd", "{n} problemen; niets geïmporteerd"
    assert translate_plural(one, many, 1, "nl") == "1 probleem; niets geïmporteerd"
    assert translate_plural(one, many, 3, "nl") == "3 problemen; niets geïmporteerd"
    assert translate_plural(one, many, 1, "en") == "1 problem; nothing imported"
    assert translate_plural(one, many, 3, "en") == "3 problems; nothing imported"


def test_the_english_catalog_compiles_without_errors_or_fuzzy_entries():
    catalog = english_catalog()
    assert not catalog.fuzzy and not [m.id for m in catalog if m.id and m.fuzzy]
    assert not [(m.id, errors) for m, errors in catalog.check()]
    compiled = BytesIO()
    write_mo(compiled, catalog)
    assert compiled.getvalue()


def test_no_english_text_is_left_unused():
    """Every active catalogue entry is still a text of the app: old wording does not linger."""
    unused = sorted(set(EN) - set(TEXTS))
    assert not unused, "in the catalogue but no longer used (run `make messages`):\n" + "\n".join(unused)
