"""Reading the cells of a CSV or XLSX file in bounded memory and time, whatever it declares.

A 5 KB XLSX can declare a sheet of A1:XFD1048576, put one cell at the last of them, or
unpack to gigabytes of shared strings. So the XLSX is read here, not by openpyxl (which
believes the declared size and keeps every shared string): its XML is streamed with
defusedxml (no entities, no DTD) from members whose unpacked bytes are counted as they
come; only cells with a value are kept; the caps below end the reading with one problem.
A CSV is read row by row under the same caps. Empty rows are counted, but only kept when
a filled row follows (a sheet formatted down to row 1,048,576 is fine).
"""

from __future__ import annotations

import csv
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from io import BytesIO, StringIO
from typing import Literal
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

MAX_ROWS = 50_000  # under the header; an organisation's people, with room to spare
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2_000  # a longer cell is cut here: still too long for any column's check
MAX_LINE_CHARS = 256 * 1024  # a CSV line: csv.reader would make a list of every value in it first
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # every XML member read, together
MAX_ZIP_MEMBERS = 2_000
MAX_SHARED_STRINGS = 500_000
MAX_CELLS_SEEN = 1_000_000  # <c> elements, with or without a value: about 3 s of reading

_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")


CapCode = Literal["too_many_rows", "too_many_columns", "line_too_long", "too_big_unpacked"]


class TooMuch(Exception):
    """A cap was reached: code (too_many_rows, too_many_columns, line_too_long, too_big_unpacked) and the cap."""

    def __init__(self, code: CapCode, cap: int) -> None:
        super().__init__(code)
        self.code, self.cap = code, cap


class Unreadable(Exception):
    """Not a CSV or XLSX this reader understands."""


class _Records:
    """Rows as lists of strings, grown only where a value lands; within the caps."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def put(self, row: int, column: int, text: str) -> None:
        """row and column from 0; row 0 is the header."""
        if not text or row < 0 or column < 0:
            return
        if row > MAX_ROWS:
            raise TooMuch("too_many_rows", MAX_ROWS)
        if column >= MAX_COLUMNS:
            raise TooMuch("too_many_columns", MAX_COLUMNS)
        while len(self.rows) <= row:
            self.rows.append([])
        record = self.rows[row]
        if len(record) <= column:
            record.extend([""] * (column + 1 - len(record)))
        record[column] = text[: MAX_CELL_CHARS + 1]


def csv_records(text: str, delimiter: str) -> list[list[str]]:
    """The rows of a decoded CSV text (csv.Error when it is not one)."""
    records = _Records()
    for number, row in enumerate(csv.reader(_short_lines(text), delimiter=delimiter)):
        if number > MAX_ROWS and any(v.strip() for v in row):
            raise TooMuch("too_many_rows", MAX_ROWS)
        for column, value in enumerate(row):
            records.put(number, column, value.strip())
    return records.rows


def _short_lines(text: str) -> Iterator[str]:
    for line in StringIO(text, newline=""):
        if len(line) > MAX_LINE_CHARS:
            raise TooMuch("line_too_long", MAX_LINE_CHARS)
        yield line


# -- XLSX ------------------------------------------------------------------------------------
class _Budget:
    """The unpacked bytes left for every member read."""

    def __init__(self) -> None:
        self.left = MAX_UNPACKED_BYTES


class _CountedMember:
    """A zip member as a stream that stops once the budget of unpacked bytes is spent."""

    def __init__(self, member, budget: _Budget) -> None:
        self.member, self.budget = member, budget

    def read(self, size: int = 64 * 1024) -> bytes:
        chunk = self.member.read(min(size if size > 0 else 64 * 1024, 64 * 1024))
        self.budget.left -= len(chunk)
        if self.budget.left < 0:
            raise TooMuch("too_big_unpacked", MAX_UNPACKED_BYTES // (1024 * 1024))
        return chunk


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id, Id)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _members_declared(data: bytes) -> int:
    """The number of entries the zip's end record declares (0 when there is none to read)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 66_000))
    return struct.unpack("<H", data[end + 10 : end + 12])[0] if end >= 0 and len(data) >= end + 12 else 0


