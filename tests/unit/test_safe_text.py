"""shared/safe_text over classes of input: controls, every kind of line break and space,
bidi controls, surrogates, formula starts, any unicode. What it gives is one visible line
(or visible lines), bounded, that a header, a calendar and a spreadsheet take as it is."""

from __future__ import annotations

import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from shared.safe_text import FORMULA_START, csv_cell, multi_line, refused_character, single_line, spreadsheet_cell

HOSTILE = list(
    "\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x1c\x1f\x7f\x80\x85\x9f\xa0\u2028\u2029\u202a\u202e\u2066\u2069"
    "\u200b\u200d\ufeff\ufffe\uffff\ud800\udfff=+-@＝'\"<>;,:\\"
) + ["\r\n", '=HYPERLINK("x")', "😀", "é"]
# Any code point (lone surrogates too), with the hostile ones often.
TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(), max_size=8)), max_size=20).map("".join)
INVISIBLE = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufffe\uffff")
SETTINGS = settings(max_examples=60, deadline=None)


def visible_line(text: str) -> bool:
    return not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in INVISIBLE for c in text)


@SETTINGS
@given(text=TEXT, limit=st.integers(5, 300))
def test_single_line_is_one_visible_bounded_line(text: str, limit: int) -> None:
    line = single_line(text, limit)
    assert visible_line(line)
    assert len(line) <= limit
    assert len(line.splitlines()) <= 1 and "  " not in line and line == line.strip()
    assert single_line(line, limit) == line  # twice is once
    line.encode("utf-8")  # no lone surrogate left


@SETTINGS
@given(text=st.text(st.characters(categories=["L", "M", "N", "P", "S"]), max_size=40).map(str.strip))
def test_single_line_keeps_visible_text(text: str) -> None:
    words = " ".join(text.split())
    assert single_line(words) == words


def test_single_line_examples() -> None:
    assert single_line("Jan\r\nJansen") == "Jan Jansen"
    assert single_line("Anaïs\u2028de\tVries\x00") == "Anaïs de Vries"
    assert single_line("Bcc: x\rTo: y") == "Bcc: x To: y"
    assert single_line("\u202eevil\u202c.pdf") == "evil.pdf"
    assert single_line("a" * 300, 10) == "aaaaaaaaa…"
    assert single_line(None) == ""


@SETTINGS
@given(text=TEXT)
def test_multi_line_keeps_lines_and_drops_controls(text: str) -> None:
    kept = multi_line(text)
    assert all(visible_line(line.replace("\t", "")) for line in kept.split("\n"))
    assert multi_line(kept) == kept
    plain = "".join(c for c in text if visible_line(c) or c == "\n")
    assert kept.count("\n") >= plain.count("\n")  # every line break stays one


def test_multi_line_examples() -> None:
    assert multi_line("Eén\r\ntwee\rdrie\u2028vier\x00\tvijf") == "Eén\ntwee\ndrie\nvier\tvijf"


@SETTINGS
@given(
    value=st.one_of(
        TEXT,
        st.sampled_from(
            ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\t=1", "\r=1", " =1", "\x00=cmd|' /C calc'!A0", "＝1"]
        ),
    )
)
def test_no_cell_is_a_formula_and_openpyxl_writes_every_one(value: str) -> None:
    cell = spreadsheet_cell(value)
    assert not cell.startswith(FORMULA_START)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("POP")
    sheet.append([cell])  # openpyxl refuses control characters: none is left
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert read.data_type != "f"
    assert (read.value or "") == cell


def test_cells_keep_numbers_and_quote_formulas() -> None:
    assert spreadsheet_cell(17) == 17 and spreadsheet_cell(None) is None and spreadsheet_cell(True) is True
    assert spreadsheet_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_cell("\t@x") == "'@x"
    assert spreadsheet_cell("Jan Jansen") == "Jan Jansen"


def test_refused_characters() -> None:
    assert refused_character("Jan Jansen") is None
    assert refused_character("Anaïs 😀 \u202e") is None  # bidi controls are dropped where used, not refused
    assert refused_character("Jan\tJansen") == "\t"
    assert refused_character("Jan\u2028") == "\u2028"
    assert refused_character("a\x85") == "\x85"
    assert refused_character("regel 1\r\nregel 2\tmet tab", multi_line=True) is None
    assert refused_character("regel\x00", multi_line=True) == "\x00"


@SETTINGS
@given(cells=st.lists(TEXT, min_size=1, max_size=4))
def test_no_piece_of_a_csv_line_starts_a_formula_whatever_the_separator(cells: list[str]) -> None:
    """Excel with the Dutch list separator splits a comma file on ';', and a program may split
    without regard for the quotes: no piece of the line starts a formula then either."""
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow([csv_cell(cell) for cell in cells])
    line = buffer.getvalue().rstrip("\r\n")
    for separator in (",", ";"):
        for piece in line.split(separator):
            assert not piece.lstrip(' "').startswith(FORMULA_START), (separator, line)
        for row in csv.reader(io.StringIO(line), delimiter=separator):
            assert not [value for value in row if value.lstrip(" ").startswith(FORMULA_START)], (separator, line)
    assert [single_line(c, 32_000).replace(",", "").replace(";", "").replace("'", "") for c in cells] == [
        str(v).replace(",", "").replace(";", "").replace("'", "") for v in next(csv.reader(io.StringIO(line)))
    ]  # nothing lost but apostrophes
