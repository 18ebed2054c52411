"""R1: a worker killed outright (SIGKILL to its process group, as the OOM killer or a
lost host would) again and again during a round loses nothing.

What a kill can cost is a duplicate: a mail the SMTP server accepted whose 'sent' the
worker never recorded is sent again once its claim times out, under the same
Message-ID (mail programs fold it). A thread claims the mails of one transaction as a
group (up to GROUP_SIZE), but records each answer as it comes, so only the one mail it
is sending can be hit: a kill costs at most `threads` duplicates, and the rest of the
groups it held are sent once, after their claim times out. The test checks exactly
that, kill by kill.

The round is as large as four kills need to land in the middle of it, each with mail in
the worker's hands (a kill of an idle worker would prove nothing): managers keep
scheduling while the worker dies, as on a busy morning.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from shared.db import GROUP_SIZE
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

EMPLOYEES, MANAGERS, THREADS = 400, 4, 4
KILL_AT = (100, 250, 400, 550)  # mails at the sink (of 804) when the worker dies
# What a kill leaves 'sending' goes out once its claim is stale and the tick has published
# it again. The sink answers at once, so a live thread sends its group of GROUP_SIZE in
# about a second: a claim of 12 s still outlives every live worker's, and the last kill's
# mails go out within CLAIM_TIMEOUT + REPUBLISH_AFTER + a tick, not half a minute.
CLAIM_TIMEOUT_SECONDS, REPUBLISH_AFTER_SECONDS = 12, 4


@dataclass
class Kill:
    at_sink: int
    in_hands: set[int]  # outbox rows this worker had claimed and not recorded
    unhandled_events: int


def _kill_holding_mail(worker, db, born: datetime, tries: int = 10) -> tuple[set[int], datetime]:
    """Kill the worker while it holds mail: the rows it had claimed and not recorded, and when
    the worker that died was started. On a busy machine the scheduling can fall behind the
    sending, and a group can be recorded in the moment between looking and killing; a kill
    that found nothing in hands proves nothing, so it is done again (a fresh worker)."""

    def holding(born: datetime) -> tuple[bool, object]:
        if any(claimed >= born for claimed in db.sending().values()):
            return True, None  # and at once to the kill: nothing read in between
        return False, db.statuses()

    for _ in range(tries):
        wait_until(lambda born=born: holding(born), 120, "mail in the worker's hands", interval=0.01)
        worker.kill_group()
        # Rows left 'sending' by an earlier kill are not this worker's; claimed_at tells.
        in_hands = {i for i, claimed in db.sending().items() if claimed >= born}
        if in_hands:
            return in_hands, born
        worker.start()
        born = datetime.now(UTC)
    raise AssertionError(f"in {tries} kills the worker never held mail")


def test_killing_the_worker_during_a_round_loses_no_mail_and_duplicates_only_what_it_held(pg_database, tmp_path):
    _require(RABBIT_URL, "RabbitMQ")
    _empty_pg(pg_database)
    prefix, port = f"{RUN_ID}kill_", free_port()
    env = fault_env(
        pg_database,
        prefix,
        port,
        CLAIM_TIMEOUT_SECONDS=str(CLAIM_TIMEOUT_SECONDS),
        REPUBLISH_AFTER_SECONDS=str(REPUBLISH_AFTER_SECONDS),
    )
    sink = Sink(tmp_path / "mail", port).start()
    db, runtime, kills = Db(pg_database), None, []
    started = time.monotonic()
    try:
        with Fleet(env, tmp_path) as fleet, ThreadPoolExecutor(1) as pool:
            runtime = publishing_runtime(env)
            seed_round(runtime, EMPLOYEES, MANAGERS)
            fleet.start("tick", "tick")
            worker = fleet.start("worker", "worker", "--threads", str(THREADS))
            born = datetime.now(UTC)
            scheduling = pool.submit(schedule_all, runtime, 50)  # while the worker dies
            last = 0
            for number, at in enumerate(KILL_AT, 1):
                at = max(at, last + 100)  # each worker gets to send some before it dies
                wait_until(
                    lambda at=at: (sink.count() >= at, f"{sink.count()} mails at the sink; {db.statuses()}"),
                    120,
                    f"{at} mails sent before kill {number}",
                    interval=0.05,
                )
                in_hands, born = _kill_holding_mail(worker, db, born)
                last = sink.count()
                kills.append(Kill(last, in_hands, db.unhandled_events()))
                worker.start()
                born = datetime.now(UTC)
            assert scheduling.result(timeout=120) == EMPLOYEES
            runtime.close()  # an idle publisher would only miss its heartbeats
            runtime = None
            wait_until(
                lambda: db.settled(EMPLOYEES),
                120 + CLAIM_TIMEOUT_SECONDS,
                "every POP announced and every mail sent after the kills",
            )
        seconds = time.monotonic() - started
        rows = db.outbox()
        counts = check_every_row_received(rows, received(sink.directory))
        assert db.pop_states() == {"announcement": EMPLOYEES}
        invited = sorted(row.email for row in rows if row.kind == "invitation")
        expected = sorted(
            [f"e{e}@faults.test" for e in range(EMPLOYEES)] + [f"m{e % MANAGERS}@faults.test" for e in range(EMPLOYEES)]
        )
        assert invited == expected, "not exactly one invitation for each employee and their manager per POP"

        by_row = {row.message_id: row.id for row in rows}
        duplicated = {by_row[mid]: n - 1 for mid, n in counts.items() if n > 1}
        held = set().union(*(k.in_hands for k in kills))
        assert set(duplicated) <= held, f"sent twice though no killed worker held them: {set(duplicated) - held}"
        for kill in kills:
            assert kill.in_hands, f"the worker held no mail when it was killed: {kill}"
            assert len(kill.in_hands) <= THREADS * GROUP_SIZE, f"a worker of {THREADS} threads held {kill}"
            assert sum(n for row, n in duplicated.items() if row in kill.in_hands) <= THREADS, kill
        print(
            f"\nR1: {len(rows)} mails, {len(kills)} kills at {[k.at_sink for k in kills]} mails; "
            f"in the killed worker's hands {[len(k.in_hands) for k in kills]}; unhandled events then "
            f"{[k.unhandled_events for k in kills]}; duplicates {sum(duplicated.values())} "
            f"(rows {sorted(duplicated)}), each under its own Message-ID; {seconds:.0f} s"
        )
    finally:
        tear_down(runtime, sink, db, prefix)
