"""HR's failed mails: the list, and sending one (or all) again once the cause is fixed."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from intake import failed_mails, web
from intake.hr.forms import ResendForm
from intake.hr.views import bp, hr_required
from intake.i18n import _


@bp.context_processor
def _failed_mail_count() -> dict[str, object]:
    # A function, so that only the pages that show HR's menu count (once each).
    counted: list[int] = []

    def failed_mail_count() -> int:
        if not counted:
            counted.append(failed_mails.failed_count(web.uow()) if g.get("hr_user") else 0)
        return counted[0]

    return {"failed_mail_count": failed_mail_count, "why_text": failed_mails.why_text}


@bp.get("/mails/failed")
@hr_required
def failed_mails_page():
    work = web.uow()
    rows = failed_mails.failed_mails(work)
    return render_template(
        "hr/failed_mails.html",
        rows=rows,
        total=failed_mails.failed_count(work),
        shown=failed_mails.SHOWN,
        resend_form=ResendForm(),
    )


@bp.post("/mails/<int:outbox_id>/resend")
@hr_required
def resend_mail(outbox_id: int):
    return _resend([outbox_id])


@bp.post("/mails/failed/resend")
@hr_required
def resend_all_mails():
    return _resend(None)


def _resend(outbox_ids: list[int] | None):
    if not ResendForm().validate():
        abort(400)
    work = web.uow()
    done = failed_mails.resend(work, web.now(), f"hr:{g.hr_user.id}", outbox_ids)
    work.commit()  # the deliver messages leave after this
    if done.refused:
        flash(
            _(
                "Niet opnieuw verstuurd: {n} e-mail(s) aan iemand die niet meer bij het POP hoort "
                "(bijvoorbeeld de vorige leidinggevende). Die e-mails vervallen.",
                n=done.refused,
            ),
            "info",
        )
    if done.resent:
        flash(_("Opnieuw verstuurd: {n} e-mail(s). Ze gaan zo de deur uit.", n=done.resent), "info")
    elif not done.refused:
        flash(_("Er was niets meer opnieuw te versturen: de e-mail is al opnieuw verstuurd."), "info")
    back = request.form.get("back", "")
    # Back to the page the button was on (a POP's page or the list), never elsewhere.
    return redirect(back if back.startswith("/hr/") else url_for("hr.failed_mails_page"))
