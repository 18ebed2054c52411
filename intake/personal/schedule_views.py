"""The manager's planning page: a date, time and place for each report waiting in a round.

Routes on the personal blueprint (views.py resolves the link). All rows are checked
before any is scheduled, so an error in one row loses nothing typed in the others.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import DateField, Form, FormField, HiddenField, IntegerField, StringField, TimeField
from wtforms.validators import Length, NumberRange, Optional

from intake import scheduling, web
from intake.commands import InputError
from intake.forms_common import RowList, error_links, local_start_utc, one_line
from intake.i18n import IN_RANGE, N_, LocalisedMeta, _, error_message
from intake.personal.views import bp
from shared.models import Pop
from shared.pop_states import State


class SlotForm(Form):
    Meta = LocalisedMeta

    pop_id = HiddenField()
    day = DateField(N_("Datum"), validators=[Optional()])
    time = TimeField(N_("Tijd"), validators=[Optional()])
    minutes = IntegerField(
        N_("Duur (minuten)"), default=60, validators=[Optional(), NumberRange(min=10, max=480, message=IN_RANGE)]
    )
    location = StringField(N_("Plaats of online-link"), validators=[Optional(), Length(max=300), one_line])

    def start_utc(self, tz: str) -> datetime:
        return local_start_utc(self.day.data, self.time.data, tz)


def _pop_id(slot) -> int:
    """The row's POP; 0 (no POP) for a value that is no number (a tampered form)."""
    text = slot.pop_id.data or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


class PlanningForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    slots = RowList(FormField(SlotForm), N_("Medewerker"), max_entries=500)


def waiting_pops(manager_id: int) -> list[Pop]:
    return list(
        web.uow().session.scalars(
            select(Pop)
            .where(Pop.manager_id == manager_id, Pop.state == State.PLANNING)
            .options(joinedload(Pop.employee), joinedload(Pop.round))
            .order_by(Pop.id)
        )
    )


@bp.route("/schedule", methods=["GET", "POST"])
def schedule():
    if g.role != "manager":
        abort(404)
    pops = {pop.id: pop for pop in waiting_pops(g.person.id)}
    if request.method == "GET":
        form = PlanningForm(formdata=None, data={"slots": [{"pop_id": str(pid), "minutes": 60} for pid in pops]})
        return _render(form, pops)
    form = PlanningForm()
    form.validate()
    tz, now = web.runtime().config.timezone, web.now()
    chosen = _chosen_slots(form, pops, tz, now)
    if error_links(form):  # not form.errors: a FieldList keeps the errors of its own validation only
        return _render(form, pops), 422
    if not chosen:
        form.form_errors.append(_("Kies voor minstens één medewerker een datum en tijd."))
        return _render(form, pops), 422
    return _schedule(form, chosen, tz, now)


def _chosen_slots(form: PlanningForm, pops: dict[int, Pop], tz: str, now: datetime) -> list[tuple[Pop, SlotForm]]:
    """The rows with a date and a time in the future; the errors of the others on their fields."""
    chosen = []
    for entry in form.slots:
        slot = entry.form
        pop = pops.get(_pop_id(slot))
        if pop is None:
            continue  # planned meanwhile (another tab, or HR): nothing to do for this row
        if _slot_complete(slot, tz, now):
            chosen.append((pop, slot))
    return chosen


def _slot_complete(slot: SlotForm, tz: str, now: datetime) -> bool:
    """Both date and time, in the future; an error on the row for half a moment or one past."""
    if bool(slot.day.data) != bool(slot.time.data) and not (slot.day.errors or slot.time.errors):
        (slot.time if slot.day.data else slot.day).errors.append(_("Vul datum en tijd allebei in."))
        return False
    if not (slot.day.data and slot.time.data):
        return False
    if slot.start_utc(tz) <= now:
        slot.day.errors.append(error_message("start_in_past"))
        return False
    return True


def _schedule(form: PlanningForm, chosen: list[tuple[Pop, SlotForm]], tz: str, now: datetime):
    work = web.uow()
    try:
        scheduling.schedule_meetings(
            work,
            now,
            [
                scheduling.MeetingRequest(
                    pop.employee.email, slot.start_utc(tz), slot.minutes.data or 60, slot.location.data or ""
                )
                for pop, slot in chosen
            ],
            f"person:{g.person.id}",
        )
    except InputError as exc:
        work.rollback()
        form.form_errors.append(error_message(exc.code, **exc.details))
        return _render(form, {pop.id: pop for pop in waiting_pops(g.person.id)}), 409
    work.commit()
    flash(_("Gesprekken gepland: {n}. De uitnodigingen gaan zo de deur uit.", n=len(chosen)), "info")
    return redirect(url_for(".schedule"))


def _render(form, pops: dict[int, Pop]):
    rows = [(entry, pops[_pop_id(entry)]) for entry in form.slots if _pop_id(entry) in pops]
    outside = {}
    for entry, pop in rows:
        day, rnd = entry.day.data, pop.round
        if day and rnd.meetings_from and rnd.meetings_until and not rnd.meetings_from <= day <= rnd.meetings_until:
            outside[pop.id] = _(
                "Deze datum ligt buiten de periode van de ronde ({start} – {end}).",
                start=rnd.meetings_from.strftime("%d-%m-%Y"),
                end=rnd.meetings_until.strftime("%d-%m-%Y"),
            )
    return render_template(
        "personal/schedule.html",
        form=form,
        rows=rows,
        outside=outside,
        pop=g.current_pop,
        tz=web.runtime().config.timezone,
    )
