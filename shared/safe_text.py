"""Text from people, made safe where it is used: in a mail header, a calendar property or
a spreadsheet cell; and the check that refuses it at the edge (forms, API, import).

A name, department, round name, location or agreement text may hold anything: typed,
pasted from another program, imported from Excel (Alt+Enter makes a line break in a
cell) or sent through the API, and rows stored before the edge refused them. Where such
a text is used, these functions make it harmless instead of letting one value stop a
mail, break a header into two or turn a cell into a formula:

- ``single_line``: headers, subjects, calendar SUMMARY/LOCATION/CN, cells. Control
  characters (C0, DEL, C1) are dropped, every kind of line break and space becomes one
  space, and the length is bounded.
- ``multi_line``: a calendar DESCRIPTION, a shared answer in a mail body. Line breaks are
  kept (as ``\\n``), other controls dropped.
- ``spreadsheet_cell``: ``single_line`` plus OWASP's advice on CSV injection.
- ``refused_character``: what a single-line (or multi-line) field refuses at the edge.

Both cleaners also drop the bidi embedding, override and isolate controls (U+202A–U+202E,
U+2066–U+2069): invisible, they can turn a subject around ("Trojan Source"); right-to-left
names read well without them. The edge does not refuse them (copying a name from some
programs brings isolates along): they are only dropped where the text is used. Lone
surrogates, U+FFFE and U+FFFF are dropped too: they cannot be written as UTF-8 or in XML.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "single_line",
    "multi_line",
    "spreadsheet_cell",
    "csv_cell",
    "refused_character",
    "NAME_LIMIT",
    "SUBJECT_LIMIT",
    "FORMULA_START",
    "code_point",
]

NAME_LIMIT = 200  # a name, department or round name: the longest the import and the forms take
SUBJECT_LIMIT = 250  # a subject or calendar title that quotes an agreement stays readable in a mail list
ELLIPSIS = "…"
# Invisible characters dropped everywhere: controls that are no space, bidi controls,
# what UTF-8 or XML cannot hold. The controls that are whitespace (tab, line breaks,
# \x1c-\x1f, NEL) become spaces or line breaks instead.
_DROPPED = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_DROP = re.compile(f"[{_DROPPED}]")
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_UNIT_SEPARATOR = "\x1f"  # a control str.split() takes for a space: within a line, a space
# OWASP, CSV injection: a cell that starts with one of these is read as a formula (tab and
# CR cannot start a single line); the full-width forms too, which some programs accept.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def single_line(text: str | None, limit: int | None = NAME_LIMIT) -> str:
    """One line of visible text: no controls, whitespace collapsed, at most ``limit``
    characters (cut with an ellipsis). Applying it twice changes nothing."""
    if not text:
        return ""
    if text.isprintable() and (limit is None or len(text) <= limit) and "  " not in text and text == text.strip():
        return text  # nearly every name and subject: nothing to do
    text = " ".join(_DROP.sub("", text).split())
    return _bounded(text, limit)


def multi_line(text: str | None, limit: int | None = 10_000) -> str:
    """Visible text with its line breaks (``\\n``, also for CRLF, CR and the Unicode line
    separators); tabs kept; other controls dropped; bounded like ``single_line``."""
    if not text:
        return ""
    text = _LINE_BREAK.sub("\n", _DROP.sub("", text)).replace(_UNIT_SEPARATOR, " ")
    return _bounded(text, limit)


def _bounded(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ", len(cut) - 20)
    cut = (cut[:space] if space > 0 else cut).rstrip()  # at a word's end when one is near
    while cut and unicodedata.combining(cut[-1]):  # an accent without its letter
        cut = cut[:-1]
    return cut + ELLIPSIS


def spreadsheet_cell(value: object) -> object:
    """A value for a CSV or XLSX cell that no spreadsheet program reads as a formula and that
    openpyxl can write. Text starting with a formula character gets a leading apostrophe
    (OWASP's advice); numbers, dates and None stay as they are."""
    if not isinstance(value, str):
        return value
    text = single_line(value, limit=32_000)  # an Excel cell holds at most 32,767 characters
    # Spaces and quotes before it too: a reader that does not follow the quotes (or trims)
    # may still see the formula character first.
    if text.lstrip(' "').startswith(FORMULA_START):
        return "'" + text
    return text


_FORMULA_AFTER_SEPARATOR = re.compile(
    '([,;][ "]*)(?=[' + re.escape("".join(c for c in FORMULA_START if c not in "\t\r")) + "])"
)


def csv_cell(value: object) -> object:
    """spreadsheet_cell for a CSV file, which some programs split on another separator than
    it was written with (Excel with the Dutch list separator splits on ';', and not always
    as the quotes say): a formula character right after a ',' or ';' in the text gets an
    apostrophe as well, so no piece of the cell starts a formula either."""
    cell = spreadsheet_cell(value)
    if isinstance(cell, str) and ("," in cell or ";" in cell):
        return _FORMULA_AFTER_SEPARATOR.sub(r"\1'", cell)
    return cell


def refused_character(text: str | None, *, multi_line: bool = False) -> str | None:
    """The first character a field refuses, or None. A single-line field (name, department,
    round name, location) refuses every control character (tab and line breaks included)
    and the Unicode line and paragraph separators; a multi-line field refuses the controls
    other than tab, line feed and carriage return."""
    if not text or text.isprintable():
        return None
    for char in text:
        if multi_line and char in "\t\n\r":
            continue
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            return char
    return None


def code_point(char: str) -> str:
    """How a refused character is named in a message: U+000A."""
    return f"U+{ord(char):04X}"
