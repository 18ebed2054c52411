"""A fresh personal link for whoever lost theirs: from an expired link (one click), from
the link in a calendar item (one click; that link is no credential), or by e-mail address
from the page an unknown link shows.

The answer never says whether an address is known, and each person gets at most one
fresh link per RATE_WINDOW however often it is asked (the outbox's dedupe key holds
the window), so the form can neither probe addresses nor flood a mailbox.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from wtforms import EmailField, HiddenField
from wtforms.validators import Email, Length

from intake import web
from intake.commands import find_person
from intake.forms_common import filled
from intake.i18n import N_, LocalisedMeta, _
from shared.db import UnitOfWork
from shared.models import OutboxMail, Person, Pop
from shared.outbox import add_mail
from shared.pop_states import OPEN
from shared.tokens import LinkExpired, LinkInvalid, read_calendar_token, read_link_token

bp = Blueprint("links", __name__, url_prefix="/link")

RATE_WINDOW_MINUTES = 15
FRESH_LINK = "fresh_link"


def send_fresh_link(uow: UnitOfWork, now: datetime, person: Person, pop: Pop) -> bool:
    """Queue the mail with a new link to this POP; False when one went out in this window,
    to any of their POPs (a manager holding expired links to many reports' POPs included)."""
    start = now.replace(minute=now.minute - now.minute % RATE_WINDOW_MINUTES, second=0, microsecond=0)
    mine = select(Pop.id).where(or_(Pop.employee_id == person.id, Pop.manager_id == person.id))
    if (
        uow.session.scalar(
            select(OutboxMail.id)
            .where(  # by pop_id, which is indexed: the outbox is long
                OutboxMail.pop_id.in_(mine),
                OutboxMail.kind == FRESH_LINK,
                OutboxMail.recipient_id == person.id,
                OutboxMail.created_at >= start,
            )
            .limit(1)
        )
        is not None
    ):
        return False
    window = now.strftime("%Y%m%d%H") + f"{now.minute // RATE_WINDOW_MINUTES}"
    return (
        add_mail(uow, now, pop_id=pop.id, kind=FRESH_LINK, recipient_id=person.id, sequence=f"{person.id}-{window}")
        is not None
    )


def newest_pop_of(uow: UnitOfWork, person: Person) -> Pop | None:
    """The POP a fresh link opens: the newest open one they take part in, else the newest."""
    mine = select(Pop).where(or_(Pop.employee_id == person.id, Pop.manager_id == person.id))
    return uow.session.scalar(
        mine.where(Pop.state.in_(list(OPEN))).order_by(Pop.id.desc()).limit(1)
    ) or uow.session.scalar(mine.order_by(Pop.id.desc()).limit(1))


class RenewForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    token = HiddenField()


class SendForm(FlaskForm):
    """Only the button (and CSRF): the calendar link itself says for whom."""

    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass


class RequestForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    email = EmailField(N_("E-mailadres"), validators=[filled, Email(), Length(max=254)])


def _sent_page():
    return render_template(
        "message.html",
        title=_("Kijk in je mailbox"),
        text=" ".join(
            (
                _("Als dit adres bij ons bekend is, is er een nieuwe persoonlijke link naar toe gestuurd."),
                _("Komt er niets binnen? Kijk ook bij ongewenste e-mail, of vraag het HR."),
            )
        ),
    )


@bp.post("/renew")
def renew():
    """One click on the expired-link page: the token says who and which POP."""
    web.choose_language()
    form = RenewForm()
    if not form.validate_on_submit():
        abort(400)
    config, work = web.runtime().config, web.uow()
    try:
        read_link_token(config.secret_key, form.token.data or "", config.link_max_age_days * 86400, now=web.now())
        return redirect(url_for("personal.overview", token=form.token.data))  # still valid after all
    except LinkExpired as expired:
        claim = expired.claim
    except LinkInvalid:
        abort(404)
    person = work.session.get(Person, claim.person_id) if claim else None
    pop = work.session.get(Pop, claim.pop_id) if claim else None
    if (
        person is not None
        and person.active
        and pop is not None
        and person.link_epoch == claim.epoch
        and pop.role_of(person.id) is not None
    ):
        send_fresh_link(work, web.now(), person, pop)
        work.commit()
    return _sent_page()


@bp.route("/calendar/<token>", methods=["GET", "POST"])
def from_calendar(token: str):
    """The link in a calendar item or the feed. A GET (a calendar program's preview, a link
    checker) sends nothing; the button mails a fresh link to the attendee's own address,
    whoever presses it, so a copy of the item in someone else's calendar opens nothing."""
    web.choose_language()
    try:
        person_id, pop_id = read_calendar_token(web.runtime().config.secret_key, token)
    except LinkInvalid:
        return redirect(url_for(".request_link"))
    form = SendForm()
    if not form.validate_on_submit():
        return render_template("links/calendar.html", form=form)
    work = web.uow()
    person, pop = work.session.get(Person, person_id), work.session.get(Pop, pop_id)
    if person is not None and person.active and pop is not None and pop.role_of(person.id) is not None:
        send_fresh_link(work, web.now(), person, pop)
        work.commit()
    return _sent_page()


@bp.route("/request", methods=["GET", "POST"])
def request_link():
    """Ask by e-mail address, for a link that does not work at all (or no link at hand)."""
    web.choose_language()
    form = RequestForm()
    if form.validate_on_submit():
        work = web.uow()
        person = find_person(work, form.email.data)
        pop = newest_pop_of(work, person) if person is not None and person.active else None
        if pop is not None:
            send_fresh_link(work, web.now(), person, pop)
            work.commit()
        flash(_("Als dit adres bij ons bekend is, is er een nieuwe persoonlijke link naar toe gestuurd."), "info")
        return redirect(url_for(".request_link"))
    return render_template("links/request.html", form=form), (422 if form.errors else 200)
