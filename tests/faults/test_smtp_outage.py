"""R2: the mail server goes away in the middle of a round and comes back on the same port.
Nothing is lost, everything goes out once it is back, nothing counts as sent while it is
away, and the notify worker backs off instead of hammering it: the n-th failed attempt of
a mail waits exactly notifier.attempts.backoff(n), which doubles, and no retry comes
before that wait is over, so a mail is tried only as often as the doubling waits fit into
the outage, however many mails are waiting.

The outage is short because the waits are: with MAIL_RETRY_SECONDS=2 here (30 by default)
a mail fails at 0, 2 and 6 s of the OUTAGE_SECONDS and goes out at 14 s, as with the
default it fails at 0, 30 and 90 s of a two-minute outage and goes out at 210 s."""

from __future__ import annotations

import socket
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime

import pytest

from notifier.attempts import backoff
from tests.conftest import RABBIT_URL, RUN_ID, _empty_pg, _require
from tests.faults.helpers import (
    Db,
    Fleet,
    Sink,
    check_every_row_received,
    fault_env,
    publishing_runtime,
    received,
    schedule_all,
    seed_round,
    tear_down,
    wait_until,
)
from tests.integration.test_cli_beside_run import free_port

pytestmark = pytest.mark.faults

EMPLOYEES = 150
RETRY_SECONDS = 2  # MAIL_RETRY_SECONDS: the first wait, doubling after each failure
OUTAGE_SECONDS = 12  # the third failure (at 6 s) comes well inside it, even on a busy machine


def wait_after(attempts: int):
    return backoff(attempts, RETRY_SECONDS)


def failures_that_fit(seconds: float) -> int:
    """How many attempts one row can make inside an outage: the first at its start, each
    next one backoff(n) later."""
    attempts, elapsed = 1, 0.0
    while elapsed + wait_after(attempts).total_seconds() <= seconds:
        elapsed += wait_after(attempts).total_seconds()
        attempts += 1
    return attempts


class Retries:
    """What the outbox shows of each failed attempt, read again and again from outside.

    A failed attempt publishes its retry at the moment it fails (published_at) for
    next_attempt_at; while that is still ahead nothing else touches the row (the tick only
    republishes what is due), so the two are the failure and the wait it was given. A later
    claim (claimed_at, with attempts one higher) is when the retry really came."""

    def __init__(self) -> None:
        self.waits = defaultdict(set)  # attempts so far -> the waits given (timedelta)
        self.failed_at: dict[tuple[int, int], datetime] = {}  # (row, attempts) -> when it failed
        self.early: list[str] = []  # retries that came before their wait was over

    def look(self, db: Db) -> None:
        now = datetime.now(UTC)
        for row in db.outbox():
            if row.status == "pending" and row.last_error and row.next_attempt_at > now:
                self.waits[row.attempts].add(row.next_attempt_at - row.published_at)
                self.failed_at[(row.id, row.attempts)] = row.published_at
            self.check_retry(row)

    def check_retry(self, row) -> None:
        failed = self.failed_at.get((row.id, row.attempts - 1))
        if failed is not None and row.claimed_at and row.claimed_at < failed + wait_after(row.attempts - 1):
            self.early.append(
                f"row {row.id}: attempt {row.attempts} at {row.claimed_at - failed} "
                f"after the failure, not after {wait_after(row.attempts - 1)}"
            )


def test_an_smtp_outage_delays_mail_with_backoff_and_loses_none(pg_database, tmp_path):
    _require(RABBIT_URL, "RabbitMQ")
    _empty_pg(pg_database)
    prefix, port = f"{RUN_ID}smtp_", free_port()
    env = fault_env(pg_database, prefix, port, MAIL_RETRY_SECONDS=str(RETRY_SECONDS))
    sink = Sink(tmp_path / "mail", port, delay=0.05).start()
    db, runtime, retries = Db(pg_database), None, Retries()
    try:
        with Fleet(env, tmp_path) as fleet:
            runtime = publishing_runtime(env)
            seed_round(runtime, employees=EMPLOYEES, managers=3)
            fleet.start("tick", "tick")
            fleet.start("workflow", "worker", "--queues", "workflow", "--threads", "2")
            fleet.start("notify", "worker", "--queues", "notify", "--threads", "4")
            schedule_all(runtime)
            runtime.close()
            runtime = None
            wait_until(
                lambda: (sink.count() >= 40, f"{sink.count()} mails at the sink"), 90, "mail flowing", interval=0.05
            )

            sink.stop()
            down_at, stopped_at = time.monotonic(), datetime.now(UTC)
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()

            def recorded():  # what the server accepted just before it stopped
                under_way = sorted(i for i, claimed in db.sending().items() if claimed < stopped_at)
                return not under_way, f"claimed before the stop and still sending: {under_way}"

            wait_until(recorded, 30, "the attempts under way at the stop recorded", interval=0.1)
            sent_before = db.statuses().get("sent", 0)
            while time.monotonic() - down_at < OUTAGE_SECONDS:
                retries.look(db)
                time.sleep(0.25)
            sent_while_down = db.statuses().get("sent", 0) - sent_before
            sink.start()  # back on the same port
            back_at = time.monotonic()

            wait_until(lambda: db.settled(EMPLOYEES), 120, "every mail sent after the SMTP server came back")
            recovered = time.monotonic() - back_at
        rows = db.outbox()
        check_every_row_received(rows, received(sink.directory))
        assert sent_before < len(rows) / 2, "the outage began after most of the round was out"
        assert sent_while_down == 0, f"{sent_while_down} mails counted as sent while the server was down"

        # Backoff: the n-th failure is given exactly backoff(n), the waits double, and no
        # retry (the last one, the success, included) came before its wait was over.
        waits = retries.waits
        for attempts, seen in waits.items():
            expected = wait_after(attempts)
            assert seen == {expected}, f"after {attempts} attempts given {seen}, not {expected}"
        assert sorted(waits)[:3] == [1, 2, 3], f"fewer retries than an outage of {OUTAGE_SECONDS} s allows: {waits}"
        for row in rows:
            retries.check_retry(row)
        assert not retries.early, f"retries before their wait was over: {retries.early[:10]}"
        # The failures that fit into the outage as it really lasted, then the success.
        bound = failures_that_fit(back_at - down_at) + 1
        attempts = Counter(r.attempts for r in rows)
        assert max(attempts) <= bound, f"a mail was tried more often than backoff allows ({bound}): {attempts}"
        seen = {n: [w.total_seconds() for w in s] for n, s in sorted(waits.items())}
        print(
            f"\nR2: {len(rows)} mails, {sent_before} out before the {back_at - down_at:.0f} s outage; retry waits "
            f"given {seen} s; attempts per row {dict(sorted(attempts.items()))} (bound {bound}); "
            f"all sent {recovered:.0f} s after the server returned"
        )
    finally:
        tear_down(runtime, sink, db, prefix)
