"""HR's people: the list with a search, and the import from a CSV or XLSX file (first a
check, then the import) on the same page."""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import func, select
from wtforms import SubmitField

from intake import people_query, web
from intake.hr.views import bp, hr_required
from intake.i18n import N_, LocalisedMeta, _, lazy_
from intake.people import import_file
from intake.people_table import COLUMNS, DUTCH_NAME
from intake.pop_query import search_term
from shared.models import Person

MAX_BYTES = 20 * 1024 * 1024


class ImportForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    file = FileField(
        N_("Bestand (CSV of Excel)"),
        validators=[
            FileRequired(lazy_("Kies een bestand.")),
            FileAllowed(["csv", "xlsx"], lazy_("Alleen .csv of .xlsx.")),
        ],
    )
    check = SubmitField(N_("Alleen controleren"))
    save = SubmitField(N_("Importeren"))


@bp.route("/people", methods=["GET", "POST"])
@hr_required
def people():
    work = web.uow()
    form, report = ImportForm(), None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            form.file.errors = [*form.file.errors, _("Het bestand is groter dan 20 MB.")]
        else:
            dry_run = not form.save.data
            report = import_file(work, data, upload.filename or "people.csv", web.now(), dry_run=dry_run)
            if report.problems:
                work.rollback()
            elif not dry_run:
                work.commit()
                flash(
                    _(
                        "Geïmporteerd: {c} nieuw, {u} gewijzigd, {n} ongewijzigd.",
                        c=report.created,
                        u=report.updated,
                        n=report.unchanged,
                    ),
                    "info",
                )
                return redirect(url_for("hr.people"))
    total = work.session.scalar(select(func.count(Person.id)).where(Person.active))
    term = search_term(request.args.get("q"))
    rows, next_after = people_query.page(work, term, web.query_id("after"))
    status = 422 if form.errors or (report is not None and report.problems) else 200
    return render_template(
        "hr/people.html",
        form=form,
        report=report,
        total=total,
        lang=g.get("lang", "nl"),
        q=term,
        rows=rows,
        found=people_query.count(work, term) if term else None,
        next_after=next_after,
        first_page=web.query_id("after") is None,
        importing=request.method == "POST",
    ), status


# A file to start from: the columns in the reader's language and three made-up people (a
# manager and two reports), separated by ";" with a BOM, as Excel writes and reads CSV here.
_EXAMPLE_ROWS = (
    ("Sanne de Boer", "sanne.deboer@example.org", "", "Zorg", "nl", "1001", ""),
    ("Jan Jansen", "jan.jansen@example.org", "sanne.deboer@example.org", "Zorg", "nl", "1002", ""),
    ("Emma Clarke", "emma.clarke@example.org", "sanne.deboer@example.org", "Zorg", "en", "1003", "Europe/London"),
)


@bp.get("/people/example.csv")
@hr_required
def people_example():
    header = [DUTCH_NAME[c] for c in COLUMNS] if g.get("lang", "nl") == "nl" else list(COLUMNS)
    text = "\r\n".join(";".join(row) for row in (header, *_EXAMPLE_ROWS)) + "\r\n"
    name = "personen-voorbeeld.csv" if g.get("lang", "nl") == "nl" else "people-example.csv"
    return Response(
        "\ufeff" + text, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"}
    )
