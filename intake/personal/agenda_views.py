"""The agenda page (004 step 1): both sides' points, priority and time, follow-up of earlier agreements.

Routes on the personal blueprint (views.py resolves the link).
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Length, NumberRange, Optional

from intake import agenda_commands, web
from intake.agenda_commands import PointInput
from intake.commands import Conflict, InputError, carried_over
from intake.forms_common import RowList, error_links, no_control_characters
from intake.i18n import IN_RANGE, N_, LocalisedMeta, _, error_message
from intake.personal.views import bp
from shared.agenda import ordered, planned_minutes, points_hash, time_advice
from shared.models import Person
from shared.pop_states import BEFORE_MEETING

PRIORITY_CHOICES = [SelectChoice("1", N_("Hoog")), SelectChoice("2", N_("Normaal")), SelectChoice("3", N_("Laag"))]
# 004 step 2: what a development conversation often covers.
SUGGESTED_TOPICS = (
    N_("Hoe tevreden je bent met je werk"),
    N_("Hoeveel werk je aankunt"),
    N_("Wat je erbij hebt geleerd en wat je nu meer aankunt"),
    N_("Waar je goed in bent en wat je nog wilt leren"),
    N_("Wat er in je leven verandert"),
    N_("Een andere functie bij ons"),
    N_("Werk buiten onze organisatie"),
)


class PointForm(Form):
    Meta = LocalisedMeta

    text = TextAreaField(N_("Agendapunt"), validators=[Optional(), Length(max=1000), no_control_characters])
    priority = SelectField(N_("Prioriteit"), choices=PRIORITY_CHOICES, default="2", validate_choice=True)
    minutes = IntegerField(
        N_("Minuten (schatting)"), validators=[Optional(), NumberRange(min=1, max=480, message=IN_RANGE)]
    )
    remove = BooleanField(N_("Dit punt verwijderen"))

    def is_blank(self) -> bool:
        return not (self.text.data or "").strip() and self.minutes.data is None


class AgendaForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    loaded_hash = HiddenField()
    points = RowList(FormField(PointForm), N_("Punt"), min_entries=1, max_entries=20)
    joint = SelectMultipleField(
        N_("Ook mijn punt"),
        coerce=int,
        validate_choice=True,
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    save = SubmitField(N_("Agenda opslaan"))
    add = SubmitField(N_("Nog een punt"))


@bp.route("/agenda", methods=["GET", "POST"])
def agenda():
    pop = g.current_pop
    points = agenda_commands.agenda_of(web.uow(), pop)
    mine, theirs, _former = agenda_commands.split_agenda(points, pop, g.person.id)
    editable = pop.state in BEFORE_MEETING
    if request.method == "GET" or not editable:
        return _render(_loaded_form(mine, theirs), points, theirs, editable)
    form = AgendaForm()
    form.joint.choices = [(p.id, p.text) for p in theirs]
    if form.add.data:
        form.points.append_entry()
        return _render(form, points, theirs, editable)
    kept = _checked_points(form)
    if error_links(form):  # not form.errors: a FieldList keeps the errors of its own validation only
        return _render(form, points, theirs, editable), 422
    return _save(form, kept, theirs, editable)


def _loaded_form(mine, theirs) -> AgendaForm:
    rows = [{"text": p.text, "priority": str(p.priority), "minutes": p.minutes} for p in mine]
    return AgendaForm(
        formdata=None,
        loaded_hash=points_hash(mine),
        data={"points": rows or [{}], "joint": [p.id for p in theirs if p.joint]},
    )


def _checked_points(form: AgendaForm) -> list:
    """The rows to keep, validated; then the rule WTForms cannot express, so that every error shows at once."""
    form.validate()
    kept = [e for e in form.points if not e.remove.data and not e.form.is_blank()]
    for entry in kept:
        if not (entry.text.data or "").strip():
            entry.text.errors = [*entry.text.errors, _("Beschrijf het agendapunt, of laat de minuten leeg.")]
    return kept


def _save(form: AgendaForm, kept: list, theirs, editable: bool):
    pop, work = g.current_pop, web.uow()
    items = [PointInput(text=e.text.data.strip(), priority=int(e.priority.data), minutes=e.minutes.data) for e in kept]
    try:
        agenda_commands.save_agenda(
            work, web.now(), pop, g.person, items, set(form.joint.data or []), form.loaded_hash.data or None
        )
    except InputError as exc:
        work.rollback()
        flash(error_message(exc.code), "error")
        if isinstance(exc, Conflict):  # keep what they typed; the next save knows the newest version
            form.loaded_hash.data = points_hash(
                agenda_commands.split_agenda(agenda_commands.agenda_of(work, pop), pop, g.person.id)[0]
            )
        return _render(form, agenda_commands.agenda_of(work, pop), theirs, editable), 409
    work.commit()
    flash(_("De agenda is opgeslagen; {name} ziet hem ook.", name=_other_person().name), "info")
    return redirect(url_for(".agenda"))


def _other_person():
    pop = g.current_pop
    return pop.manager if g.role == "employee" else pop.employee


def _authors(points) -> dict[int, tuple[str, bool]]:
    """author id -> (name, whether they are no longer in the POP): each point says whose it is."""
    pop, work = g.current_pop, web.uow()
    ids = {p.author_id for p in points} - {pop.employee_id, pop.manager_id}
    names = {pop.employee_id: (pop.employee.name, False), pop.manager_id: (pop.manager.name, False)}
    if ids:  # a former manager's points stay, under her name (only the manager can change)
        names.update(
            (person.id, (person.name, True))
            for person in work.session.scalars(select(Person).where(Person.id.in_(ids)))
        )
    return names


def _render(form, points, theirs, editable):
    form.joint.choices = [(p.id, p.text) for p in theirs]
    available = agenda_commands.conversation_minutes(web.uow(), g.current_pop)
    return render_template(
        "personal/agenda.html",
        form=form,
        pop=g.current_pop,
        role=g.role,
        editable=editable,
        agenda=ordered(points),
        theirs=theirs,
        other=_other_person(),
        available=available,
        authors=_authors(points),
        planned=planned_minutes(points),
        too_long=time_advice(points, available) == "too_long",
        carried=carried_over(web.uow(), g.current_pop),
        topics=SUGGESTED_TOPICS,
        priorities={int(c.value): c.label for c in PRIORITY_CHOICES},
    )
