"""HR's list of every POP: filters, paging, and the list as CSV or XLSX.

Every cell of an export goes through spreadsheet_cell: whatever a name holds, openpyxl
can write it and no spreadsheet program reads it as a formula (OWASP, CSV injection).

Both open right in Excel as people here have it: the CSV starts with a BOM (so Excel reads
UTF-8) and is split by ';' for a Dutch reader, the list separator of Excel with Dutch
settings, by ',' for an English one (`?sep=comma` or `?sep=semicolon` chooses). In the
XLSX the conversation is a date cell with a date format, so it sorts and filters as one."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, g, render_template, request, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from intake import pop_query, web
from intake.hr.views import bp, hr_required
from intake.i18n import N_, PHASE_LABELS, _, label
from intake.pop_query import PopFilter
from shared.safe_text import csv_cell, spreadsheet_cell

EXPORT_COLUMNS = (
    N_("POP"),
    N_("Fase"),
    N_("Ronde"),
    N_("Medewerker"),
    N_("E-mailadres"),
    N_("Afdeling"),
    N_("Leidinggevende"),
    N_("E-mailadres leidinggevende"),
    N_("Gesprek"),
    N_("Achterstand"),
)


@bp.get("/")
@hr_required
def pops():
    work, f = web.uow(), PopFilter.from_args(request.args)
    before = request.args.get("before", "")
    rows, next_before = pop_query.page(work, f, web.now(), web.query_id("before"))
    return render_template(
        "hr/pops.html",
        rows=rows,
        next_before=next_before,
        total=pop_query.count(work, f),
        filter=f,
        args=f.as_args(),
        first_page=not before,
        departments=pop_query.departments(work),
        rounds=pop_query.rounds(work),
    )


MEETING_COLUMN = EXPORT_COLUMNS.index(N_("Gesprek"))
# How Excel shows the conversation's moment: as the reader writes a date.
DATE_FORMATS = {"nl": "dd-mm-yyyy hh:mm", "en": "yyyy-mm-dd hh:mm"}


def _export_rows(f: PopFilter, cell=spreadsheet_cell):
    """The header and a row per POP; the conversation's moment as a local datetime without
    a zone (a spreadsheet cell holds none), or None."""
    tz = ZoneInfo(web.runtime().config.timezone)
    yield [_(name) for name in EXPORT_COLUMNS]
    for row in pop_query.all_rows(web.uow(), f):
        start = row.meeting_start.astimezone(tz).replace(tzinfo=None) if row.meeting_start else None
        yield [
            cell(value)
            for value in (
                row.id,
                label(PHASE_LABELS, row.state),
                row.round_name,
                row.employee_name,
                row.employee_email,
                row.department,
                row.manager_name,
                row.manager_email,
                start,
                row.overdue,
            )
        ]


@bp.get("/pops.csv")
@hr_required
def export_csv():
    f = PopFilter.from_args(request.args)
    chosen = {"comma": ",", "semicolon": ";"}.get(request.args.get("sep", ""))
    separator = chosen or (";" if g.get("lang", "nl") == "nl" else ",")

    def lines():
        buffer = io.StringIO()
        # Every cell quoted (OWASP): a ',' or ';' in a name stays inside its cell.
        writer = csv.writer(buffer, delimiter=separator, quoting=csv.QUOTE_ALL)
        yield "\ufeff"  # so that Excel opens the file as UTF-8
        for row in _export_rows(f, csv_cell):
            start = row[MEETING_COLUMN]
            if isinstance(start, datetime):  # Excel reads this as a date and time in either language
                row[MEETING_COLUMN] = start.strftime("%Y-%m-%d %H:%M")
            writer.writerow(["" if value is None else value for value in row])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=pops.csv"},
    )


@bp.get("/pops.xlsx")
@hr_required
def export_xlsx():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("POP")
    date_format = DATE_FORMATS.get(g.get("lang", "nl"), DATE_FORMATS["nl"])
    for row in _export_rows(PopFilter.from_args(request.args)):
        if isinstance(row[MEETING_COLUMN], datetime):
            row[MEETING_COLUMN] = WriteOnlyCell(sheet, value=row[MEETING_COLUMN])
            row[MEETING_COLUMN].number_format = date_format
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        headers={"Content-Disposition": "attachment; filename=pops.xlsx"},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
