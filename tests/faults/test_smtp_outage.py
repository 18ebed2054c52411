"""R2: the mail server is down for two minutes in the middle of a round. Nothing is lost,
everything goes out once it is back (on the same port), and the notify worker backs off
instead of hammering it: each retry waits notifier.deliver.backoff(attempts), which
doubles, so a row tries only a handful of times however many mails are waiting."""
from __future__ import annotations

import socket
import time
from collections import Counter, defaultdict

import pytest

from notifier.deliver import backoff
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
OUTAGE_SECONDS = 120


def failures_that_fit(seconds: float) -> int:
    """How many attempts one row can make inside an outage: the first at its start, each
    next one backoff(n) later."""
    attempts, elapsed = 1, 0.0
    while elapsed + backoff(attempts).total_seconds() <= seconds:
        elapsed += backoff(attempts).total_seconds()
        attempts += 1
    return attempts


def test_a_two_minute_smtp_outage_delays_mail_with_backoff_and_loses_none(pg_database, tmp_path):
    _require(RABBIT_URL, "RabbitMQ")
    _empty_pg(pg_database)
    prefix, port = f"{RUN_ID}smtp_", free_port()
    env = fault_env(pg_database, prefix, port)
    sink = Sink(tmp_path / "mail", port, delay=0.05).start()
    db, runtime = Db(pg_database), None
    waits = defaultdict(set)  # attempts so far -> the retry delays seen (seconds)
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
            wait_until(lambda: (sink.count() >= 40, f"{sink.count()} mails at the sink"), 90, "mail flowing")

            sink.stop()
            down_at = time.monotonic()
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            time.sleep(1)  # what the server accepted just before it stopped gets recorded
            sent_before = db.statuses().get("sent", 0)
            while time.monotonic() - down_at < OUTAGE_SECONDS:
                for row in db.outbox():
                    if row.status == "pending" and row.last_error:
                        waits[row.attempts].add(round((row.next_attempt_at - row.claimed_at).total_seconds()))
                time.sleep(1)
            sent_while_down = db.statuses().get("sent", 0) - sent_before
            sink.start()  # back on the same port
            back_at = time.monotonic()

            wait_until(lambda: db.settled(EMPLOYEES), 150, "every mail sent after the SMTP server came back")
            recovered = time.monotonic() - back_at
        rows = db.outbox()
        check_every_row_received(rows, received(sink.directory))
        assert sent_before < len(rows) / 2, "the outage began after most of the round was out"
        assert sent_while_down == 0, f"{sent_while_down} mails counted as sent while the server was down"

        # Backoff: the n-th failure waits backoff(n), and the waits grow.
        for attempts, seen in waits.items():
            expected = backoff(attempts).total_seconds()
            assert all(abs(s - expected) <= 2 for s in seen), f"after {attempts} attempts waited {seen}, not {expected}"
        assert sorted(waits)[:3] == [1, 2, 3], f"fewer retries than an outage of {OUTAGE_SECONDS} s allows: {waits}"
        grows = [max(waits[n]) for n in sorted(waits)]
        assert grows == sorted(grows) and len(set(grows)) == len(grows), f"retry waits do not grow: {grows}"
        bound = failures_that_fit(OUTAGE_SECONDS + 10) + 1  # the failures that fit, then the success
        attempts = Counter(r.attempts for r in rows)
        assert max(attempts) <= bound, f"a mail was tried more often than backoff allows ({bound}): {attempts}"
        seen = {n: sorted(s) for n, s in sorted(waits.items())}
        print(f"\nR2: {len(rows)} mails, {sent_before} out before the outage; retry waits seen {seen} s; "
              f"attempts per row {dict(sorted(attempts.items()))} (bound {bound}); "
              f"all sent {recovered:.0f} s after the server returned")
    finally:
        tear_down(runtime, sink, db, prefix)
