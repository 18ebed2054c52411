"""The manager offers times and lets their waiting reports pick one ("Laat je medewerkers zelf
een tijd kiezen"); the same page shows who picked what. Service: intake/slot_offers.py.

Without JavaScript: "Tijden maken" posts the form and comes back with the generated times in
the rows, to check and change before "Tijden aanbieden" saves them.
"""

from __future__ import annotations

from datetime import time

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    IntegerField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TimeField,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from intake import slot_offers, web
from intake.commands import InputError
from intake.forms_common import RowList, error_links, local_start_utc, one_line
from intake.i18n import IN_RANGE, N_, LocalisedMeta, _, error_message, ngettext
from intake.personal.views import bp
from shared.models import Pop

EMPTY_ROWS = 3  # rows to type times in by hand, below the generated ones


class OfferSlotForm(Form):
    Meta = LocalisedMeta

    day = DateField(N_("Datum"), validators=[Optional()])
    time = TimeField(N_("Tijd"), validators=[Optional()])
    minutes = IntegerField(
        N_("Duur (minuten)"), default=60, validators=[Optional(), NumberRange(min=10, max=480, message=IN_RANGE)]
    )
    location = StringField(N_("Plaats of online-link"), validators=[Optional(), Length(max=300), one_line])


class GeneratorForm(Form):
    Meta = LocalisedMeta

    first_day = DateField(N_("Vanaf datum"), validators=[Optional()])
    day_start = TimeField(N_("Elke dag van"), default=time(9, 0), validators=[Optional()])
    day_end = TimeField(N_("Tot"), default=time(12, 0), validators=[Optional()])
    minutes = IntegerField(
        N_("Duur (minuten)"), default=45, validators=[Optional(), NumberRange(min=10, max=480, message=IN_RANGE)]
    )
    between = IntegerField(
        N_("Minuten ertussen"), default=15, validators=[Optional(), NumberRange(min=0, max=240, message=IN_RANGE)]
    )
    count = IntegerField(
        N_("Aantal tijden"),
        validators=[Optional(), NumberRange(min=1, max=slot_offers.MAX_SLOTS, message=IN_RANGE)],
    )
    skip_weekends = BooleanField(N_("Sla zaterdag en zondag over"), default=True)
    location = StringField(N_("Plaats of online-link"), validators=[Optional(), Length(max=300), one_line])


class OfferForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    gen = FormField(GeneratorForm)
    slots = RowList(FormField(OfferSlotForm), N_("Tijd"), max_entries=slot_offers.MAX_SLOTS + EMPTY_ROWS)
    # Checked against the waiting reports by the view (a report planned meanwhile drops out quietly).
    reports = SelectMultipleField(
        N_("Wie mag een tijd kiezen"),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    generate = SubmitField(N_("Tijden maken"))
    save = SubmitField(N_("Tijden aanbieden"))


class WithdrawForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


def _number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


@bp.route("/offer", methods=["GET", "POST"])
def offer():
    if g.role != "manager":
        abort(404)
    work = web.uow()
    current = slot_offers.open_offer(work, g.person.id)
    invited = {invitee.pop_id for invitee in current.invitees} if current else set()
    choosable = {pop.id: pop for pop in slot_offers.waiting_reports(work, g.person.id) if pop.id not in invited}
    if request.method == "GET":
        form = OfferForm(
            formdata=None,
            data={
                "gen": {"count": max(len(choosable), 1)},
                "slots": [{"minutes": 60}] * EMPTY_ROWS,
                "reports": [str(pid) for pid in choosable],
            },
        )
        _with_choices(form, choosable)
        return _render(form, choosable, current)
    form = OfferForm()
    _with_choices(form, choosable)
    form.validate()
    if form.generate.data:
        return _generate(form, choosable, current)
    return _save(form, choosable, current)


def _with_choices(form: OfferForm, choosable: dict[int, Pop]) -> None:
    form.reports.choices = [(str(pid), pop.employee.name) for pid, pop in choosable.items()]


def _generate(form: OfferForm, choosable: dict[int, Pop], current):
    gen = form.gen.form
    if not gen.first_day.data and not gen.first_day.errors:
        gen.first_day.errors.append(_("Vul een datum in."))
    if gen.day_start.data and gen.day_end.data and gen.day_start.data >= gen.day_end.data:
        gen.day_end.errors.append(_("Kies een eindtijd na de begintijd."))
    if error_links(gen):
        return _render(form, choosable, current), 422
    times = slot_offers.slot_times(
        gen.first_day.data,
        gen.day_start.data or time(9, 0),
        gen.day_end.data or time(12, 0),
        gen.minutes.data or 45,
        gen.between.data or 0,
        gen.count.data or max(len(choosable), 1),
        gen.skip_weekends.data,
    )
    if not times:
        gen.day_end.errors.append(_("Er past geen gesprek van deze duur tussen begin- en eindtijd."))
        return _render(form, choosable, current), 422
    typed = [e.form.data for e in form.slots if e.form.day.data or e.form.time.data]
    made = [
        {"day": day, "time": at, "minutes": gen.minutes.data or 45, "location": gen.location.data or ""}
        for day, at in times
    ]
    fresh = OfferForm(
        formdata=None,
        data={
            "gen": gen.data,
            "slots": (typed + made)[: slot_offers.MAX_SLOTS] + [{"minutes": 60}] * EMPTY_ROWS,
            "reports": form.reports.data or [],
        },
    )
    _with_choices(fresh, choosable)
    notice = ngettext(
        "Er staat {n} tijd klaar. Kijk hem na en kies ‘Tijden aanbieden’.",
        "Er staan {n} tijden klaar. Kijk ze na en kies ‘Tijden aanbieden’.",
        len(made),
    )
    return _render(fresh, choosable, current, notice=notice)


def _save(form: OfferForm, choosable: dict[int, Pop], current):
    tz, now = web.runtime().config.timezone, web.now()
    pops = [choosable[pid] for pid in sorted({_number(v) for v in form.reports.data or []}) if pid in choosable]
    rows, slots = [], []
    for entry in form.slots:
        row = entry.form
        if bool(row.day.data) != bool(row.time.data) and not (row.day.errors or row.time.errors):
            (row.time if row.day.data else row.day).errors.append(_("Vul datum en tijd allebei in."))
        if not (row.day.data and row.time.data):
            continue
        slot = slot_offers.SlotInput(
            local_start_utc(row.day.data, row.time.data, tz), row.minutes.data or 60, (row.location.data or "").strip()
        )
        problem = slot_offers.slot_problem(slot, now, slot_offers.periods_of({p.round for p in pops}), tz)
        if problem is not None:
            row.day.errors.append(error_message(problem[0], **problem[1]))
        rows.append(row)
        slots.append(slot)
    for position in slot_offers.overlapping(slots):
        rows[position].time.errors.append(_("Deze tijd overlapt met een andere tijd."))
    if error_links(form):
        return _render(form, choosable, current), 422
    try:
        slot_offers.make_offer(web.uow(), now, g.person, pops, slots, tz)
    except InputError as exc:
        web.uow().rollback()
        form.form_errors.append(error_message(exc.code, **exc.details))
        return _render(form, choosable, current), 422
    web.uow().commit()
    flash(
        ngettext(
            "Tijden aangeboden. {n} medewerker krijgt een e-mail om een tijd te kiezen.",
            "Tijden aangeboden. {n} medewerkers krijgen een e-mail om een tijd te kiezen.",
            len(pops),
        )
        if pops
        else _("De tijden zijn erbij gezet."),
        "info",
    )
    return redirect(url_for(".offer"))


@bp.post("/offer/withdraw")
def withdraw_offer():
    if g.role != "manager":
        abort(404)
    if not WithdrawForm().validate():
        abort(400)
    current = slot_offers.open_offer(web.uow(), g.person.id)
    if current is not None:
        slot_offers.withdraw_offer(web.uow(), web.now(), current)
        web.uow().commit()
    flash(_("Het aanbod is ingetrokken. Wie nog niet koos, plan je zelf."), "info")
    return redirect(url_for(".offer"))


def _render(form: OfferForm, choosable: dict[int, Pop], current, notice: str = ""):
    if error_links(form) and not form.errors:  # a row's errors, added after validate(): the summary shows them
        form.form_errors.append(_("Kijk de tijden hieronder na."))
    return render_template(
        "personal/offer.html",
        form=form,
        choosable=choosable,
        view=slot_offers.offer_view(web.uow(), current) if current else None,
        withdraw=WithdrawForm(),
        notice=notice,
        now=web.now(),
        pop=g.current_pop,
        tz=web.runtime().config.timezone,
    )