class _Book:
    def __init__(self, data: bytes) -> None:
        if _members_declared(data) > MAX_ZIP_MEMBERS:
            raise Unreadable()
        self.zip = zipfile.ZipFile(BytesIO(data))
        if len(self.zip.infolist()) > MAX_ZIP_MEMBERS:
            raise Unreadable()
        self.names = set(self.zip.namelist())
        self.budget = _Budget()

    def elements(self, name: str, events=("end",)) -> Iterator[tuple[str, Element]]:
        with self.zip.open(name) as member:
            yield from iterparse(_CountedMember(member, self.budget), events=events)

    def relations(self, name: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, target path) of a part's relationships."""
        folder, base = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        found = {}
        if rels in self.names:
            for _event, element in self.elements(rels):
                if _local(element.tag) == "Relationship":
                    target = element.get("Target", "")
                    path = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target))
                    )
                    found[element.get("Id", "")] = (element.get("Type", ""), path)
        return found

    def first_sheet(self) -> tuple[str, dict[str, tuple[str, str]]]:
        workbook = "xl/workbook.xml"
        for _type, path in self.relations("").values():
            if _type.endswith("/officeDocument"):
                workbook = path
        relations = self.relations(workbook)
        sheet_id = None
        for _event, element in self.elements(workbook):
            if _local(element.tag) == "sheet" and sheet_id is None:
                sheet_id = _attr(element, "id")
        sheet = relations.get(sheet_id or "", ("", "xl/worksheets/sheet1.xml"))[1]
        return sheet, relations

    def shared_strings(self, relations: dict[str, tuple[str, str]]) -> list[str]:
        path = next((p for t, p in relations.values() if t.endswith("/sharedStrings")), "xl/sharedStrings.xml")
        strings: list[str] = []
        if path not in self.names:
            return strings
        root = None
        for event, element in self.elements(path, events=("start", "end")):
            if root is None:
                root = element
            if event == "end" and _local(element.tag) == "si":
                strings.append(_text_of(element)[: MAX_CELL_CHARS + 1])
                root.remove(element)  # what is read is let go: memory stays flat
                if len(strings) > MAX_SHARED_STRINGS:
                    raise TooMuch("too_big_unpacked", MAX_UNPACKED_BYTES // (1024 * 1024))
        return strings

    def date_styles(self, relations: dict[str, tuple[str, str]]) -> set[int]:
        """The style indexes (s="…") whose number format shows a date or time."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        path = next((p for t, p in relations.values() if t.endswith("/styles")), "xl/styles.xml")
        if path not in self.names:
            return set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        in_xfs = False
        for event, element in self.elements(path, events=("start", "end")):
            tag = _local(element.tag)
            if tag == "cellXfs":
                in_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_xfs:
                formats.append(int(element.get("numFmtId", "0")))
        return {
            index
            for index, fmt in enumerate(formats)
            if is_date_format(custom.get(fmt, BUILTIN_FORMATS.get(fmt, "")) or "")
        }


def _text_of(item) -> str:
    """A shared or inline string: its text, or its runs' texts; never the phonetic guide (rPh)."""
    parts = []
    for child in item:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def xlsx_records(data: bytes, cell: Callable[[object], str]) -> list[list[str]]:
    """The first sheet's rows; cell turns a value (str, int, float, bool, datetime) into text."""
    from openpyxl.utils.datetime import from_excel

    book = _Book(data)
    sheet, relations = book.first_sheet()
    strings = book.shared_strings(relations)
    dates = book.date_styles(relations)
    records = _Records()
    row, column, seen = -1, -1, 0
    parents: dict[str, Element] = {}  # sheetData and the current row: what is read is let go
    for event, element in book.elements(sheet, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag in ("sheetData", "row"):
                parents[tag] = element
            if tag == "row":
                number = element.get("r")
                row = int(number) - 1 if number and number.isdigit() and len(number) < 9 else row + 1
                column = -1
            continue
        if tag == "row" and "sheetData" in parents:
            _let_go(parents["sheetData"], element)
        elif tag == "c":
            seen += 1
            if seen > MAX_CELLS_SEEN:
                raise TooMuch("too_big_unpacked", MAX_UNPACKED_BYTES // (1024 * 1024))
            ref = _REF.match(element.get("r") or "")
            if ref:
                column, row = _column_number(ref.group(1)), int(ref.group(2)) - 1
            else:
                column += 1
            records.put(row, column, cell(_value(element, strings, dates, from_excel)))
            if "row" in parents:
                _let_go(parents["row"], element)
    return records.rows


def _let_go(parent, child) -> None:
    try:
        parent.remove(child)
    except ValueError:  # a cell outside any row: nothing holds it
        pass


def _value(element, strings: list[str], dates: set[int], from_excel) -> object:
    kind = element.get("t", "n")
    if kind == "inlineStr":
        return "".join(_text_of(child) for child in element if _local(child.tag) == "is")
    raw = next((child.text for child in element if _local(child.tag) == "v"), None)
    if raw is None:
        return None
    if kind == "s":
        index = int(raw) if raw.strip().isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else None
    if kind == "b":
        return raw.strip() == "1"
    if kind == "n":
        try:
            number = int(raw) if re.fullmatch(r"-?\d{1,15}", raw.strip()) else float(raw)
        except ValueError:
            return raw
        style = element.get("s", "")
        if style.isdigit() and int(style) in dates:
            try:
                return from_excel(number)
            except (ValueError, OverflowError):
                return number
        return number
    return raw  # str (a formula's text), e (an error such as #N/A), d (an ISO date)
