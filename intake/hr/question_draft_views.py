"""HR's draft editor (one form, a button per action: intake/question_editor.py), the preview as
the employee and as the manager (the preparation's own macro, nothing saved), and publishing
after a confirmation. Every save goes through intake/question_sets.py with the revision the
page was loaded with: a save from a stale tab is told so and keeps what was typed."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from intake import question_editor, question_files, question_sets, web
from intake.commands import Conflict, InputError
from intake.forms_common import one_line
from intake.hr.question_views import PlainForm, actor
from intake.hr.round_settings_views import hint_texts
from intake.hr.views import bp, hr_required
from intake.i18n import N_, LocalisedMeta, _, error_message
from intake.personal.forms import preparation_form
from intake.question_editor import ROLES, ActionProblem
from shared.models import QuestionSetVersion
from shared.questions import STORED_RE, QuestionSet, available_versions
from shared.questionset_format import NAME_LIMIT


class DraftForm(FlaskForm):
    """The set's name and the revision the page was loaded with; the rest is read as rows."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    name = StringField(N_("Naam van de vragenlijst"), validators=[DataRequired(), Length(max=NAME_LIMIT), one_line])
    revision = HiddenField()


def _draft_or_404(draft_id: int) -> QuestionSetVersion:
    try:
        return question_sets.get_draft(web.uow(), draft_id)
    except InputError:
        abort(404)


@bp.route("/question-sets/drafts/<int:draft_id>", methods=["GET", "POST"])
@hr_required
def question_draft(draft_id: int):
    work = web.uow()
    draft = _draft_or_404(draft_id)
    if request.method == "GET":
        form = DraftForm(name=draft.question_set.name, revision=str(draft.revision))
        return _render(draft, form, question_editor.rows_of(draft.content))
    form = DraftForm()
    form.validate()
    if "csrf_token" in form.errors:
        abort(400)
    rows = question_editor.rows_from_form(request.form)
    problems: list[tuple[str, str]] = []
    anchor, action = "", request.form.get("action", "")
    typed = {name: value for name, value in request.form.items() if name.startswith(("new-", "newtheme-"))}
    try:
        anchor = question_editor.apply_action(
            action, rows, request.form, question_editor.question_ids(rows, draft.content)
        )
    except ActionProblem as exc:
        problems.append((exc.field, error_message(exc.code, path=_place(exc.field, rows), limit=_limit(exc.field))))
    else:  # what was added is in the rows now: a second press must not add it again
        kind, _sep, role = action.partition(":")
        added = {"add": f"new-{role}-", "add_theme": f"newtheme-{role}-"}.get(kind) if anchor else None
        typed = {name: value for name, value in typed.items() if not added or not name.startswith(added)}
    problems += [
        (field, error_message(exc.code, **{**exc.details, "path": _place(field, rows)}))
        for field, exc in question_editor.text_problems(rows)
    ]
    if problems or form.errors:
        return _render(draft, form, rows, problems=problems, typed=typed), 422
    try:
        question_sets.update_draft(
            work,
            web.now(),
            actor(),
            draft.id,
            question_editor.content_of(rows, draft.content),
            revision=_revision(form.revision.data),
            name=form.name.data,
        )
    except Conflict:
        work.rollback()
        newest = _draft_or_404(draft_id)
        form.revision.data = str(newest.revision)  # a second save replaces theirs: now knowingly
        return _render(newest, form, rows, conflict=True, typed=typed), 409
    except InputError as exc:
        work.rollback()
        field = question_editor.field_of(str(exc.details.get("path", ""))) or ""
        return _render(draft, form, rows, problems=[(field, _said(exc, rows))], typed=typed), 422
    work.commit()
    flash(_("Opgeslagen."), "info")
    return redirect(url_for("hr.question_draft", draft_id=draft_id, _anchor=anchor or None))


