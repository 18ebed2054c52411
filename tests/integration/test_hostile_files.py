"""People files that lie about their size: read in bounded memory and time, one clear problem.

Each hostile XLSX is small on disk and read in a child process whose address space is
capped (RLIMIT_AS) a few hundred MB above what it uses before reading: openpyxl, which
believes the declared size, runs out of it; the reader of intake/table_reading.py does not.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.people import import_file
from intake.people_table import TableError, read_table
from intake.table_reading import MAX_COLUMNS, MAX_ROWS
from tests.conftest import REPO

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADROOM_MB = 300
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    ' Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
    ' Target="sharedStrings.xml"/></Relationships>'
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>e-mail</t></is></c></row>'
)


def _xlsx(sheet_rows, shared=None, dimension: str = "A1:B2") -> bytes:
    """A minimal XLSX; sheet_rows and shared are str or iterables of str chunks (streamed in)."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", RELS)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>'.encode())
            for chunk in [sheet_rows] if isinstance(sheet_rows, str) else sheet_rows:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
        if shared is not None:
            with book.open("xl/sharedStrings.xml", "w") as strings:
                strings.write(f'<sst xmlns="{MAIN}">'.encode())
                for chunk in [shared] if isinstance(shared, str) else shared:
                    strings.write(chunk.encode())
                strings.write(b"</sst>")
    return out.getvalue()


def _repeat(text: str, times: int, per_chunk: int = 10_000):
    for start in range(0, times, per_chunk):
        yield text * min(per_chunk, times - start)


HOSTILE = {
    # The whole sheet declared, one value in its very last cell (the classic 5 KB file).
    "declared_everything": lambda: _xlsx(
        HEADER_ROW + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        dimension="A1:XFD1048576",
    ),
    "last_row": lambda: _xlsx(
        HEADER_ROW + '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        dimension="A1:XFD1048576",
    ),
    # One shared string of 400 MB of "a" (about 400 KB zipped).
    "shared_string_bomb": lambda: _xlsx(
        HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
        shared=["<si><t>", *_repeat("a" * 1000, 400_000), "</t></si>"],
    ),
    # Three million tiny shared strings.
    "many_shared_strings": lambda: _xlsx(HEADER_ROW, shared=_repeat("<si><t>x</t></si>", 3_000_000)),
    # One row of six million empty cells.
    "wide_empty_row": lambda: _xlsx(['<row r="2">', *_repeat("<c/>", 6_000_000), "</row>"]),
    # A million filled rows.
    "million_rows": lambda: _xlsx(_repeat('<row><c t="inlineStr"><is><t>p</t></is></c></row>', 1_000_000)),
}

CHILD = """
import json, resource, sys, time
from intake.people_table import TableError, _cell, read_table
import intake.table_reading, openpyxl, defusedxml.ElementTree
data = open(sys.argv[1], "rb").read()
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
limit = size + int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
started = time.process_time()
try:
    if sys.argv[3] == "openpyxl":
        import io
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # How popflow read a sheet before: every declared cell as text.
        rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        outcome = f"rows {len(rows)}"
    else:
        outcome = f"rows {len(read_table(data, 'mensen.xlsx'))}"
except TableError as error:
    outcome = error.problem.code
except MemoryError:
    outcome = "MemoryError"
print(json.dumps({"outcome": outcome, "seconds": time.process_time() - started}))
"""


def _read_in_child(path: Path, reader: str = "popflow", timeout: float = 60) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(HEADROOM_MB), reader],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        return {"outcome": f"exit {done.returncode}: {done.stderr[-300:]}", "seconds": None}
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_xlsx_is_one_problem_in_bounded_memory_and_time(name, tmp_path):
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(HOSTILE[name]())
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, whatever it unpacks to
    result = _read_in_child(path)
    assert result["outcome"] in ("too_many_rows", "too_many_columns", "too_big_unpacked"), result
    assert result["seconds"] < 20, result


def test_openpyxl_alone_would_not_survive_the_declared_sheet(tmp_path):
    """What the caps are for: the same file read as popflow read it before (openpyxl, every
    declared cell) exhausts the child's memory or time."""
    path = tmp_path / "declared.xlsx"
    path.write_bytes(HOSTILE["declared_everything"]())
    try:
        result = _read_in_child(path, "openpyxl", timeout=20)
    except subprocess.TimeoutExpired:
        return
    assert not result["outcome"].startswith("rows"), result


def test_entities_and_a_dtd_are_refused(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is>'
        "</c></row></sheetData></worksheet>"
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", RELS)
        book.writestr("xl/worksheets/sheet1.xml", laughs)
    with pytest.raises(TableError) as caught:
        read_table(out.getvalue(), "lol.xlsx")
    assert caught.value.problem.code == "unreadable_xlsx"


@settings(max_examples=40, deadline=None)
@given(
    row=st.integers(1, 1_048_576),
    column=st.integers(1, 16_384),
    dimension=st.sampled_from(["A1:XFD1048576", "A1:B2", "", "A1:ZZZZ99999999", "💥"]),
)
def test_a_cell_anywhere_gives_a_table_within_the_caps_or_one_problem(row, column, dimension):
    letters = ""
    number = column
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    data = _xlsx(
        HEADER_ROW + f'<row r="{row}"><c r="{letters}{row}" t="inlineStr"><is><t>x</t></is></c></row>',
        dimension=dimension,
    )
    started = time.process_time()
    try:
        table = read_table(data, "mensen.xlsx")
    except TableError as error:
        assert error.problem.code in ("too_many_rows", "too_many_columns")
        assert row > MAX_ROWS + 1 or column > MAX_COLUMNS
    else:
        assert row <= MAX_ROWS + 1 and column <= MAX_COLUMNS and len(table) <= MAX_ROWS
    assert time.process_time() - started < 2


def test_csv_caps_rows_columns_and_cells():
    many_rows = ("naam,e-mail\n" + "p,p@x.nl\n" * (MAX_ROWS + 1)).encode()
    wide = ("naam,e-mail\n" + ",".join(["x"] * (MAX_COLUMNS + 1)) + "\n").encode()
    commas = ("naam,e-mail\n" + "x," * 5_000_000 + "\n").encode()  # 10 MB: ten million values in one line
    for data, code in ((many_rows, "too_many_rows"), (wide, "too_many_columns"), (commas, "line_too_long")):
        with pytest.raises(TableError) as caught:
            read_table(data, "mensen.csv")
        assert caught.value.problem.code == code
        assert caught.value.problem.other in caught.value.problem.message("nl")
    # Empty lines and empty trailing columns are not data: Excel pads both.
    padded = ("naam,e-mail" + "," * 20000 + "\nJan,jan@x.nl\n" + "\n" * (MAX_ROWS + 10)).encode()
    assert [dict(r) for r in read_table(padded, "mensen.csv")] == [{"name": "Jan", "email": "jan@x.nl"}]
    long_cell = read_table(("naam,e-mail\n" + "J" * 100_000 + ",jan@x.nl\n").encode(), "mensen.csv")
    assert 200 < len(long_cell[0]["name"]) < 100_000  # cut, and still too long for the name's check


def test_a_file_with_every_row_wrong_lists_a_readable_number_of_problems(sqlite_system):
    data = ("naam,e-mail\n" + "".join(f"p{i},geen-adres-{i}\n" for i in range(5000))).encode()
    with sqlite_system.runtime.uow() as uow:
        report = import_file(uow, data, "mensen.csv", dry_run=True)
    assert len(report.problems) == 201
    assert report.problems[-1].message("nl") == "en nog 4800 problemen; los eerst deze op"
