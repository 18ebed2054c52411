"""Importing people from CSV and XLSX: every problem by row and column first, then an idempotent upsert."""

from __future__ import annotations

from io import BytesIO

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import event, func, select

from intake.people import ImportReport, Problem, import_file, import_people, read_table
from popflow.cli import main
from popflow.processes import cli_runtime
from shared.config import Config
from shared.models import Event, Person
from tests.conftest import _empty_pg, _sqlite_copy
from tests.integration.helpers import EMPLOYEE, MANAGER, schedule, seed

HEADER = ["name", "email", "manager_email", "department", "language", "employee_number", "timezone"]
GOOD = [
    ["Marieke de Vries", "marieke@voorbeeld.nl", "", "Zorg", "nl", "1001", "Europe/Amsterdam"],
    ["Jan Jansen", "jan@voorbeeld.nl", "marieke@voorbeeld.nl", "Zorg", "", "1002", ""],
    ["Sam Smith", "sam@voorbeeld.nl", "marieke@voorbeeld.nl", "ICT", "en", "", "Europe/London"],
]


@pytest.fixture(params=["sqlite", "postgresql"])
def runtime(request, tmp_path, sqlite_template):
    """A database only (no worker): the import needs nothing else."""
    if request.param == "sqlite":
        url = _sqlite_copy(tmp_path, sqlite_template)
    else:
        url = request.getfixturevalue("pg_database")
        _empty_pg(url)
    with cli_runtime(Config(database_url=url)) as made:
        yield made


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ",") -> bytes:
    return "\n".join(delimiter.join(r) for r in [header, *rows]).encode("utf-8") + b"\n"


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([None if cell == "" else cell for cell in row])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def run(runtime, data: bytes, filename: str = "people.csv", **kwargs) -> ImportReport:
    with runtime.uow() as uow:
        report = import_file(uow, data, filename, **kwargs)
        if not report.problems and not report.dry_run:
            uow.commit()
    return report


def people(runtime) -> dict[str, tuple]:
    with runtime.uow() as uow:
        everyone = uow.session.scalars(select(Person)).all()
        email_of = {p.id: p.email for p in everyone}
        return {
            p.email: (p.name, email_of.get(p.manager_id), p.department, p.language, p.employee_number, p.timezone)
            for p in everyone
        }


def add_people(runtime, *specs: tuple[str, str | None, str | None]) -> None:
    """(email, manager email, employee number), managers first."""
    with runtime.uow() as uow:
        made: dict[str, Person] = {}
        for mail, manager, number in specs:
            made[mail] = Person(name=mail.split("@")[0], email=mail, manager=made.get(manager), employee_number=number)
            uow.session.add(made[mail])
        uow.commit()


def counts(report: ImportReport) -> tuple[int, int, int]:
    return report.created, report.updated, report.unchanged


