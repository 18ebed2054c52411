"""Reading a people file (CSV or XLSX) and checking its rows before anything is written.

Rows are dicts keyed by the canonical column names (name, email, manager_email,
department, language, employee_number, timezone). Row i of a table is row i + 2 of the
spreadsheet: the header is row 1. A row with nothing in it is skipped, but counted.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Literal
from zoneinfo import available_timezones

from intake.table_reading import TooMuch, csv_records, xlsx_records
from shared.i18n import N_, translate, translate_plural
from shared.safe_text import code_point, refused_character

REQUIRED = ("name", "email")
OPTIONAL = ("manager_email", "department", "language", "employee_number", "timezone")
COLUMNS = REQUIRED + OPTIONAL
LANGUAGES = ("nl", "en")
MAX_LENGTH = {"name": 200, "email": 320, "department": 200, "employee_number": 50}
ALIASES = {
    "name": ("naam",),
    "email": ("e-mail", "e-mailadres", "mail"),
    "manager_email": ("manager", "leidinggevende", "e-mail_leidinggevende"),
    "department": ("afdeling",),
    "language": ("taal",),
    "employee_number": ("personeelsnummer",),
    "timezone": ("tijdzone", "time_zone"),
}
HEADERS = {alias: column for column, aliases in ALIASES.items() for alias in (column, *aliases)}
DUTCH_NAME = {
    "name": "naam",
    "email": "e-mail",
    "manager_email": "leidinggevende",
    "department": "afdeling",
    "language": "taal",
    "employee_number": "personeelsnummer",
    "timezone": "tijdzone",
}
EXTRA = ""  # values beyond the header, or under an empty header cell
# An address as one mailbox: none of the characters that make a header or an SMTP envelope
# read two addresses, a name or a route ("ceo,jan@…" would mail the link to "ceo"). Letters
# of any script stay allowed (SMTPUTF8).
_MAILBOX_CHAR = r"[^\s@()<>\[\]:;,\\\"]"
_EMAIL = re.compile(rf"{_MAILBOX_CHAR}+@(?:(?!\.){_MAILBOX_CHAR})+(\.(?:(?!\.){_MAILBOX_CHAR})+)+")

# code: the Dutch text (the msgid), or its singular and plural where the count {n} is `other`.
MESSAGES: dict[str, str | tuple[str, str]] = {
    "missing_name": N_("naam ontbreekt"),
    "missing_email": N_("e-mailadres ontbreekt"),
    "invalid_email": N_("ongeldig e-mailadres {value}"),
    "duplicate_email": N_("e-mailadres {value} staat ook in rij {first_row}"),
    "unknown_manager": N_("onbekende leidinggevende {value}"),
    "own_manager": N_("{value} kan niet de eigen leidinggevende zijn"),
    "manager_loop": N_("leidinggevenden in een kring: {other}"),
    "bad_language": N_("taal moet nl of en zijn, niet '{value}'"),
    "bad_timezone": N_("onbekende tijdzone '{value}' (bijvoorbeeld Europe/Amsterdam)"),
    "duplicate_employee_number": N_("personeelsnummer {value} staat ook in rij {first_row}"),
    "employee_number_taken": N_("personeelsnummer {value} hoort al bij {other}"),
    "control_character": N_(
        "bevat een tab, regeleinde of ander onzichtbaar teken ({other}): zet de waarde op één regel"
    ),
    "too_long": N_("te lang: hoogstens {n} teken", "te lang: hoogstens {n} tekens"),
    "extra_value": N_("waarde zonder kolom: '{value}'"),
    "unknown_column": N_("onbekende kolom '{value}'"),
    "missing_column": N_("verplichte kolom {column} ({dutch}) ontbreekt"),
    "duplicate_column": N_("kolom {column} staat er twee keer in"),
    "empty_file": N_("het bestand is leeg"),
    "unreadable_csv": N_("dit is geen leesbaar CSV-bestand"),
    "unreadable_xlsx": N_("dit is geen leesbaar XLSX-bestand"),
    "old_excel": N_("oud Excel-formaat (.xls): sla het bestand op als .xlsx of .csv"),
    # The caps of intake/table_reading.py; other is the cap.
    "too_many_rows": N_(
        "het bestand heeft meer dan {n} rij: splits het in delen",
        "het bestand heeft meer dan {n} rijen: splits het in delen",
    ),
    "too_many_columns": N_(
        "het bestand heeft waarden in meer dan {n} kolom", "het bestand heeft waarden in meer dan {n} kolommen"
    ),
    "line_too_long": N_(
        "een regel van het bestand is langer dan {n} teken", "een regel van het bestand is langer dan {n} tekens"
    ),
    "too_big_unpacked": N_("het bestand is uitgepakt groter dan {other} MB: sla alleen de tabel met personen op"),
    "more_problems": N_("en nog {n} probleem; los eerst deze op", "en nog {n} problemen; los eerst deze op"),
}

# The codes of MESSAGES, sorted: written out so a type checker sees them (the API's reply
# types); tests/unit/test_round_settings.py keeps them the same as MESSAGES.
ProblemCode = Literal[
    "bad_language",
    "bad_timezone",
    "control_character",
    "duplicate_column",
    "duplicate_email",
    "duplicate_employee_number",
    "employee_number_taken",
    "empty_file",
    "extra_value",
    "invalid_email",
    "line_too_long",
    "manager_loop",
    "missing_column",
    "missing_email",
    "missing_name",
    "more_problems",
    "old_excel",
    "own_manager",
    "too_big_unpacked",
    "too_long",
    "too_many_columns",
    "too_many_rows",
    "unknown_column",
    "unknown_manager",
    "unreadable_csv",
    "unreadable_xlsx",
]


@dataclass(frozen=True)
class Problem:
    """One problem of a people file. row as the spreadsheet shows it (header: 1; 0: the whole file)."""

    row: int
    column: str
    code: ProblemCode
    value: str
    first_row: int | None = None  # duplicates: the row it is a duplicate of
    other: str = ""  # who holds the employee number; the loop "a → b → a"; a maximum length

    def message(self, lang: str = "nl") -> str:
        values = {
            "value": self.value,
            "first_row": self.first_row,
            "other": self.other,
            "column": self.column,
            "dutch": DUTCH_NAME.get(self.column, self.column),
        }
        text = MESSAGES[self.code]
        if isinstance(text, tuple):
            text = translate_plural(*text, int(self.other), lang, **values)
        else:
            text = translate(text, lang, **values)
        if self.row == 0:
            return text
        where = (
            translate(N_("rij {row}, kolom {column}"), lang, row=self.row, column=self.column)
            if self.column
            else translate(N_("rij {row}"), lang, row=self.row)
        )
        return f"{where}: {text}"

    def __str__(self) -> str:
        return self.message("nl")


class TableError(ValueError):
    """The file cannot be read as a table at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message("en"))
        self.problem = problem


