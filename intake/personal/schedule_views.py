"""The manager's planning page: a scheduling grid, a row (date, time, minutes, place) for
each report waiting in a round, and a slot generator that fills the rows.

Routes on the personal blueprint (views.py resolves the link). Every button is a plain
submit of the one form, so nothing typed is lost and no JavaScript is needed. All rows
are checked (intake/personal/schedule_grid.py, rules of shared/schedule_rules.py) before
any is scheduled; a warning (a weekend, short notice) is saved only with "Toch opslaan"
pressed for exactly the warnings shown.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TimeField,
)
from wtforms.validators import Length, NumberRange, Optional

from intake import scheduling, web
from intake.commands import InputError
from intake.forms_common import RowList, filled, local_start_utc, one_line
from intake.i18n import IN_RANGE, N_, LocalisedMeta, _, error_message
from intake.personal import schedule_grid
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


class GeneratorForm(Form):
    """The slot generator's settings: "from 12 January, 9:00-12:00, 45 minutes, 15 between"."""

    Meta = LocalisedMeta

    first_day = DateField(N_("Vanaf"), validators=[filled])
    day_start = TimeField(N_("Begin van de dag"), validators=[filled])
    day_end = TimeField(N_("Einde van de dag"), validators=[filled])
    minutes = IntegerField(
        N_("Minuten per gesprek"), default=45, validators=[filled, NumberRange(min=10, max=480, message=IN_RANGE)]
    )
    gap = IntegerField(
        N_("Minuten ertussen"), default=15, validators=[Optional(), NumberRange(min=0, max=240, message=IN_RANGE)]
    )
    skip_weekends = BooleanField(N_("Geen weekenddagen"), default=True)


class PlanningForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    slots = RowList(FormField(SlotForm), N_("Medewerker"), max_entries=500)
    place_all = StringField(N_("Plaats voor alle gesprekken"), validators=[Optional(), Length(max=300), one_line])
    # The warnings "Toch opslaan" confirms (schedule_grid.fingerprint): other ones are asked again.
    warned = HiddenField()


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
    tz, now = web.runtime().config.timezone, web.now()
    if request.method == "GET":
        form = PlanningForm(formdata=None, data={"slots": [{"pop_id": str(pid), "minutes": 60} for pid in pops]})
        return _render(form, _generator(None, now, tz, pops), pops, schedule_grid.Check())
    form, generator = PlanningForm(), _generator(request.form, now, tz, pops)
    form.validate()
    if "generate" in request.form:
        return _generate(form, generator, pops, tz, now)
    check = schedule_grid.check_rows(web.uow(), form, pops, tz, now)
    if check.errors or schedule_grid.csrf_errors(form) or form.place_all.errors:
        return _render(form, generator, pops, check), 422
    if not check.chosen:
        check.top.append(_("Kies voor minstens één medewerker een datum en tijd."))
        return _render(form, generator, pops, check), 422
    confirmed = "confirm" in request.form and form.warned.data == check.fingerprint()
    if check.warnings and not confirmed:
        form.warned.data = check.fingerprint()
        return _render(form, generator, pops, check, ask=True), 200
    return _schedule(form, generator, check, pops, tz, now)


def _generator(formdata, now: datetime, tz: str, pops: dict[int, Pop]) -> GeneratorForm:
    generator = GeneratorForm(formdata, prefix="gen")
    if formdata is None:
        generator.first_day.data = schedule_grid.next_working_day(now, tz, pops.values())
        generator.day_start.data, generator.day_end.data = schedule_grid.MORNING
    return generator


def _generate(form: PlanningForm, generator: GeneratorForm, pops: dict[int, Pop], tz: str, now: datetime):
    check = schedule_grid.Check()
    if schedule_grid.csrf_errors(form) or not generator.validate():
        return _render(form, generator, pops, check), 422
    rows = [entry.form for entry in form.slots if schedule_grid.pop_id_of(entry.form) in pops]
    filled_rows = schedule_grid.fill_rows(web.uow(), g.person.id, rows, generator, pops, form.place_all.data, tz, now)
    if filled_rows < len(rows):
        check.top.append(
            _(
                "Er passen {n} van de {total} gesprekken in de ronde. De andere rijen zijn leeg: kies een "
                "eerdere begindag, een langere dag of kortere gesprekken, of vul ze zelf in.",
                n=filled_rows,
                total=len(rows),
            )
        )
        return _render(form, generator, pops, check), 422
    flash(_("De tijden zijn ingevuld, maar nog niet opgeslagen. Pas aan wat je wilt en sla dan op."), "info")
    return _render(form, generator, pops, check), 200


def _schedule(form, generator, check: schedule_grid.Check, pops: dict[int, Pop], tz: str, now: datetime):
    work = web.uow()
    place_all = form.place_all.data or ""
    try:
        scheduling.schedule_meetings(
            work,
            now,
            [
                scheduling.MeetingRequest(
                    pop.employee.email, slot.start_utc(tz), slot.minutes.data or 60, slot.location.data or place_all
                )
                for pop, slot in check.chosen
            ],
            f"person:{g.person.id}",
            tz=tz,
        )
    except InputError as exc:  # planned elsewhere in between, say: nothing is saved
        work.rollback()
        check.top.append(error_message(exc.code, **exc.details))
        return _render(form, generator, {pop.id: pop for pop in waiting_pops(g.person.id)}, check), 409
    work.commit()
    flash(_("Gesprekken gepland: {n}. De uitnodigingen gaan zo de deur uit.", n=len(check.chosen)), "info")
    return redirect(url_for(".planned"))


def _render(form, generator, pops: dict[int, Pop], check: schedule_grid.Check, ask: bool = False):
    # A report the post has no row for (added since the page was opened, or a tampered
    # form) gets an empty one: the page always lists everyone still waiting.
    posted = {schedule_grid.pop_id_of(entry) for entry in form.slots}
    for pid in pops.keys() - posted:
        form.slots.append_entry({"pop_id": str(pid), "minutes": 60})
    rows = [
        (entry, pops[schedule_grid.pop_id_of(entry)]) for entry in form.slots if schedule_grid.pop_id_of(entry) in pops
    ]
    return render_template(
        "personal/schedule.html",
        form=form,
        generator=generator,
        rows=rows,
        check=check,
        summary=schedule_grid.summary(form, generator, rows, check),
        ask=ask,
        periods=schedule_grid.periods(pops.values()),
        pop=g.current_pop,
        tz=web.runtime().config.timezone,
    )
