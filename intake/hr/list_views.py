"""HR's list of every POP: filters, paging, and the list as CSV or XLSX.

Every cell of an export goes through spreadsheet_cell: whatever a name holds, openpyxl
can write it and no spreadsheet program reads it as a formula (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from flask import Response, render_template, request, stream_with_context
from openpyxl import Workbook

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


def _export_rows(f: PopFilter, cell=spreadsheet_cell):
    tz = ZoneInfo(web.runtime().config.timezone)
    yield [_(name) for name in EXPORT_COLUMNS]
    for row in pop_query.all_rows(web.uow(), f):
        start = row.meeting_start.astimezone(tz).strftime("%Y-%m-%d %H:%M") if row.meeting_start else ""
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

    def lines():
        buffer = io.StringIO()
        # Every cell quoted (OWASP): a ',' or ';' in a name stays inside its cell.
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
        yield "\ufeff"  # so that Excel opens the file as UTF-8
        for row in _export_rows(f, csv_cell):
            writer.writerow(row)
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
    for row in _export_rows(PopFilter.from_args(request.args)):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        headers={"Content-Disposition": "attachment; filename=pops.xlsx"},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
