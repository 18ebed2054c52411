"""HR's planning reminders from a round's dashboard: a preview of the mail first (GET), then
sending it (POST), to one manager or to everyone who is behind. At most once a day each."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from intake import behind, web
from intake.commands import is_loose_round
from intake.hr.forms import LaunchForm
from intake.hr.views import bp, hr_required
from intake.i18n import _
from notifier.render import Dropped, preview_text
from shared.models import Person, Round
from shared.planning_deadline import round_deadline


def _chosen(work, rnd: Round) -> tuple[list[behind.ManagerLine], bool]:
    """The managers a reminder is for: ?manager=ID, or everyone behind; and whether it is everyone."""
    lines = behind.manager_lines(work, rnd.id)
    if request.args.get("manager"):
        manager_id = web.query_id("manager")
        return [line for line in lines if line.manager_id == manager_id], False
    today = behind.local_day(web.now(), web.runtime().config.timezone)
    deadline = round_deadline(rnd)
    return [line for line in lines if behind.is_behind(line, deadline, today)], True


@bp.route("/rounds/<int:round_id>/reminders", methods=["GET", "POST"])
@hr_required
def planning_reminders(round_id: int):
    work = web.uow()
    rnd = work.session.get(Round, round_id) or abort(404)
    if is_loose_round(rnd) or rnd.launched_at is None:
        abort(404)
    lines, everyone = _chosen(work, rnd)
    if not lines and not everyone:
        abort(404)
    form = LaunchForm()  # no fields: the CSRF token only
    config = web.runtime().config
    if request.method == "POST":
        if not form.validate():
            abort(400)
        done = behind.send_reminders(
            work, web.now(), rnd.id, [line.manager_id for line in lines], f"hr:{g.hr_user.id}", config.timezone
        )
        work.commit()
        _say(work, done)
        return redirect(url_for("hr.round_dashboard", round_id=rnd.id))
    first = behind.first_waiting(work, rnd.id, [line.manager_id for line in lines])
    preview, preview_lang = None, "nl"
    if first:
        manager_id, pop_id = next(iter(sorted(first.items())))
        shown = preview_text(work, behind.preview_mail(rnd.id, manager_id, pop_id), config)
        preview = None if isinstance(shown, Dropped) else shown
        manager = work.session.get(Person, manager_id)
        preview_lang = (manager.language if manager else "") or "nl"  # the mail is in theirs
    return render_template(
        "hr/reminders.html",
        round=rnd,
        lines=lines,
        waiting={line.manager_id for line in lines if line.manager_id in first},
        everyone=everyone,
        preview=preview,
        preview_lang=preview_lang,
        form=form,
    )


def _say(work, done: behind.Sent) -> None:
    def names(ids: list[int]) -> str:
        return ", ".join(sorted(work.session.get(Person, i).name for i in ids))

    if done.sent:
        flash(_("Herinnering verstuurd aan {names}.", names=names(done.sent)), "info")
    if done.already:
        flash(
            _("{names} kreeg vandaag al een herinnering. Morgen kun je er weer een sturen.", names=names(done.already)),
            "info",
        )
    if done.nothing:
        flash(_("{names} heeft niemand meer om te plannen; geen e-mail gestuurd.", names=names(done.nothing)), "info")
    if not (done.sent or done.already or done.nothing):
        flash(_("Niemand loopt achter; er is geen herinnering verstuurd."), "info")
