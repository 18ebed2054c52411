"""Graceful shutdown: a worker told to stop (SIGTERM, as `docker compose stop` does) while
it is sending finishes the mails in its hands, hands the rest back to RabbitMQ and exits
within the compose file's grace period; a new worker sends the rest, with no tick running,
each mail exactly once. A round of 100 POPs is enough: the relay's slowness keeps mails in
flight, and the stop comes while much of the round is still to send."""

from __future__ import annotations

import pytest

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

EMPLOYEES = 100
GRACE_SECONDS = 30  # docker-compose.yml: stop_grace_period of the workers


def test_a_worker_stopped_with_sigterm_finishes_its_mails_and_the_next_one_sends_the_rest(pg_database, tmp_path):
    _require(RABBIT_URL, "RabbitMQ")
    _empty_pg(pg_database)
    prefix, port = f"{RUN_ID}term_", free_port()
    env = fault_env(pg_database, prefix, port)
    sink = Sink(tmp_path / "mail", port, delay=0.2).start()  # a relay that takes its time: mails in flight
    db, runtime = Db(pg_database), None
    try:
        with Fleet(env, tmp_path) as fleet:  # no tick: recovery must not depend on it
            runtime = publishing_runtime(env)
            seed_round(runtime, employees=EMPLOYEES, managers=3)
            worker = fleet.start("worker", "worker", "--threads", "4")
            schedule_all(runtime)
            runtime.close()  # an idle publisher would only miss its heartbeats
            runtime = None
            wait_until(
                lambda: (sink.count() >= 40, f"{sink.count()} mails at the sink"), 90, "mail flowing", interval=0.05
            )

            def claimed():
                ids = set(db.sending())
                return bool(ids), ids

            in_flight = wait_until(claimed, 30, "a mail in the worker's hands", interval=0.02)
            code, seconds = worker.terminate(grace=GRACE_SECONDS)
            assert code == 0, f"the worker did not exit cleanly within {GRACE_SECONDS} s (code {code})"
            left_sending = set(db.sending())
            assert not left_sending, f"the stopped worker abandoned mails mid-send: {sorted(left_sending)}"
            finished = {row.id: row.status for row in db.outbox() if row.id in in_flight}
            assert set(finished.values()) == {"sent"}, f"the mails it was sending did not finish: {finished}"
            sent_before = db.statuses()["sent"]
            assert sent_before < 2 * EMPLOYEES, "the round was over before the worker was stopped"

            fleet.start("worker", "worker", "--threads", "4")
            wait_until(lambda: db.settled(EMPLOYEES), 120, "every POP announced and every mail sent, without a tick")
        rows = db.outbox()
        counts = check_every_row_received(rows, received(sink.directory))
        duplicated = {mid: n for mid, n in counts.items() if n > 1}
        assert not duplicated, f"a graceful stop must not send a mail twice: {duplicated}"
        print(
            f"\nSIGTERM: {len(in_flight)} mails in flight, worker exited in {seconds:.1f} s, "
            f"{sent_before} of {len(rows)} sent before, all sent once after the restart"
        )
    finally:
        tear_down(runtime, sink, db, prefix)
