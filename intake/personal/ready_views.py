"""Undo 'ready to share' (intake/preparation_ready.py): back to a draft before the exchange."""

from __future__ import annotations

from flask import flash, g, redirect, url_for

from intake import web
from intake.commands import InputError
from intake.i18n import _, error_message
from intake.personal.forms import ReopenForm
from intake.personal.link_query import full_link
from intake.personal.views import bp, locks_pop_on_post
from intake.preparation_ready import reopen_preparation


@bp.post("/prepare/reopen")
@locks_pop_on_post  # the link query takes the POP's lock: the state is read as it is now
def reopen():
    work = web.uow()
    if not ReopenForm().validate_on_submit():
        flash(_("Het formulier was verlopen of onvolledig. Ga terug en probeer het opnieuw."), "error")
        return redirect(url_for(".prepare"))
    pop = full_link()
    try:
        reopen_preparation(work, web.now(), pop, g.person)
    except InputError as exc:
        work.rollback()
        flash(error_message(exc.code), "error")
        return redirect(url_for(".prepare"))
    work.commit()
    flash(_("Je voorbereiding is weer een concept. Zet hem opnieuw klaar als je klaar bent."), "info")
    return redirect(url_for(".prepare"))
