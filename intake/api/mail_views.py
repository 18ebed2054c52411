"""Failed mails: GET /api/v1/mails/failed, and sending one or all again (POST …/resend)."""

from __future__ import annotations

from flask import g

from intake import failed_mails, web
from intake.api import replies
from intake.api.common import bp, checked_id, reply, token_required
from intake.api.openapi import NOT_FOUND, documented, path_id


@bp.get("/mails/failed")
@documented(
    "listFailedMails",
    "The mails popflow gave up on (newest 500), with why; `total` counts them all.",
    tag="mails",
    responses={200: (replies.FailedMails, "The failed mails.")},
)
@token_required
def failed_mail_list():
    work = web.uow()
    return reply(
        replies.FailedMails(
            total=failed_mails.failed_count(work),
            items=[
                replies.FailedMail(
                    id=row.mail.id,
                    pop_id=row.mail.pop_id,
                    kind=row.mail.kind,
                    recipient_id=row.mail.recipient_id,
                    recipient_email=row.recipient.email if row.recipient else None,
                    attempts=row.mail.attempts,
                    error=row.mail.last_error,
                    why=failed_mails.why_text(row.mail),
                    last_attempt_at=row.mail.claimed_at,
                    created_at=row.mail.created_at,
                )
                for row in failed_mails.failed_mails(work)
            ],
        )
    )


@bp.post("/mails/<int:outbox_id>/resend")
@documented(
    "resendFailedMail",
    "Send one failed mail again; `resent` is 0 when it is not (or no longer) failed.",
    tag="mails",
    parameters=(path_id("outbox_id", "mail"),),
    responses={200: (replies.Resent, "Whether it was sent again."), 404: NOT_FOUND},
)
@token_required
def resend_failed_mail(outbox_id: int):
    return _resend([checked_id(outbox_id)])


@bp.post("/mails/failed/resend")
@documented(
    "resendFailedMails",
    "Send every failed mail again (fix the cause first); each is noted in its POP's timeline.",
    tag="mails",
    responses={200: (replies.Resent, "How many were sent again.")},
)
@token_required
def resend_failed_mails():
    return _resend(None)


def _resend(outbox_ids: list[int] | None):
    work = web.uow()
    done = failed_mails.resend(work, web.now(), g.actor, outbox_ids)
    work.commit()  # the deliver messages leave after this
    # refused: dropped, not resent, because the recipient is no longer in the POP
    return reply(replies.Resent(resent=done.resent, refused=done.refused))
