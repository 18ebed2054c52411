"""HR's question sets ("Vragenlijsten"): the list of sets and their versions, a new draft from
the seed library, a copy of a version, and files in and out. Every change goes through the
services of intake/question_sets.py and intake/question_files.py (they keep the audit trail).
The draft editor, its preview and publishing: question_draft_views.py."""

from __future__ import annotations

import json
from collections import defaultdict

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from intake import question_defaults, question_files, question_sets, web
from intake.commands import InputError
from intake.forms_common import one_line
from intake.hr.question_default_views import default_form
from intake.hr.views import bp, hr_required
from intake.i18n import N_, LocalisedMeta, _, error_message, lazy_
from shared.models import Round, StoredQuestionSet
from shared.question_library import EVALUATION, library
from shared.questions import STORED_RE, available_versions
from shared.questionset_format import NAME_LIMIT

LIBRARY_ROLES = ("employee", "manager", EVALUATION)


class PlainForm(FlaskForm):
    """Only the CSRF token: the button's value says what to do."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


class ImportForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    file = FileField(N_("Bestand (JSON)"), validators=[FileRequired(lazy_("Kies een bestand."))])
    name = StringField(N_("Naam (leeg: de naam uit het bestand)"), validators=[Length(max=NAME_LIMIT), one_line])


class LibraryForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    name = StringField(N_("Naam van de vragenlijst"), validators=[DataRequired(), Length(max=NAME_LIMIT), one_line])


def actor() -> str:
    return f"hr:{g.hr_user.id}"


@bp.get("/question-sets")
@hr_required
def question_sets_page(import_form: ImportForm | None = None):
    work = web.uow()
    stored = work.session.scalars(
        select(StoredQuestionSet)
        .options(selectinload(StoredQuestionSet.versions))
        .order_by(StoredQuestionSet.id.desc())
    ).all()
    used: dict[str, list[Round]] = defaultdict(list)
    for rnd in work.session.scalars(select(Round).order_by(Round.id.desc())):
        used[rnd.question_set].append(rnd)
    defaults: dict[str, list[str]] = defaultdict(list)
    for department, version in question_defaults.department_defaults(work).items():
        defaults[version].append(department)
    infos = {
        (info.draft_id if info.draft_id is not None else info.version): info
        for info in question_files.list_versions(work, drafts=True, lang=g.lang)
    }
    return render_template(
        "hr/question_sets.html",
        stored=stored,
        shipped=[infos[v] for v in available_versions()],
        infos=infos,
        used=used,
        defaults=defaults,
        copy_form=PlainForm(),
        import_form=import_form or ImportForm(),
        default_form=default_form(work),
    ), (422 if import_form and import_form.errors else 200)


@bp.post("/question-sets/copy")
@hr_required
def question_set_copy():
    if not PlainForm().validate():
        abort(400)
    work = web.uow()
    version = request.form.get("version", "")[:20]
    try:
        draft = question_sets.copy_to_draft(work, web.now(), actor(), version)
    except InputError as exc:
        work.rollback()
        flash(error_message(exc.code, **exc.details), "error")
        return redirect(url_for("hr.question_sets_page"))
    work.commit()
    flash(_("Een nieuw concept van {version} staat klaar. Pas het aan en publiceer het.", version=version), "info")
    return redirect(url_for("hr.question_draft", draft_id=draft.id))


@bp.post("/question-sets/import")
@hr_required
def question_set_import():
    form, work = ImportForm(), web.uow()
    if not form.validate():
        return question_sets_page(import_form=form)
    raw = form.file.data.read(question_files.FILE_LIMIT + 1)
    try:
        data = question_files.read_file(raw)
        name = (form.name.data or "").strip() or None
        key = question_files.import_file(work, web.now(), actor(), data, name=name)
    except InputError as exc:
        work.rollback()
        details = {"path": "$", **exc.details}
        form.file.errors = [*form.file.errors, error_message(exc.code, **details)]
        return question_sets_page(import_form=form)
    work.commit()
    flash(_("Het bestand is gepubliceerd als versie {version}.", version=key), "info")
    return redirect(url_for("hr.question_sets_page"))


@bp.get("/question-sets/<version>/export")
@hr_required
def question_set_export(version: str):
    if not (STORED_RE.fullmatch(version) or version in available_versions()):
        abort(404)
    try:
        data = question_files.export_version(web.uow(), version, g.lang)
    except InputError:
        abort(404)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="vragenlijst-{version}.json"'},
    )


@bp.route("/question-sets/new", methods=["GET", "POST"])
@hr_required
def question_set_new():
    form, work = LibraryForm(), web.uow()
    groups = library()
    if request.method == "POST":
        chosen = {role: list(dict.fromkeys(request.form.getlist(role)))[:200] for role in LIBRARY_ROLES}
    else:  # the evaluation as shipped, the rest to choose
        chosen = {role: [] for role in LIBRARY_ROLES}
        chosen[EVALUATION] = [q.id for group in groups if group.role == EVALUATION for q in group.questions]
    problem = ""
    if form.validate_on_submit():
        # No evaluation question ticked: the shipped evaluation (a set needs one).
        choices = {role: ids for role, ids in chosen.items() if ids or role != EVALUATION}
        try:
            draft = question_sets.draft_from_library(work, web.now(), actor(), form.name.data, choices)
        except InputError as exc:
            work.rollback()
            problem = error_message(exc.code, **exc.details)
        else:
            work.commit()
            flash(_("Het concept is gemaakt. Zet de vragen op volgorde en voeg je eigen vragen toe."), "info")
            return redirect(url_for("hr.question_draft", draft_id=draft.id))
    return render_template("hr/question_library.html", form=form, groups=groups, chosen=chosen, problem=problem), (
        422 if form.errors or problem else 200
    )
