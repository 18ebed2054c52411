"""Consent to share names a person: after a manager change the employee's shared points
reach the new manager only once the employee shares them with him (review of issue 17, 7a).

A draft is shared with whomever its form names when it is saved (commands.record_preparation);
a submitted preparation can no longer be saved, so this button shares it again.
"""

from __future__ import annotations

from flask import flash, g, redirect, url_for

from intake import web
from intake.commands import preparation_of, share_points_again
from intake.i18n import _
from intake.personal.forms import ShareAgainForm
from intake.personal.views import bp, other_person
from shared.db import UnitOfWork
from shared.models import Person, Preparation


def shared_with_name(uow: UnitOfWork, prep: Preparation | None) -> str | None:
    """The name of whom the shared points went to, when that is not the other side now."""
    if prep is None or prep.shared_with_id is None or prep.shared_with_id == other_person(g.current_pop).id:
        return None
    if not any((a or {}).get("share") and (a or {}).get("text") for a in (prep.answers or {}).values()):
        return None  # nothing was shared: nothing to say
    person = uow.session.get(Person, prep.shared_with_id)
    return person.name if person is not None else None


@bp.post("/prepare/share")
def share_again():
    pop, work = g.current_pop, web.uow()
    if not ShareAgainForm().validate_on_submit():
        flash(_("Het formulier was verlopen of onvolledig. Ga terug en probeer het opnieuw."), "error")
        return redirect(url_for(".prepare"))
    prep = preparation_of(work, pop, g.role)
    if prep is None or prep.submitted_at is None:
        return redirect(url_for(".prepare"))  # a draft shares with the person its form names
    other = other_person(pop)
    share_points_again(work, web.now(), prep, g.person, other, g.role)
    work.commit()
    flash(_("{name} ziet nu de punten die je gedeeld hebt.", name=other.name), "info")
    return redirect(url_for(".prepare"))
