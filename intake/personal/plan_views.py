"""Personal pages around the plan: follow-up meeting, progress, evaluation, cancel.

Routes on the same blueprint as views.py (the personal link resolves there).
"""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from intake import plan_commands, web
from intake.commands import InputError, current_plan
from intake.forms_common import CancelForm, MeetingForm, no_control_characters
from intake.i18n import AGREEMENT_STATUS_LABELS, LocalisedMeta, _, error_message
from intake.personal.views import bp
from notifier.plan_document import plan_pdf
from shared.pop_states import FINAL, State

# What progress can set an agreement to ("carried" is the next POP's doing, not a choice).
STATUS_LABELS = {code: text for code, text in AGREEMENT_STATUS_LABELS.items() if code != "carried"}


def _back(anchor: str = ""):
    return redirect(url_for("personal.overview") + anchor)


def _recorded(work, message: str, anchor: str = ""):
    work.commit()
    flash(message, "info")
    return _back(anchor)


@bp.route("/followup", methods=["GET", "POST"])
def followup():
    """Plan a follow-up meeting: no agreement yet (000), or the next conversation (004 step 7)."""
    form = MeetingForm()
    if form.validate_on_submit():
        work = web.uow()
        try:
            plan_commands.plan_followup(
                work,
                web.now(),
                g.current_pop,
                f"person:{g.person.id}",
                start=form.start_utc(web.runtime().config.timezone),
                minutes=form.minutes.data,
                location=form.location.data or "",
            )
        except InputError as exc:
            work.rollback()
            form.day.errors = [*form.day.errors, error_message(exc.code)]
        else:
            return _recorded(work, _("Het vervolggesprek is gepland; jullie krijgen allebei een uitnodiging."), "#plan")
    return render_template("personal/followup.html", form=form, pop=g.current_pop), (422 if form.errors else 200)


def _progress_form(agreements):
    class ProgressForm(FlaskForm):
        class Meta(LocalisedMeta, FlaskForm.Meta):
            pass

    choices = [SelectChoice(value, _(label)) for value, label in STATUS_LABELS.items()]
    for agreement in agreements:
        setattr(
            ProgressForm,
            f"status_{agreement.id}",
            SelectField(agreement.what, choices=choices, default=agreement.status),
        )
        setattr(
            ProgressForm,
            f"note_{agreement.id}",
            TextAreaField(
                _("Toelichting"),
                default=agreement.progress_note,
                validators=[Optional(), Length(max=2000), no_control_characters],
            ),
        )
    return ProgressForm()


@bp.route("/progress", methods=["GET", "POST"])
def progress():
    pop = g.current_pop
    if pop.state != State.ACTION:
        flash(error_message("progress_closed"), "error")
        return _back()
    work = web.uow()
    agreements = current_plan(work, pop)
    form = _progress_form(agreements)
    if form.validate_on_submit():
        updates = {a.id: (form[f"status_{a.id}"].data, (form[f"note_{a.id}"].data or "").strip()) for a in agreements}
        try:
            plan_commands.record_progress(work, web.now(), pop, g.person, updates)
        except InputError as exc:
            work.rollback()
            flash(error_message(exc.code), "error")
        else:
            return _recorded(work, _("De voortgang is opgeslagen."), "#plan")
    return render_template("personal/progress.html", form=form, agreements=agreements, pop=pop), (
        422 if form.errors else 200
    )


@bp.route("/evaluation", methods=["GET", "POST"])
def evaluation():
    pop = g.current_pop
    work = web.uow()
    questions = web.question_set(pop.question_set).evaluation
    existing = plan_commands.evaluation_of(work, pop, g.role)

    class EvaluationForm(FlaskForm):
        class Meta(LocalisedMeta, FlaskForm.Meta):
            pass

    for q in questions:
        setattr(
            EvaluationForm,
            f"answer_{q.id}",
            TextAreaField(
                q.text(g.lang),
                default=(existing.answers.get(q.id, "") if existing else ""),
                validators=[Optional(), Length(max=5000), no_control_characters],
            ),
        )
    EvaluationForm.shared = BooleanField("", default=bool(existing and existing.shared))
    form = EvaluationForm()
    if form.validate_on_submit():
        answers = {q.id: (form[f"answer_{q.id}"].data or "").strip() for q in questions}
        try:
            plan_commands.save_evaluation(
                work, web.now(), pop, g.person, answers, pop.question_set, shared=bool(form.shared.data)
            )
        except InputError as exc:
            work.rollback()
            flash(error_message(exc.code), "error")
            return _back()
        return _recorded(work, _("Dank je wel voor je evaluatie."))
    return render_template(
        "personal/evaluation.html", form=form, questions=questions, pop=pop, existing=existing, role=g.role
    ), (422 if form.errors else 200)


@bp.route("/cancel", methods=["GET", "POST"])
def cancel():
    """The manager may end the POP (HR can too, from its own pages)."""
    pop = g.current_pop
    if g.role != "manager" or pop.state in FINAL:
        flash(error_message("not_yours" if g.role != "manager" else "already_final"), "error")
        return _back()
    form = CancelForm()
    if request.method == "POST" and form.validate():
        work = web.uow()
        plan_commands.request_cancel(work, web.now(), pop, f"person:{g.person.id}", form.reason.data)
        return _recorded(work, _("Het POP wordt geannuleerd; jullie krijgen allebei bericht."))
    return render_template("personal/cancel.html", form=form, pop=pop), (422 if form.errors else 200)


@bp.get("/plan.pdf")
def plan_pdf_download():
    """The signed plan for the personnel file, in the reader's language; only once both signed."""
    config = web.runtime().config
    signed = plan_pdf(web.uow(), g.current_pop, g.lang, g.person.timezone or config.timezone, base_url=config.base_url)
    if signed is None:
        flash(_("Het plan is nog niet door jullie allebei ondertekend."), "error")
        return _back("#plan")
    web.uow().commit()  # its verification code and fingerprint: the file can be checked later
    filename, data = signed
    return Response(
        data, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
