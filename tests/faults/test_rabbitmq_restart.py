"""R3: RabbitMQ stops and comes back in the middle of a round, while managers are still
scheduling. Publishers whose message did not get through leave the row for the tick;
workers and tick reconnect by themselves; every POP is announced and every mail sent.

This test stops the machine's RabbitMQ for everyone (rabbitmqctl stop_app); the finally
block always starts it again and waits until it accepts AMQP, for the tests after it.
"""

from __future__ import annotations

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

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

pytestmark = [pytest.mark.faults, pytest.mark.restarts_services]

EMPLOYEES = 300
DOWN_SECONDS = 10


def rabbit_accepts() -> bool:
    """An AMQP handshake succeeds (an open port alone is not enough while the app boots)."""
    import pika

    try:
        params = pika.URLParameters(RABBIT_URL)
        params.socket_timeout = params.blocked_connection_timeout = 2
        pika.BlockingConnection(params).close()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not yet"
        return False


def rabbitmqctl(*args: str) -> None:
    done = subprocess.run(["rabbitmqctl", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"rabbitmqctl {' '.join(args)}: {done.stdout}{done.stderr}"


def _bring_rabbitmq_back() -> None:
    """start_app; if the node itself is gone, start the server. Then wait for AMQP."""
    if rabbit_accepts():
        return
    started = subprocess.run(["rabbitmqctl", "start_app"], capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        subprocess.run(["rabbitmq-server", "-detached"], capture_output=True, timeout=60)
    wait_until(lambda: (rabbit_accepts(), "no AMQP handshake on 5672"), 90, "RabbitMQ back", interval=1)


def test_a_rabbitmq_restart_mid_round_loses_nothing(pg_database, tmp_path, caplog):
    _require(RABBIT_URL, "RabbitMQ")
    _empty_pg(pg_database)
    prefix, port = f"{RUN_ID}rmq_", free_port()
    env = fault_env(pg_database, prefix, port)
    sink = Sink(tmp_path / "mail", port, delay=0.05).start()
    db, runtime = Db(pg_database), None
    try:
        with Fleet(env, tmp_path) as fleet, ThreadPoolExecutor(1) as pool:
            runtime = publishing_runtime(env)
            seed_round(runtime, employees=EMPLOYEES, managers=10)
            fleet.start("tick", "tick")
            fleet.start("workflow", "worker", "--queues", "workflow", "--threads", "2")
            fleet.start("notify", "worker", "--queues", "notify", "--threads", "4")
            # Managers keep scheduling (one batch of 20 a second) through the outage.
            scheduling = pool.submit(schedule_all, runtime, 20, 1.0)
            wait_until(lambda: (sink.count() >= 60, f"{sink.count()} mails at the sink"), 90, "mail flowing")

            rabbitmqctl("stop_app")
            try:
                down_at_sink = sink.count()
                time.sleep(DOWN_SECONDS)
            finally:
                _bring_rabbitmq_back()
            assert scheduling.result(timeout=120) == EMPLOYEES
            runtime.close()
            runtime = None
            wait_until(lambda: db.settled(EMPLOYEES), 150, "every POP announced and every mail sent after the restart")
            alive = {name: proc.alive for name, proc in fleet.procs.items()}
            assert all(alive.values()), f"a process died with RabbitMQ instead of reconnecting: {alive}"
            noticed = {name: proc.log_tail(10**7).count("connection error") for name, proc in fleet.procs.items()}
            assert noticed["workflow"] and noticed["notify"], f"the workers never lost RabbitMQ: {noticed}"
            lost = {
                "test (scheduling)": sum("could not publish" in r.getMessage() for r in caplog.records),
                **{name: proc.log_tail(10**7).count("could not publish") for name, proc in fleet.procs.items()},
            }
        rows = db.outbox()
        counts = check_every_row_received(rows, received(sink.directory))
        assert db.pop_states() == {"announcement": EMPLOYEES}
        assert down_at_sink < len(rows) / 2, "RabbitMQ stopped after most of the round was out"
        duplicates = {mid: n for mid, n in counts.items() if n > 1}
        print(
            f"\nR3: {len(rows)} mails, {down_at_sink} out when RabbitMQ stopped for {DOWN_SECONDS} s; "
            f"all sent after; publishes that failed (left to the tick) {lost}; duplicates {duplicates or 'none'}"
        )
    finally:
        _bring_rabbitmq_back()
        tear_down(runtime, sink, db, prefix)