def _revision(text: str | None) -> int:
    """The revision the page was loaded with; anything else counts as stale (never overwrites)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else -1


def _said(exc: InputError, rows: question_editor.Rows) -> str:
    """The service's refusal in HR's words, its place named as the page shows it."""
    field = question_editor.field_of(str(exc.details.get("path", ""))) or ""
    return error_message(exc.code, **{**exc.details, "path": _place(field, rows)})


def _limit(field: str) -> int:
    return 600 if "help" in field else 300


def _place(field: str, rows: question_editor.Rows) -> str:
    """Where a field is, as HR reads it: "Medewerker, thema 1, vraag 2: Engelse tekst"."""
    parts = field.split("-")
    if not parts or parts[0] not in ROLES + ("new", "newtheme", "role"):
        return _("De vragenlijst")
    if parts[0] in ("new", "newtheme"):
        return _("Nieuwe vraag") if parts[0] == "new" else _("Nieuw thema")
    role = parts[1] if parts[0] == "role" else parts[0]
    said = [_("Medewerker") if role == "employee" else _("Leidinggevende")]
    numbers = [p for p in parts[1:] if p.isdigit()]
    if numbers:
        said.append(_("thema {n}", n=int(numbers[0]) + 1))
    if len(numbers) > 1:
        said.append(_("vraag {n}", n=int(numbers[1]) + 1))
    what = {
        "text_nl": _("Nederlandse tekst"),
        "text_en": _("Engelse tekst"),
        "title_nl": _("Nederlandse titel"),
        "title_en": _("Engelse titel"),
        "help_nl": _("Nederlandse uitleg"),
        "help_en": _("Engelse uitleg"),
    }.get(parts[-1])
    return ", ".join(said) + (f": {what}" if what else "")


def _render(draft, form, rows, *, problems=(), conflict=False, typed=None):
    return render_template(
        "hr/question_draft.html",
        draft=draft,
        form=form,
        rows=rows,
        problems=list(problems),
        wrong={field for field, _message in problems},
        conflict=conflict,
        typed=typed or {},
        missing=question_editor.missing_english(rows),
        place=lambda field: _place(field, rows),
        b1=hint_texts,
    )


@bp.get("/question-sets/preview/<role>")
@hr_required
def question_preview(role: str):
    """The preparation form of a draft (?draft=) or a version (?version=), as `role` sees it."""
    if role not in ROLES:
        abort(404)
    work = web.uow()
    draft_id, version = web.query_id("draft"), request.args.get("version", "")
    draft = _draft_or_404(draft_id) if draft_id is not None else None
    if draft is not None:
        qs: QuestionSet = question_sets.draft_set(draft)
    elif STORED_RE.fullmatch(version) or version in available_versions():
        try:
            qs = question_files.get_version(work, version)
        except InputError:
            abort(404)
    else:
        abort(404)
    employee, manager = _("de medewerker"), _("je leidinggevende")
    questions = qs.for_role(role)
    form = preparation_form(questions, role, g.lang, manager if role == "employee" else employee)
    groups = [
        (theme.title(g.lang, employee), theme.help(g.lang), list(theme.core), list(theme.more), theme.department)
        for theme in qs.themes.get(role, ())
        if theme.questions
    ]
    return render_template(
        "hr/question_preview.html",
        role=role,
        draft=draft,
        version=version,
        form=form,
        groups=groups,
        questions=questions,
    )


@bp.route("/question-sets/drafts/<int:draft_id>/publish", methods=["GET", "POST"])
@hr_required
def question_publish(draft_id: int):
    work = web.uow()
    draft = _draft_or_404(draft_id)
    form, problem = PlainForm(), ""
    rows = question_editor.rows_of(draft.content)
    if request.method == "POST":
        if not form.validate():
            abort(400)
        try:
            key = question_sets.publish(work, web.now(), actor(), draft.id)
        except InputError as exc:
            work.rollback()
            draft = _draft_or_404(draft_id)
            problem = _said(exc, rows)
        else:
            work.commit()
            flash(
                _("Gepubliceerd als versie {version}. Een ronde kan deze versie nu kiezen.", version=key),
                "info",
            )
            return redirect(url_for("hr.question_sets_page"))
    else:
        try:
            question_sets.checked(draft.content, complete=True)
        except InputError as exc:
            problem = _said(exc, rows)
    qs = question_sets.draft_set(draft)
    return render_template(
        "hr/question_publish.html",
        draft=draft,
        form=form,
        problem=problem,
        counts={role: len(qs.for_role(role)) for role in ROLES},
        missing=question_editor.missing_english(rows),
        place=lambda field: _place(field, rows),
    ), (422 if problem else 200)