class Table(list):
    """The rows of a file (list[dict[str, str]]) and its header columns, canonical where known."""

    def __init__(self, rows: list[dict[str, str]], columns: list[str]) -> None:
        super().__init__(rows)
        self.columns = columns


def canonical(header: str) -> str:
    """The column a header names ('E-mail' -> 'email'), or the header itself when unknown."""
    key = re.sub(r"\s+", "_", header.strip().lower())
    return HEADERS.get(key, HEADERS.get(key.replace("-", ""), header.strip()))


def read_table(data: bytes, filename: str) -> Table:
    """CSV (UTF-8 with or without BOM, or Windows-1252; ',' ';' or tab) or XLSX (first sheet)."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xls":
        raise TableError(Problem(0, "", "old_excel", filename))
    records = _xlsx_records(data) if suffix in ("xlsx", "xlsm") or data[:4] == b"PK\x03\x04" else _csv_records(data)
    while records and not any(records[-1]):
        records.pop()
    if not records:
        raise TableError(Problem(0, "", "empty_file", filename))
    columns = [canonical(h) if h else EXTRA for h in records[0]]
    rows = []
    for record in records[1:]:
        # A record may be shorter or longer than the header: missing cells stay out, extra ones are EXTRA.
        row = {c: v for c, v in zip(columns, record, strict=False) if c != EXTRA}
        extra = [v for c, v in zip(columns, record, strict=False) if c == EXTRA and v]
        extra += [v for v in record[len(columns) :] if v]
        if extra:
            row[EXTRA] = " ".join(extra)
        rows.append(row)
    return Table(rows, [c for c in columns if c != EXTRA])


def _csv_records(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # Excel on Dutch Windows saves CSV as Windows-1252
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise TableError(Problem(0, "", "unreadable_csv", "")) from None
    header = text[: 64 * 1024].split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    try:
        return csv_records(text, delimiter)
    except TooMuch as cap:
        raise TableError(Problem(0, "", cap.code, "", other=str(cap.cap))) from None
    except csv.Error:
        raise TableError(Problem(0, "", "unreadable_csv", "")) from None


def _xlsx_records(data: bytes) -> list[list[str]]:
    try:
        return xlsx_records(data, _cell)
    except TooMuch as cap:
        raise TableError(Problem(0, "", cap.code, "", other=str(cap.cap))) from None
    except Exception:  # a damaged or foreign file fails in many ways inside zipfile and the XML parser
        raise TableError(Problem(0, "", "unreadable_xlsx", "")) from None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an employee number 1001 stored as a number
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def columns_of(rows: list[dict[str, str]]) -> list[str]:
    """The header of a Table; for a plain list of dicts, every key in the order first seen."""
    if isinstance(rows, Table):
        return rows.columns
    return list(dict.fromkeys(k for row in rows for k in row if k != EXTRA))


def value(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def is_blank(row: dict[str, str]) -> bool:
    return not any((v or "").strip() for v in row.values())


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {zone.lower(): zone for zone in available_timezones()}


def timezone_of(text: str) -> str | None:
    """The IANA name of a zone written in any case ('europe/amsterdam'), or None if unknown."""
    return _zones().get(text.strip().lower())


def check_rows(
    rows: list[dict[str, str]],
    known_managers: Mapping[str, str | None] | None = None,
    known_numbers: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every problem of the file, header first, then by row; nothing is written here.

    known_managers: for each person in the database (lower-case e-mail), their manager's
    e-mail or None. known_numbers: employee number -> e-mail of whoever holds it now.
    """
    known_managers, known_numbers = known_managers or {}, known_numbers or {}
    columns = columns_of(rows)
    problems = _check_header(columns)
    if any(p.code == "missing_column" for p in problems):
        return problems
    found, first_row, number_row = _check_each_row(rows)
    found += _numbers_taken(rows, number_row, known_numbers)
    if "manager_email" in columns:
        found += _check_managers(rows, first_row, known_managers)
    order = {column: i for i, column in enumerate(columns)}  # within a row: left to right
    return problems + sorted(found, key=lambda p: (p.row, order.get(p.column, len(order))))


