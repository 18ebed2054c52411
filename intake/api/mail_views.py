"""Failed mails: GET /api/v1/mails/failed, and sending one or all again (POST …/resend)."""
from __future__ import annotations

from flask import g, jsonify

from intake import failed_mails, web
from intake.api.common import bp, checked_id, token_required


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


@bp.get("/mails/failed")
@token_required
def failed_mail_list():
    work = web.uow()
    return jsonify({"total": failed_mails.failed_count(work), "items": [
        {"id": row.mail.id, "pop_id": row.mail.pop_id, "kind": row.mail.kind, "recipient_id": row.mail.recipient_id,
         "recipient_email": row.recipient.email if row.recipient else None, "attempts": row.mail.attempts,
         "error": row.mail.last_error, "why": failed_mails.why_text(row.mail),
         "last_attempt_at": _iso(row.mail.claimed_at), "created_at": _iso(row.mail.created_at)}
        for row in failed_mails.failed_mails(work)]})


@bp.post("/mails/<int:outbox_id>/resend")
@token_required
def resend_failed_mail(outbox_id: int):
    return _resend([checked_id(outbox_id)])


@bp.post("/mails/failed/resend")
@token_required
def resend_failed_mails():
    return _resend(None)


def _resend(outbox_ids: list[int] | None):
    work = web.uow()
    done = failed_mails.resend(work, web.now(), g.actor, outbox_ids)
    work.commit()  # the deliver messages leave after this
    # refused: dropped, not resent, because the recipient is no longer in the POP
    return jsonify({"resent": done.resent, "refused": done.refused})
