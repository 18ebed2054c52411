"""The owner replaces their calendar feed's URL (one they shared by mistake, or a calendar
program they left): the old URL stops working at once, the personal links stay.

A route on the personal blueprint (views.py resolves the link).
"""

from __future__ import annotations

from flask import flash, g, redirect, url_for
from sqlalchemy import update

from intake import web
from intake.i18n import _
from intake.personal.forms import NewFeedForm
from intake.personal.views import bp
from shared.models import Person


@bp.post("/feed/new")
def new_feed():
    if not NewFeedForm().validate_on_submit():
        flash(_("Het formulier was verlopen of onvolledig. Ga terug en probeer het opnieuw."), "error")
        return redirect(url_for(".overview", feed="nieuw") + "#agenda-abonnement")
    work = web.uow()
    # In the database, not on the loaded row: two clicks at once both replace the URL.
    work.session.execute(update(Person).where(Person.id == g.person.id).values(feed_epoch=Person.feed_epoch + 1))
    work.commit()
    flash(_("Je hebt een nieuwe abonnementslink. De oude werkt niet meer: zet de nieuwe in je agenda."), "info")
    return redirect(url_for(".overview", feed="nieuw") + "#agenda-abonnement")