def test_every_kind_of_bad_row_is_named_by_row_and_column(runtime):
    add_people(
        runtime,
        ("oud@voorbeeld.nl", None, "900"),
        ("baas@voorbeeld.nl", None, None),
        ("chef@voorbeeld.nl", "baas@voorbeeld.nl", None),
    )
    before = people(runtime)
    rows = [
        GOOD[0],  # 2
        ["", "leeg@voorbeeld.nl", "", "", "", "", ""],  # 3
        ["Piet", "piet@@voorbeeld.nl", "", "", "", "", ""],  # 4
        ["Jan", "Marieke@Voorbeeld.nl", "", "", "", "", ""],  # 5
        ["Kees", "kees@voorbeeld.nl", "onbekend@voorbeeld.nl", "", "", "", ""],  # 6
        ["Ank", "ank@voorbeeld.nl", "ank@voorbeeld.nl", "", "", "", ""],  # 7
        ["A", "a@voorbeeld.nl", "b@voorbeeld.nl", "", "", "", ""],  # 8
        ["B", "b@voorbeeld.nl", "c@voorbeeld.nl", "", "", "", ""],  # 9
        ["C", "c@voorbeeld.nl", "a@voorbeeld.nl", "", "", "", ""],  # 10
        ["Taal", "taal@voorbeeld.nl", "", "", "de", "", ""],  # 11
        ["Tijd", "tijd@voorbeeld.nl", "", "", "", "", "Europe/Amsterdm"],  # 12
        ["Nummer", "nummer@voorbeeld.nl", "", "", "", "1001", ""],  # 13
        ["Bezet", "bezet@voorbeeld.nl", "", "", "", "900", ""],  # 14
        ["Baas", "baas@voorbeeld.nl", "chef@voorbeeld.nl", "", "", "", ""],  # 15: chef's manager is baas
        ["Spatie", "sp atie@voorbeeld.nl", "", "", "", "", ""],  # 16
        ["Punt", "punt@voorbeeldnl", "", "", "", "", ""],  # 17
        ["", "", "", "", "", "", ""],  # 18: empty, skipped
        ["Geen mail", "", "", "", "", "", ""],
    ]  # 19
    report = run(runtime, csv_bytes(rows))
    found = [(p.row, p.column, p.code, p.value) for p in report.problems]
    assert found == [
        (3, "name", "missing_name", ""),
        (4, "email", "invalid_email", "piet@@voorbeeld.nl"),
        (5, "email", "duplicate_email", "marieke@voorbeeld.nl"),
        (6, "manager_email", "unknown_manager", "onbekend@voorbeeld.nl"),
        (7, "manager_email", "own_manager", "ank@voorbeeld.nl"),
        (8, "manager_email", "manager_loop", "b@voorbeeld.nl"),
        (9, "manager_email", "manager_loop", "c@voorbeeld.nl"),
        (10, "manager_email", "manager_loop", "a@voorbeeld.nl"),
        (11, "language", "bad_language", "de"),
        (12, "timezone", "bad_timezone", "Europe/Amsterdm"),
        (13, "employee_number", "duplicate_employee_number", "1001"),
        (14, "employee_number", "employee_number_taken", "900"),
        (15, "manager_email", "manager_loop", "chef@voorbeeld.nl"),
        (16, "email", "invalid_email", "sp atie@voorbeeld.nl"),
        (17, "email", "invalid_email", "punt@voorbeeldnl"),
        (19, "email", "missing_email", ""),
    ]
    by_row = {p.row: p for p in report.problems}
    assert by_row[5].first_row == 2 and by_row[13].first_row == 2
    assert str(by_row[5]) == "rij 5, kolom email: e-mailadres marieke@voorbeeld.nl staat ook in rij 2"
    assert by_row[5].message("en") == "row 5, column email: e-mail address marieke@voorbeeld.nl is also in row 2"
    assert by_row[6].message("nl") == "rij 6, kolom manager_email: onbekende leidinggevende onbekend@voorbeeld.nl"
    assert by_row[14].message() == "rij 14, kolom employee_number: personeelsnummer 900 hoort al bij oud@voorbeeld.nl"
    assert by_row[8].other == "a@voorbeeld.nl → b@voorbeeld.nl → c@voorbeeld.nl → a@voorbeeld.nl"
    assert by_row[15].other == "baas@voorbeeld.nl → chef@voorbeeld.nl → baas@voorbeeld.nl"
    assert counts(report) == (0, 0, 0) and people(runtime) == before  # nothing written


def test_header_problems_come_first_and_a_missing_required_column_stops_the_check(runtime):
    report = run(runtime, csv_bytes([["Piet", "06-1234"]], header=["Naam", "Telefoon"]))
    assert report.problems == [
        Problem(1, "email", "missing_column", ""),
        Problem(1, "Telefoon", "unknown_column", "Telefoon"),
    ]
    assert report.messages() == [
        "rij 1, kolom email: verplichte kolom email (e-mail) ontbreekt",
        "rij 1, kolom Telefoon: onbekende kolom 'Telefoon'",
    ]
    report = run(runtime, csv_bytes([["", "piet@voorbeeld.nl", "x"]], header=["name", "email", "opmerking"]))
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (1, "opmerking", "unknown_column"),
        (2, "name", "missing_name"),
    ]
    assert people(runtime) == {}


def test_unreadable_files_are_one_problem(runtime):
    for data, name, code in [
        (b"", "leeg.csv", "empty_file"),
        (b"PK\x03\x04kapot", "p.xlsx", "unreadable_xlsx"),
        (b"\xd0\xcf\x11\xe0", "oud.xls", "old_excel"),
    ]:
        report = run(runtime, data, name)
        assert [p.code for p in report.problems] == [code]
        assert report.problems[0].row == 0 and "rij" not in str(report.problems[0])


