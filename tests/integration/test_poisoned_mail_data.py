"""Whatever a mail's row holds, delivering its group never stops: the mail is sent, dropped
or recorded as a failed attempt (with a reason, a later retry, never left 'sending'), and
the good mails beside it go out once. On SQLite and on PostgreSQL, whose transaction a
failed statement (a broken id in the data) aborts."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from notifier.deliver import SmtpConnections, deliver
from shared.models import OutboxMail, Pop
from shared.outbox import add_mail
from tests.integration.helpers import schedule, seed
from tests.mails import all_mail

KINDS = [
    "exchange",
    "invitation",
    "meeting_cancelled",
    "agreements_open",
    "due_reminder",
    "schedule_request",
    "evaluation",
    "no_such_kind",
]
KEYS = ["exchange_at", "meeting_id", "agreement_id", "round_id", "sequence", "number", "reason", "former_manager"]
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)  # JSON has neither (PostgreSQL refuses them)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)
broken_data = st.dictionaries(st.sampled_from(KEYS), values, max_size=4)
numbers = itertools.count(1)


def queue_group(system, pop_id: int, kind: str, data: dict) -> tuple[list[int], int]:
    """Two good mails around a poisoned one, committed without a message: delivered here."""
    n = next(numbers)
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        now = system.clock.now()
        first = add_mail(uow, now, pop_id=pop_id, kind="exchange", recipient_id=pop.employee_id, sequence=f"a{n}")
        poisoned = add_mail(
            uow, now, pop_id=pop_id, kind=kind, recipient_id=pop.manager_id, sequence=f"p{n}", data=data
        )
        last = add_mail(uow, now, pop_id=pop_id, kind="exchange", recipient_id=pop.manager_id, sequence=f"z{n}")
        uow.session.commit()  # not uow.commit(): no message to the worker, this test delivers
    return [first, last], poisoned


# 40 groups delivered for real, each read back from the sink: minutes when the cores are shared.
@pytest.mark.timeout(600)
@pytest.mark.backend
@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"])
def test_no_row_data_stops_its_group(system):
    seed(system)
    pop_id = schedule(system)
    connections = SmtpConnections(system.config.smtp_url)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kind=st.sampled_from(KINDS), data=broken_data)
    def check(kind, data):
        good, poisoned = queue_group(system, pop_id, kind, data)
        outcomes = deliver(system.runtime, connections, [good[0], poisoned, good[1]])
        assert len(outcomes) == 3, outcomes
        with system.runtime.uow() as uow:
            rows = {
                row.id: row
                for row in uow.session.scalars(select(OutboxMail).where(OutboxMail.id.in_([*good, poisoned])))
            }
            uow.session.expunge_all()  # plain snapshots, readable after the session ends
        assert [rows[i].status for i in good] == ["sent", "sent"]
        sent = [mail.message_id for mail in all_mail(system.sink.directory)]
        assert all(sent.count(rows[i].message_id) == 1 for i in good)
        bad = rows[poisoned]
        assert bad.status in ("sent", "dropped", "pending", "failed"), bad.status
        assert bad.attempts == 1
        if bad.status == "pending":  # a failed attempt: why, and not before its backoff
            assert bad.last_error.startswith(("render: ", "send: ")) and len(bad.last_error) <= 300
            assert bad.next_attempt_at > system.clock.now()

    try:
        check()
    finally:
        connections.close_all()


@pytest.mark.backend
@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"])
def test_a_broken_id_fails_its_own_mail_only(system):
    """A meeting id that is not a number: PostgreSQL refuses the read and aborts the
    transaction; the claim is taken again for the others and they still go out."""
    seed(system)
    pop_id = schedule(system)
    connections = SmtpConnections(system.config.smtp_url)
    try:
        good, poisoned = queue_group(system, pop_id, "invitation", {"meeting_id": "12; DROP TABLE outbox"})
        deliver(system.runtime, connections, [good[0], poisoned, good[1]])
    finally:
        connections.close_all()
    with system.runtime.uow() as uow:
        rows = {row.id: row for row in uow.session.scalars(select(OutboxMail))}
        uow.session.expunge_all()
    assert [rows[i].status for i in good] == ["sent", "sent"] and [rows[i].attempts for i in good] == [1, 1]
    assert rows[poisoned].status in ("pending", "sent") and rows[poisoned].attempts == 1
    if system.runtime.engine.dialect.name == "postgresql":
        assert rows[poisoned].status == "pending" and rows[poisoned].last_error.startswith("render: DataError")
