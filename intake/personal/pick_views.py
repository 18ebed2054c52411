"""The report picks one of the times their manager offered, from their own link.

First come, first served (intake/slot_offers.pick_slot): whoever loses the race is told
so on the same page, with the times still free. One pick per POP: once planned, a new
time is the manager's to set (as for any planned conversation).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from intake import slot_offers, web
from intake.commands import InputError
from intake.i18n import LocalisedMeta, _, error_message
from intake.personal.views import bp
from shared.localtime import format_when
from shared.models import Pop


class PickForm(FlaskForm):  # the CSRF token; the chosen time is the button pressed
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


@bp.route("/pick", methods=["GET", "POST"])
def pick():
    if g.role != "employee":
        abort(404)
    if request.method == "GET":
        return _render()
    if not PickForm().validate():
        abort(400)
    text = request.form.get("slot", "")
    slot_id = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0
    work, pop = web.uow(), g.current_pop
    try:
        slot = slot_offers.pick_slot(work, web.now(), pop, slot_id, f"person:{g.person.id}")
    except InputError as exc:
        work.rollback()
        return _render(error_message(exc.code, **exc.details)), 409
    when = format_when(slot.starts_at, g.lang, g.person.timezone or web.runtime().config.timezone)
    work.commit()
    flash(_("Je hebt {when} gekozen. De uitnodiging voor je agenda komt zo per e-mail.", when=when), "info")
    return redirect(url_for(".pick"))


def _render(message: str = ""):
    work, now = web.uow(), web.now()
    pop = work.session.get(Pop, g.current_pop.id)  # as it is now (after a rollback, too)
    if pop is None:
        abort(404)
    picked = slot_offers.picked_slot(work, pop)
    planned = picked is None and (pop.state != "planning" or slot_offers.has_conversation(work, pop))
    offer = None if picked or planned else slot_offers.offer_of(work, pop)
    return render_template(
        "personal/pick.html",
        form=PickForm(),
        pop=pop,
        manager=pop.manager,
        picked=picked,
        planned=planned,
        offer=offer,
        slots=slot_offers.free_slots(work, offer, now) if offer else [],
        message=message,
        tz=g.person.timezone or web.runtime().config.timezone,
    )
