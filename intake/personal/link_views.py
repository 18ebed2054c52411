"""Ending one's own personal links (review of issue 17, finding 8): a link lives the plan
period, so a forwarded invitation would open the POP for a year. Its owner ends every link
handed out before (link_epoch) and gets a fresh one at their own address.

Only from a working link, never from the page that asks by address: a stranger who knows an
address must not be able to lock its owner out.
"""

from __future__ import annotations

from datetime import datetime

from flask import flash, g, redirect, render_template, url_for
from sqlalchemy import select, update

from intake import web
from intake.i18n import _
from intake.personal.forms import EndLinksForm
from intake.personal.views import bp
from shared.db import UnitOfWork
from shared.event_types import ByRole, EventKind
from shared.events import record_fact
from shared.models import Person, Pop
from shared.outbox import add_mail

LINKS_ENDED = "links_ended"  # the mail kind: the mail with the one link that works from now on


def end_own_links(uow: UnitOfWork, now: datetime, person: Person, pop: Pop, role: str) -> None:
    """Every personal link of this person stops working; one mail brings the new one."""
    # In the database, not on the loaded row: two presses at once both count.
    uow.session.execute(update(Person).where(Person.id == person.id).values(link_epoch=Person.link_epoch + 1))
    epoch = uow.session.scalar(select(Person.link_epoch).where(Person.id == person.id))
    # The mail's link is made when it is sent, with the epoch of then: this new one.
    add_mail(uow, now, pop_id=pop.id, kind=LINKS_ENDED, recipient_id=person.id, sequence=f"{person.id}-{epoch}")
    record_fact(uow, now, pop.id, EventKind.LINKS_ENDED, f"person:{person.id}", ByRole(role))


@bp.post("/links/end")
def end_links():
    if not EndLinksForm().validate_on_submit():
        flash(_("Het formulier was verlopen of onvolledig. Ga terug en probeer het opnieuw."), "error")
        return redirect(url_for(".overview") + "#mijn-links")
    work = web.uow()
    end_own_links(work, web.now(), g.person, g.current_pop, g.role)
    work.commit()
    # Not the POP page: this very link works no more.
    return render_template(
        "message.html",
        title=_("Je oude links werken niet meer"),
        text=" ".join(
            (
                _("Alle persoonlijke links die je eerder kreeg, openen geen POP meer, ook deze niet."),
                _(
                    "We hebben een nieuwe link gestuurd naar je eigen e-mailadres. "
                    "Komt er niets binnen? Kijk ook bij ongewenste e-mail, of vraag het HR."
                ),
            )
        ),
    )
