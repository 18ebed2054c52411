"""HR sets a department's default question set on the "Vragenlijsten" page: what a new round
for that department alone gets unless HR picks another (intake/question_defaults.py keeps
the rule and the audit trail)."""

from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_wtf import FlaskForm
from wtforms import SelectField

from intake import pop_query, question_defaults, question_files, web
from intake.commands import InputError
from intake.hr.views import bp, hr_required
from intake.i18n import N_, LocalisedMeta, _, error_message

NONE = ""  # the choice "no default of its own": the newest shipped set


class DefaultForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    department = SelectField(N_("Afdeling"), choices=[])
    version = SelectField(N_("Vaste vragenlijst"), choices=[])


def default_form(work) -> DefaultForm:
    """The form with today's departments and every version a round may pick."""
    form = DefaultForm()
    form.department.choices = [(d, d) for d in pop_query.departments(work)]
    versions = question_files.list_versions(work, drafts=False, lang=g.lang)
    form.version.choices = [(NONE, _("Geen eigen: de nieuwste meegeleverde"))] + [
        (v.version, f"{v.version} · {v.name}") for v in versions
    ]
    return form


@bp.post("/question-sets/defaults")
@hr_required
def question_set_default():
    work = web.uow()
    form = default_form(work)
    if not form.validate():  # a tampered choice, or the CSRF token
        flash(_("Kies een afdeling en een vragenlijst uit de lijst."), "error")
        return redirect(url_for("hr.question_sets_page") + "#defaults")
    version = form.version.data or None
    try:
        question_defaults.set_department_default(work, web.now(), f"hr:{g.hr_user.id}", form.department.data, version)
    except InputError as exc:
        work.rollback()
        flash(error_message(exc.code, **exc.details), "error")
        return redirect(url_for("hr.question_sets_page") + "#defaults")
    work.commit()
    if version:
        flash(
            _(
                "{department} krijgt voortaan {version} in een nieuwe ronde.",
                department=form.department.data,
                version=version,
            ),
            "info",
        )
    else:
        flash(
            _("{department} krijgt voortaan de nieuwste meegeleverde vragenlijst.", department=form.department.data),
            "info",
        )
    return redirect(url_for("hr.question_sets_page") + "#defaults")
