"""Personal pages about one meeting: answer the invitation, or (the manager) move it.

Routes on the same blueprint as views.py. The answer links in the invitation e-mails
open the answer page with the answer chosen; only the button on that page records it,
because mail scanners open every link in a mail and must not answer for anyone.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from intake import scheduling, web
from intake.commands import InputError
from intake.forms_common import MeetingForm
from intake.i18n import N_, LocalisedMeta, _, error_message
from intake.personal.views import bp, movable, still_ahead
from shared.models import Meeting
from shared.rsvp import PARTSTATS, Answer, record_answer

ANSWER_LABELS = {"ACCEPTED": N_("Ja, ik kom"), "TENTATIVE": N_("Misschien"), "DECLINED": N_("Nee, ik kan niet")}


class AnswerForm(FlaskForm):
    class Meta(LocalisedMeta, FlaskForm.Meta):
        pass

    partstat = RadioField(N_("Kom je?"), validators=[InputRequired()])


def _meeting(meeting_id: int) -> Meeting:
    meeting = web.uow().session.get(Meeting, meeting_id)
    if meeting is None or meeting.pop_id != g.current_pop.id:
        abort(404)
    return meeting


@bp.route("/meetings/<int:meeting_id>/answer", methods=["GET", "POST"])
def answer(meeting_id: int):
    meeting = _meeting(meeting_id)
    mine = next((a for a in meeting.attendees if a.person_id == g.person.id), None)
    if mine is None:
        abort(404)
    form = AnswerForm()
    form.partstat.choices = [SelectChoice(value, _(label)) for value, label in ANSWER_LABELS.items()]
    if request.method == "GET":
        chosen = request.args.get("partstat", "").upper()
        form.partstat.data = chosen if chosen in PARTSTATS else None
    if not still_ahead(meeting):
        flash(error_message("meeting_not_answerable"), "error")
        return redirect(url_for(".overview"))
    if form.validate_on_submit():
        work = web.uow()
        record_answer(
            work,
            web.now(),
            Answer(
                uid=meeting.uid,
                sequence=meeting.sequence,
                attendee=g.person.email,
                partstat=form.partstat.data,
                stamp=web.now(),
                via="link",
            ),
        )
        work.commit()
        flash(_("Je antwoord is doorgegeven: {answer}.", answer=_(ANSWER_LABELS[form.partstat.data]).lower()), "info")
        return redirect(url_for(".overview"))
    return render_template("personal/answer.html", form=form, meeting=meeting, mine=mine, pop=g.current_pop), (
        422 if form.errors else 200
    )


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
def move(meeting_id: int):
    """The manager proposes another time; both get the updated invitation."""
    meeting = _meeting(meeting_id)
    if g.role != "manager":
        return redirect(url_for(".answer", meeting_id=meeting.id))
    if not movable(meeting):
        flash(error_message("meeting_not_movable"), "error")
        return redirect(url_for(".overview"))
    config = web.runtime().config
    form = MeetingForm()
    if request.method == "GET":
        local = meeting.starts_at.astimezone(ZoneInfo(config.timezone))
        form.day.data, form.time.data = local.date(), local.time().replace(tzinfo=None)
        form.minutes.data = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
        form.location.data = meeting.location
    if form.validate_on_submit():
        work = web.uow()
        try:
            scheduling.move_meeting(
                work,
                web.now(),
                g.current_pop,
                meeting,
                f"person:{g.person.id}",
                start=form.start_utc(config.timezone),
                minutes=form.minutes.data,
                location=form.location.data or "",
            )
        except InputError as exc:
            work.rollback()
            form.day.errors = [*form.day.errors, error_message(exc.code)]
        else:
            work.commit()
            flash(_("Het gesprek is verplaatst. Jullie krijgen allebei een gewijzigde uitnodiging."), "info")
            return redirect(url_for(".overview"))
    return render_template("personal/move.html", form=form, meeting=meeting, pop=g.current_pop), (
        422 if form.errors else 200
    )
