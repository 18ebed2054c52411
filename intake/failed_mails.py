"""Failed mails as HR reads them, and sending them again once the cause is fixed.

A mail is 'failed' after notifier/attempts.py gave up on it (MAX_ATTEMPTS tries, or a
permanent refusal of the mail server). Its last_error keeps the machine's words ("550
5.1.1 No such user", "render: ValueError: …"); `why_text` says what they mean for HR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update

from intake.i18n import _
from shared.db import UnitOfWork
from shared.event_types import EventKind, MailHandled
from shared.events import record_fact
from shared.models import OutboxMail, Person, Pop
from shared.outbox import CRASHED, DELIVER, RENDER, SEND

# Kept on a refused row as its last_error, the words notifier/render.py drops such a mail with.
NOT_IN_POP = "recipient no longer in this POP"
SHOWN = 500  # the list shows the newest this many; "resend all" takes every one
_CODE = re.compile(r"^([45])\d\d\b")


@dataclass(frozen=True)
class FailedMail:
    mail: OutboxMail
    recipient: Person | None


def failed_mails(uow: UnitOfWork, pop_id: int | None = None) -> list[FailedMail]:
    """The failed mails, newest first; of one POP when pop_id is given."""
    query = (
        select(OutboxMail, Person)
        .outerjoin(Person, Person.id == OutboxMail.recipient_id)
        .where(OutboxMail.status == "failed")
        .order_by(OutboxMail.id.desc())
        .limit(SHOWN)
    )
    if pop_id is not None:
        query = query.where(OutboxMail.pop_id == pop_id)
    return [FailedMail(mail, person) for mail, person in uow.session.execute(query)]


def failed_count(uow: UnitOfWork) -> int:
    return uow.session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.status == "failed")) or 0


def why_text(mail: OutboxMail) -> str:
    """Why the mail did not go out, in HR's words and with what to do about it."""
    error = mail.last_error or ""
    if error.startswith(RENDER):
        return _(
            "De e-mail kon niet worden opgesteld: er klopt iets niet in de gegevens ervan. "
            "Vraag de beheerder om hulp en verstuur hem daarna opnieuw."
        )
    if error.startswith(CRASHED):
        return _(
            "popflow stopte bij elke poging om deze e-mail te versturen. "
            "Vraag de beheerder om hulp en verstuur hem daarna opnieuw."
        )
    if error.startswith(SEND) and "UnicodeEncodeError" in error:
        return _(
            "Het e-mailadres bevat tekens die de mailserver niet aanneemt. "
            "Pas het adres aan bij Personen en verstuur de e-mail opnieuw."
        )
    if error.startswith(SEND):
        return _("De e-mail kon niet worden verstuurd. Controleer het e-mailadres en verstuur hem opnieuw.")
    code = _CODE.match(error)
    if error.startswith(("530", "534", "535")):  # the server refuses popflow's login, not the mail
        return _(
            "popflow kan niet inloggen bij de mailserver. "
            "Vraag de beheerder de instellingen te controleren en verstuur de e-mail daarna opnieuw."
        )
    if code and code.group(1) == "5":
        return _(
            "De mailserver weigert deze e-mail. Klopt het e-mailadres? "
            "Pas het zo nodig aan bij Personen en verstuur de e-mail opnieuw."
        )
    if code:
        return _(
            "De mailserver nam de e-mail {n} keer niet aan. Verstuur hem opnieuw als de mailserver weer werkt.",
            n=mail.attempts,
        )
    return _(
        "De mailserver was {n} keer niet bereikbaar. Verstuur de e-mail opnieuw als de mailserver weer werkt.",
        n=mail.attempts,
    )


@dataclass(frozen=True)
class Resent:
    resent: int  # pending again
    refused: int  # dropped instead: their recipient is no longer in the POP


def resend(uow: UnitOfWork, now: datetime, actor: str, outbox_ids: list[int] | None = None) -> Resent:
    """Make failed mails (these, or all) pending again with a fresh count of attempts; each
    is noted in its POP's timeline and handed to the notify worker after commit. A mail that
    is no longer failed (sent again already, from another tab) is left alone. A mail to
    someone no longer in its POP (a former manager) is dropped instead: it would show them
    the POP as it is now."""
    refused = _refuse_outsiders(uow, now, actor, outbox_ids)
    statement = (
        update(OutboxMail)
        .where(OutboxMail.status == "failed")
        .values(
            status="pending",
            attempts=0,
            next_attempt_at=now,
            claimed_at=None,
            published_at=now if uow.publishes else None,
        )
        .returning(OutboxMail.id, OutboxMail.pop_id, OutboxMail.kind, OutboxMail.recipient_id, OutboxMail.last_error)
        .execution_options(synchronize_session=False)
    )
    if outbox_ids is not None:
        statement = statement.where(OutboxMail.id.in_(outbox_ids))
    rows = uow.session.execute(statement).all()
    for outbox_id, pop_id, kind, recipient_id, last_error in sorted(rows):
        # The reason stays on the row (last_error) until the next attempt, and here for good.
        record_fact(
            uow,
            now,
            pop_id,
            EventKind.MAIL_RESENT,
            actor,
            MailHandled(outbox_id=outbox_id, kind=kind, recipient_id=recipient_id, error=last_error),
        )
        uow.publish_grouped(DELIVER, outbox_id)
    return Resent(resent=len(rows), refused=refused)


def _refuse_outsiders(uow: UnitOfWork, now: datetime, actor: str, outbox_ids: list[int] | None) -> int:
    """Drop the failed mails whose recipient is neither the POP's employee nor its manager.
    A CANCEL is left to render_mail: one for a meeting that was in a former manager's
    calendar is still theirs to get."""
    outsiders = (
        select(OutboxMail.id)
        .join(Pop, Pop.id == OutboxMail.pop_id)
        .where(
            OutboxMail.status == "failed",
            OutboxMail.kind != "meeting_cancelled",
            ~or_(
                OutboxMail.recipient_id == Pop.employee_id,
                and_(Pop.manager_id.is_not(None), OutboxMail.recipient_id == Pop.manager_id),
            ),
        )
    )
    if outbox_ids is not None:
        outsiders = outsiders.where(OutboxMail.id.in_(outbox_ids))
    ids = list(uow.session.scalars(outsiders))
    if not ids:
        return 0
    rows = uow.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id.in_(ids), OutboxMail.status == "failed")
        .values(status="dropped", last_error=NOT_IN_POP)
        .returning(OutboxMail.id, OutboxMail.pop_id, OutboxMail.kind, OutboxMail.recipient_id)
        .execution_options(synchronize_session=False)
    ).all()
    for outbox_id, pop_id, kind, recipient_id in sorted(rows):
        record_fact(
            uow,
            now,
            pop_id,
            EventKind.MAIL_REFUSED,
            actor,
            MailHandled(outbox_id=outbox_id, kind=kind, recipient_id=recipient_id, error=NOT_IN_POP),
        )
    return len(rows)