def _check_each_row(rows: list[dict[str, str]]) -> tuple[list[Problem], dict[str, int], dict[str, int]]:
    """Each row's values, and e-mails and employee numbers seen before in the file; with
    each e-mail's and employee number's first row."""
    found: list[Problem] = []
    first_row: dict[str, int] = {}  # e-mail -> its first row
    number_row: dict[str, int] = {}  # employee number -> its first row
    for number, row in enumerate(rows, start=2):
        if is_blank(row):
            continue
        found += _check_values(number, row)
        mail = value(row, "email").lower()
        if mail and _EMAIL.fullmatch(mail):
            if mail in first_row:
                found.append(Problem(number, "email", "duplicate_email", mail, first_row=first_row[mail]))
            else:
                first_row[mail] = number
        employee_number = value(row, "employee_number")
        if employee_number in number_row:
            found.append(
                Problem(
                    number,
                    "employee_number",
                    "duplicate_employee_number",
                    employee_number,
                    first_row=number_row[employee_number],
                )
            )
        elif employee_number:
            number_row[employee_number] = number
    return found, first_row, number_row


def _numbers_taken(
    rows: list[dict[str, str]], number_row: dict[str, int], known_numbers: Mapping[str, str]
) -> list[Problem]:
    """Employee numbers someone outside the file holds."""
    in_file = {value(row, "email").lower() for row in rows}
    found = []
    for employee_number, number in number_row.items():
        holder = known_numbers.get(employee_number)
        # Whoever is in the file gets the file's number: swapping two numbers is fine.
        if holder is not None and holder not in in_file:
            found.append(Problem(number, "employee_number", "employee_number_taken", employee_number, other=holder))
    return found


