"""A mail queued for the manager before a manager change reaches nobody outside the POP:
not by a retry, not by HR's "opnieuw versturen" (review of issue 17, finding 1)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from intake.failed_mails import resend
from shared.models import OutboxMail, Person
from shared.outbox import DELIVER
from tests.integration.helpers import (
    EMPLOYEE,
    MANAGER,
    NEW_MANAGER,
    hr_client,
    import_with_jan_under,
    pass_the_exchange,
    schedule,
    seed,
)
from tests.mails import mail_to

pytestmark = pytest.mark.backend

SECRET = "JAN-GEDEELD-GEHEIM"


def _exchange_for_marieke(system) -> int:
    """Jan shares a point; the exchange for Marieke fails (her mailbox was full that day)."""
    seed(system)
    import_with_jan_under(system, MANAGER)
    pop_id = schedule(system)
    jan = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    client = system.app().test_client()
    assert (
        client.post(
            jan + "/prepare", data={"answer_strengths": SECRET, "share_strengths": "y", "submit": "1"}
        ).status_code
        == 302
    )
    pass_the_exchange(system, pop_id)
    with system.runtime.uow() as uow:
        marieke = uow.session.scalar(select(Person.id).where(Person.email == MANAGER))
        exchange = uow.session.scalar(
            select(OutboxMail.id).where(OutboxMail.kind == "exchange", OutboxMail.recipient_id == marieke)
        )
        uow.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == exchange)
            .values(status="failed", last_error="552 mailbox full", attempts=0)
        )
        uow.commit()
    return exchange


def _secret_mails(system) -> int:
    return sum(SECRET in mail.text for mail in mail_to(system.sink.directory, MANAGER))


def _row(system, outbox_id: int) -> OutboxMail:
    with system.runtime.uow() as uow:
        row = uow.session.get(OutboxMail, outbox_id)
        uow.session.expunge(row)
        return row


def test_hr_resend_after_a_manager_change_does_not_reach_the_former_manager(system):
    exchange = _exchange_for_marieke(system)
    before = _secret_mails(system)
    import_with_jan_under(system, NEW_MANAGER)
    with system.runtime.uow() as uow:
        done = resend(uow, system.clock.now(), "hr:1")
        uow.commit()
    system.settle()
    assert (done.resent, done.refused) == (0, 1)
    assert _secret_mails(system) == before
    row = _row(system, exchange)
    assert (row.status, row.last_error) == ("dropped", "recipient no longer in this POP")


def test_hr_sees_why_a_mail_was_not_sent_again(system):
    exchange = _exchange_for_marieke(system)
    import_with_jan_under(system, NEW_MANAGER)
    hr = hr_client(system.app())
    page = hr.post(f"/hr/mails/{exchange}/resend", data={"back": "/hr/mails/failed"}, follow_redirects=True)
    assert "niet meer bij het POP hoort" in page.get_data(as_text=True)
    assert _row(system, exchange).status == "dropped"


def test_a_pending_mail_to_the_former_manager_is_dropped_when_its_turn_comes(system):
    exchange = _exchange_for_marieke(system)
    before = _secret_mails(system)
    import_with_jan_under(system, NEW_MANAGER)
    with system.runtime.uow() as uow:  # still pending (the mail server was down): its next try
        uow.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == exchange)
            .values(status="pending", next_attempt_at=system.clock.now())
        )
        uow.publish_grouped(DELIVER, exchange)
        uow.commit()
    system.settle()
    assert _secret_mails(system) == before
    row = _row(system, exchange)
    assert (row.status, row.last_error) == ("dropped", "recipient no longer in this POP")


def test_the_former_manager_still_gets_the_cancel_without_a_link(system):
    _exchange_for_marieke(system)
    import_with_jan_under(system, NEW_MANAGER)
    cancels = [m for m in mail_to(system.sink.directory, MANAGER) if m.subject.startswith("Geannuleerd")]
    assert cancels, "the moved meeting leaves her calendar"
    assert all("/p/" not in m.text for m in cancels)