def test_a_dry_run_writes_nothing_but_says_what_would_happen(runtime):
    report = run(runtime, csv_bytes(GOOD), dry_run=True)
    assert report.problems == [] and report.dry_run and counts(report) == (3, 0, 0)
    assert people(runtime) == {}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_importing_the_same_file_again_changes_nothing(runtime, kind):
    data, name = (csv_bytes(GOOD), "people.csv") if kind == "csv" else (xlsx_bytes(GOOD), "people.xlsx")
    first = run(runtime, data, name)
    assert first.problems == [] and counts(first) == (3, 0, 0)
    imported = people(runtime)
    assert imported == {
        "marieke@voorbeeld.nl": ("Marieke de Vries", None, "Zorg", "nl", "1001", "Europe/Amsterdam"),
        "jan@voorbeeld.nl": ("Jan Jansen", "marieke@voorbeeld.nl", "Zorg", "nl", "1002", None),
        "sam@voorbeeld.nl": ("Sam Smith", "marieke@voorbeeld.nl", "ICT", "en", None, "Europe/London"),
    }
    again = run(runtime, data, name)
    assert again.problems == [] and counts(again) == (0, 0, 3)
    assert people(runtime) == imported
    changed = [row[:] for row in GOOD]
    changed[2][2] = "jan@voorbeeld.nl"  # Sam now reports to Jan
    changed[1][6] = "europe/amsterdam"  # any case; stored as the IANA name
    report = run(runtime, csv_bytes(changed))
    assert counts(report) == (0, 2, 1)
    assert people(runtime)["sam@voorbeeld.nl"][1] == "jan@voorbeeld.nl"
    assert people(runtime)["jan@voorbeeld.nl"][5] == "Europe/Amsterdam"


def test_xlsx_cells_numbers_empty_rows_and_row_numbers():
    rows = [
        ["Marieke", "marieke@voorbeeld.nl", None, None, None, 1001, None],
        ["Jan", "jan@voorbeeld.nl", None, None, None, 1002.0, None],
        [None] * 7,
        ["Piet", "piet@", None, None, None, None, None],
        [None] * 7,
        [None] * 7,
    ]
    table = read_table(xlsx_bytes(rows), "Mensen.XLSX")
    assert table.columns == HEADER and len(table) == 4  # trailing empty rows dropped
    assert table[0]["employee_number"] == "1001" and table[1]["employee_number"] == "1002"
    assert table[0]["manager_email"] == ""
    from intake.people import check_rows

    assert [(p.row, p.code) for p in check_rows(table)] == [(5, "invalid_email")]


def test_semicolon_csv_with_dutch_headers_and_a_bom(runtime):
    text = (
        "\ufeffNaam;E-mail;Leidinggevende;Afdeling;Taal;Personeelsnummer;Tijdzone\r\n"
        "Marieke de Vries;MARIEKE@voorbeeld.nl;;Zorg, Welzijn;NL;1001;\r\n"
        '"Jansen; Jan";jan@voorbeeld.nl;marieke@voorbeeld.nl;Zorg;;1002;Europe/Amsterdam\r\n'
    )
    report = run(runtime, text.encode("utf-8"))
    assert report.problems == [] and counts(report) == (2, 0, 0)
    assert people(runtime) == {
        "marieke@voorbeeld.nl": ("Marieke de Vries", None, "Zorg, Welzijn", "nl", "1001", None),
        "jan@voorbeeld.nl": ("Jansen; Jan", "marieke@voorbeeld.nl", "Zorg", "nl", "1002", "Europe/Amsterdam"),
    }


def test_a_windows_1252_csv_from_excel_reads():
    table = read_table("naam;e-mail\nZoë Öztürk;zoe@voorbeeld.nl\n".encode("cp1252"), "export.csv")
    assert table[0] == {"name": "Zoë Öztürk", "email": "zoe@voorbeeld.nl"}


def test_columns_not_in_the_file_stay_as_they_are_and_numbers_may_swap(runtime):
    assert counts(run(runtime, csv_bytes(GOOD))) == (3, 0, 0)
    only = csv_bytes(
        [["Marieke de Vries", "marieke@voorbeeld.nl"], ["Jan Jansen", "jan@voorbeeld.nl"]], header=["name", "email"]
    )
    assert counts(run(runtime, only)) == (0, 0, 2)
    assert people(runtime)["jan@voorbeeld.nl"] == ("Jan Jansen", "marieke@voorbeeld.nl", "Zorg", "nl", "1002", None)
    swapped = csv_bytes(
        [["Marieke de Vries", "marieke@voorbeeld.nl", "1002"], ["Jan Jansen", "jan@voorbeeld.nl", "1001"]],
        header=["name", "email", "employee_number"],
    )
    report = run(runtime, swapped)
    assert report.problems == [] and counts(report) == (0, 2, 0)
    assert people(runtime)["jan@voorbeeld.nl"][4] == "1001"