def _check_header(columns: list[str]) -> list[Problem]:
    problems = [Problem(1, column, "missing_column", "") for column in REQUIRED if column not in columns]
    seen: set[str] = set()
    for column in columns:
        if column not in COLUMNS:
            problems.append(Problem(1, column, "unknown_column", column))
        elif column in seen:
            problems.append(Problem(1, column, "duplicate_column", column))
        seen.add(column)
    return problems


def _check_values(number: int, row: dict[str, str]) -> list[Problem]:
    problems = _control_characters(number, row)
    refused = {problem.column for problem in problems}  # one problem per cell: the other checks skip it
    if not value(row, "name"):
        problems.append(Problem(number, "name", "missing_name", ""))
    mail = value(row, "email").lower()
    if not mail:
        problems.append(Problem(number, "email", "missing_email", ""))
    elif not _EMAIL.fullmatch(mail) and "email" not in refused:
        problems.append(Problem(number, "email", "invalid_email", mail))
    language = value(row, "language").lower()
    if language and language not in LANGUAGES and "language" not in refused:
        problems.append(Problem(number, "language", "bad_language", value(row, "language")))
    zone = value(row, "timezone")
    if zone and timezone_of(zone) is None and "timezone" not in refused:
        problems.append(Problem(number, "timezone", "bad_timezone", zone))
    for column, most in MAX_LENGTH.items():
        if len(value(row, column)) > most and column not in refused:
            problems.append(Problem(number, column, "too_long", value(row, column), other=str(most)))
    if value(row, EXTRA):
        problems.append(Problem(number, "", "extra_value", value(row, EXTRA)))
    return problems


def _control_characters(number: int, row: dict[str, str]) -> list[Problem]:
    """Every column is one line of text: a tab, a line break (Alt+Enter in an Excel cell) or
    another control character is refused, named by its code point; the value is shown
    with a replacement character where it was."""
    problems = []
    for column in COLUMNS:
        text = value(row, column)
        char = refused_character(text)
        if char is not None:
            shown = "".join("\ufffd" if refused_character(c) else c for c in text)
            problems.append(Problem(number, column, "control_character", shown, other=code_point(char)))
    return problems


def _check_managers(
    rows: list[dict[str, str]], first_row: dict[str, int], known_managers: Mapping[str, str | None]
) -> list[Problem]:
    """Unknown and own managers; loops through the file's rows and the database's managers."""
    problems = []
    manager_of: dict[str, str | None] = dict(known_managers)
    for number, row in enumerate(rows, start=2):
        mail, manager = value(row, "email").lower(), value(row, "manager_email").lower()
        if not manager or refused_character(manager):
            manager = ""  # no manager, or one the control characters check names already
        elif manager == mail:
            problems.append(Problem(number, "manager_email", "own_manager", manager))
            manager = ""
        elif manager not in first_row and manager not in known_managers:
            problems.append(Problem(number, "manager_email", "unknown_manager", manager))
            manager = ""
        if first_row.get(mail) == number:
            manager_of[mail] = manager or None
    done: set[str] = set()
    for start in first_row:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start  # walking up from `start`, manager by manager
        while current is not None and current not in done and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = manager_of.get(current)
        if current is not None and current in on_path:
            loop = path[path.index(current) :]
            text = " → ".join(loop + [current])
            problems += [
                Problem(first_row[m], "manager_email", "manager_loop", manager_of[m] or "", other=text)
                for m in loop
                if m in first_row
            ]
        done.update(path)
    return problems
