"""HR's rounds: create one, launch it, and its dashboard (phases, overdue, answers, departments)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from intake import behind, pop_query, question_files, rounds, web
from intake.commands import InputError, is_loose_round
from intake.hr.forms import LaunchForm, RoundForm
from intake.hr.views import bp, hr_required
from intake.i18n import _, error_message
from intake.manager_table import manager_page, most_behind
from intake.rounds import PHASES, RoundInput
from shared.models import Round
from shared.questions import LATEST_VERSION


@bp.route("/rounds", methods=["GET", "POST"])
@hr_required
def rounds_page():
    work = web.uow()
    form = RoundForm()
    form.departments.choices = [(d, d) for d in pop_query.departments(work)]
    # Published versions only (a draft has no key); "": the department's default, else LATEST_VERSION.
    automatic = ("", _("Vanzelf"))
    form.question_set.choices = [automatic, *question_files.published_choices(work, g.lang)]
    if form.question_set.data is None:
        form.question_set.data = ""
    if form.validate_on_submit():
        data = RoundInput(
            name=form.name.data,
            departments=form.departments.data or [],
            meetings_from=form.meetings_from.data,
            meetings_until=form.meetings_until.data,
            question_set=form.question_set.data or None,
            **form.settings(),
        )
        try:
            made = rounds.create_round(work, web.now(), data, f"hr:{g.hr_user.id}")
        except InputError as exc:
            work.rollback()
            field = form.name if exc.code.startswith("round_name") else form.meetings_until
            field = form.question_set if exc.code == "unknown_question_set" else field
            field.errors = [*field.errors, error_message(exc.code, **exc.details)]
        else:
            work.commit()
            flash(_("De ronde is aangemaakt. Controleer de gegevens en start haar."), "info")
            return redirect(url_for("hr.round_dashboard", round_id=made.id))
    newest = pop_query.rounds(work)[:20]
    summaries = {r.id: rounds.round_summary(work, r.id, managers=False) for r in newest}
    return render_template(
        "hr/rounds.html",
        form=form,
        rounds=newest,
        summaries=summaries,
        loose={r.id for r in newest if is_loose_round(r)},
        latest_version=LATEST_VERSION,
    ), (422 if form.errors else 200)


@bp.get("/rounds/<int:round_id>")
@hr_required
def round_dashboard(round_id: int):
    work = web.uow()
    rnd = work.session.get(Round, round_id) or abort(404)
    summary = rounds.round_summary(work, round_id, managers=False)  # the table below reads them with their ids
    # Before the start: what starting would do, for HR to check first. A round that was never
    # started can still hold POPs (the one for loose conversations): then its counts show too.
    loose = is_loose_round(rnd)
    preview = rounds.launch_preview(work, rnd) if rnd.launched_at is None and not loose else None
    if preview is not None and not summary.total:
        return render_template("hr/round.html", round=rnd, launch_form=LaunchForm(), preview=preview)
    attention = rounds.round_attention(work, round_id, web.now())
    biggest = max(summary.phases.values(), default=0) or 1
    today = behind.local_day(web.now(), web.runtime().config.timezone)
    past_deadline = summary.planning_deadline is not None and today > summary.planning_deadline
    return render_template(
        "hr/round.html",
        round=rnd,
        summary=summary,
        attention=attention,
        phases=PHASES,
        biggest=biggest,
        launch_form=LaunchForm(),
        preview=preview,
        loose=loose,
        most=most_behind(work, round_id, past_deadline),
        past_deadline=past_deadline,
    )


@bp.get("/rounds/<int:round_id>/managers")
@hr_required
def round_managers(round_id: int):
    """The whole table per manager: sortable, 50 a page, or only those behind."""
    work = web.uow()
    rnd = work.session.get(Round, round_id) or abort(404)
    summary = rounds.round_summary(work, round_id, managers=False)
    today = behind.local_day(web.now(), web.runtime().config.timezone)
    past_deadline = summary.planning_deadline is not None and today > summary.planning_deadline
    sort, descending = request.args.get("sort", "name"), request.args.get("dir") == "desc"
    only_behind = request.args.get("behind") == "1"
    table = manager_page(
        work, round_id, sort, descending, past_deadline, only_behind=only_behind, page=web.query_id("mpage") or 1
    )
    return render_template(
        "hr/managers.html",
        round=rnd,
        summary=summary,
        table=table,
        sort=sort if sort in behind.SORTS else "name",
        descending=descending,
        only_behind=only_behind,
        past_deadline=past_deadline,
    )


@bp.post("/rounds/<int:round_id>/launch")
@hr_required
def launch(round_id: int):
    form = LaunchForm()
    if not form.validate():
        abort(400)
    work = web.uow()
    try:
        done = rounds.launch_round(work, web.now(), round_id, f"hr:{g.hr_user.id}")
    except InputError as exc:
        if exc.code == "unknown_round":
            abort(404)
        work.rollback()
        flash(error_message(exc.code), "error")
        return redirect(url_for("hr.round_dashboard", round_id=round_id))
    work.commit()
    flash(
        _(
            "POP's aangemaakt: {n}. Leidinggevenden gevraagd hun gesprekken te plannen: {m}.",
            n=done.created,
            m=done.managers_asked,
        ),
        "info",
    )
    return redirect(url_for("hr.round_dashboard", round_id=round_id))