def test_a_changed_manager_is_recorded_on_the_open_pop(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    rows = [
        ["Marieke de Vries", MANAGER, ""],
        ["Kees Visser", "kees@voorbeeld.nl", ""],
        ["Jan Jansen", EMPLOYEE, "kees@voorbeeld.nl"],
    ]
    data = csv_bytes(rows, header=["naam", "e-mail", "leidinggevende"])
    with system.runtime.uow() as uow:
        report = import_file(uow, data, "people.csv", system.clock.now())
        uow.commit()
    assert report.problems == [] and counts(report) == (1, 1, 1)
    with system.runtime.uow() as uow:
        changed = uow.session.scalars(
            select(Event).where(Event.kind == "manager_changed", Event.actor == "import")
        ).all()
        kees = uow.session.scalar(select(Person).where(Person.email == "kees@voorbeeld.nl"))
        assert [e.data for e in changed] == [{"manager_id": kees.id}]
    with system.runtime.uow() as uow:
        assert counts(import_file(uow, data, "people.csv", system.clock.now())) == (0, 0, 3)


def large_file(managers: int, reports: int) -> list[list[str]]:
    rows = [[f"Manager {m}", f"m{m}@voorbeeld.nl", "", "Afdeling", "nl", f"M{m}", ""] for m in range(managers)]
    rows += [
        [f"Medewerker {m}-{r}", f"e{m}-{r}@voorbeeld.nl", f"m{m}@voorbeeld.nl", "Afdeling", "en", "", ""]
        for m in range(managers)
        for r in range(reports)
    ]
    return rows


def test_ten_thousand_rows_take_few_statements_and_report_progress(runtime):
    table = read_table(csv_bytes(large_file(100, 99)), "groot.csv")
    statements = []
    event.listen(runtime.engine, "before_cursor_execute", lambda *args: statements.append(1))
    calls: list[tuple[int, int]] = []
    with runtime.uow() as uow:
        report = import_people(uow, table, progress=lambda done, total: calls.append((done, total)))
        uow.commit()
    assert report.problems == [] and counts(report) == (10_000, 0, 0)
    assert calls == [(done, 10_000) for done in range(500, 10_001, 500)]
    assert len(statements) < 120, len(statements)
    statements.clear()
    with runtime.uow() as uow:
        assert counts(import_people(uow, table)) == (0, 0, 10_000)
    assert len(statements) < 10
    with runtime.uow() as uow:
        assert (
            uow.session.scalar(select(func.count()).select_from(Person).where(Person.manager_id.is_not(None))) == 9_900
        )


@pytest.fixture
def cli(tmp_path, sqlite_template):
    env = {"DATABASE_URL": _sqlite_copy(tmp_path, sqlite_template), "BROKER_URL": "embedded", "SECRET_KEY": "s"}

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), env=env)

    return invoke


def test_the_cli_shows_every_problem_by_row_and_column_and_fails(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes([["Piet", "piet@x.nl", "", "", "", "", ""], ["Jan", "jan@x.nl", "baas@x.nl", "", "de", "", ""]])
    )
    result = cli("people", "import", str(bad))
    assert result.exit_code == 2
    assert "rij 3, kolom manager_email: onbekende leidinggevende baas@x.nl" in result.stderr
    assert "rij 3, kolom language: taal moet nl of en zijn, niet 'de'" in result.stderr
    assert "2 problemen; niets geïmporteerd" in result.stderr
    old = tmp_path / "oud.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("people", "import", str(old))
    assert result.exit_code == 2 and "oud Excel-formaat" in result.stderr


def test_the_cli_imports_xlsx_with_a_dry_run_first(cli, tmp_path):
    good = tmp_path / "mensen.xlsx"
    good.write_bytes(xlsx_bytes(GOOD))
    result = cli("people", "import", "--dry-run", str(good))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "3 nieuw, 0 bijgewerkt, 0 ongewijzigd (proefdraai)"
    assert cli("people", "import", str(good)).stdout.strip() == "3 nieuw, 0 bijgewerkt, 0 ongewijzigd"
    assert cli("--lang", "en", "people", "import", str(good)).stdout.strip() == "created 0, updated 0, unchanged 3"


def test_the_cli_speaks_english_on_request(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["Jan", "jan@x.nl", "baas@x.nl", "", "", "", ""]]))
    result = cli("--lang", "en", "people", "import", str(bad))
    assert result.exit_code == 2
    assert "row 2, column manager_email: unknown manager baas@x.nl" in result.stderr
    assert "1 problem; nothing imported" in result.stderr


def test_the_cli_shows_a_progress_bar_for_a_large_file(cli, tmp_path):
    big = tmp_path / "groot.csv"
    big.write_bytes(csv_bytes(large_file(12, 99)))
    result = cli("people", "import", str(big))
    assert result.exit_code == 0, result.stderr
    assert "importeren" in result.stderr and result.stdout.strip() == "1200 nieuw, 0 bijgewerkt, 0 ongewijzigd"
    small = tmp_path / "klein.csv"
    small.write_bytes(csv_bytes(GOOD))
    assert "importeren" not in cli("people", "import", str(small)).stderr
