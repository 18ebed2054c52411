"""HR pages: the login guard, schedule a meeting, one POP in detail (logging in: login.py)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from intake import access_web, commands, plan_commands, scheduling, timeline_text, web
from intake.commands import InputError
from intake.failed_mails import FailedMail
from intake.forms_common import CancelForm
from intake.hr.forms import ResendForm, ScheduleForm
from intake.i18n import _, error_message
from notifier.plan_document import plan_pdf
from shared.models import HrUser, Meeting, OutboxMail, Person, Pop, Preparation, Signature
from shared.next_step import whose_move
from shared.plan import plan_hash

bp = Blueprint("hr", __name__, url_prefix="/hr")


def hr_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        user_id = session.get("hr_user_id")
        user = web.uow().session.get(HrUser, user_id) if type(user_id) is int and 0 < user_id <= web.MAX_ID else None
        # A logout, a new password or `popflow hr disable` raised the epoch: this session is over.
        if user is None or user.disabled_at is not None or session.get("hr_epoch") != user.session_epoch:
            session.pop("hr_user_id", None)
            session.pop("hr_epoch", None)
            return redirect(url_for("hr.login", next=request.path))
        g.hr_user = user
        web.choose_language(user.language)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/schedule", methods=["GET", "POST"])
@hr_required
def schedule():
    s, config = web.uow().session, web.runtime().config
    employees = s.scalars(
        select(Person)
        .where(Person.active, Person.manager_id.is_not(None))
        .options(joinedload(Person.manager))
        .order_by(Person.name)
    ).all()
    form = ScheduleForm()
    form.employee.choices = [SelectChoice("", _("Kies een medewerker"))] + [
        SelectChoice(p.email, f"{p.name} ({_('leidinggevende')}: {p.manager.name})") for p in employees
    ]
    if request.method == "GET" and request.args.get("employee"):
        form.employee.data = request.args["employee"]
    if form.validate_on_submit():
        work = web.uow()
        try:
            done = scheduling.schedule_meeting(
                work,
                web.now(),
                employee_email=form.employee.data,
                start=form.start_utc(config.timezone),
                minutes=form.minutes.data,
                location=form.location.data or "",
                actor=f"hr:{g.hr_user.id}",
                tz=config.timezone,
            )
        except InputError as exc:
            work.rollback()
            field = form.day if exc.code in ("start_in_past", "outside_round") else form.employee
            field.errors = [*field.errors, error_message(exc.code, **exc.details)]
        else:
            work.commit()
            flash(_("Het gesprek is gepland. De uitnodigingen gaan zo de deur uit."), "info")
            return redirect(url_for("hr.pop", pop_id=done.pop.id))
    return render_template("hr/schedule.html", form=form), (422 if form.errors else 200)


@bp.get("/pop/<int:pop_id>")
@hr_required
def pop(pop_id: int, cancel_form: CancelForm | None = None):
    work = web.uow()
    s = work.session
    item = s.get(Pop, pop_id) or abort(404)
    meetings = s.scalars(select(Meeting).where(Meeting.pop_id == item.id).order_by(Meeting.starts_at)).all()
    agreements = commands.current_plan(work, item)
    current = plan_hash(agreements, item.plan_goal)
    signatures = s.scalars(select(Signature).where(Signature.pop_id == item.id).order_by(Signature.id)).all()
    mails = s.scalars(select(OutboxMail).where(OutboxMail.pop_id == item.id).order_by(OutboxMail.id)).all()
    events = commands.timeline(work, item)
    # Prepared by whoever holds the role now (a former manager's submission is not the new one's).
    prepared = {
        role
        for role, author in s.execute(
            select(Preparation.role, Preparation.author_id).where(
                Preparation.pop_id == item.id, Preparation.submitted_at.is_not(None)
            )
        )
        if author == item.person_id_in(role)
    }
    moves = whose_move(
        item.state,
        prepared=prepared,
        has_agreements=bool(agreements),
        signed={sig.role for sig in signatures if sig.content_hash == current},
    )
    named = {m.recipient_id for m in mails} | timeline_text.people_named(events)
    people = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(named)))}
    failed = [FailedMail(m, people.get(m.recipient_id)) for m in mails if m.status == "failed"]
    return render_template(
        "hr/pop.html",
        pop=item,
        meetings=meetings,
        agreements=agreements,
        failed=failed,
        resend_form=ResendForm(),
        signatures=signatures,
        current_hash=current,
        mails=mails,
        people=people,
        events=events,
        cancel_form=cancel_form or CancelForm(),
        now=web.now(),
        moves=moves,
        reason_text=timeline_text.reason_text,
        outcome_text=timeline_text.outcome_text,
        actor_text=timeline_text.actor_text,
    )


@bp.post("/pop/<int:pop_id>/cancel")
@hr_required
def cancel(pop_id: int):
    work = web.uow()
    item = work.session.get(Pop, pop_id) or abort(404)
    form = CancelForm()
    if form.validate():
        try:
            plan_commands.request_cancel(work, web.now(), item, f"hr:{g.hr_user.id}", form.reason.data)
        except InputError as exc:
            work.rollback()
            flash(error_message(exc.code), "error")
        else:
            work.commit()
            flash(
                _(
                    "Het POP wordt geannuleerd. Jullie krijgen allebei bericht en de gesprekken in de agenda worden "
                    "afgezegd."
                ),
                "info",
            )
        return redirect(url_for("hr.pop", pop_id=pop_id))
    return pop(pop_id, cancel_form=form), 422


@bp.get("/pop/<int:pop_id>/plan.pdf")
@hr_required
def plan_pdf_download(pop_id: int):
    """The signed plan for the personnel file, in the employee's language."""
    item = web.uow().session.get(Pop, pop_id) or abort(404)
    access_web.require("download_plan_pdf", item)
    config = web.runtime().config
    signed = plan_pdf(
        web.uow(), item, item.employee.language, item.employee.timezone or config.timezone, base_url=config.base_url
    )
    if signed is None:
        abort(404)
    web.uow().commit()  # its verification code and fingerprint: the file can be checked later
    filename, data = signed
    return Response(
        data, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
