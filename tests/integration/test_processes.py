"""The production shape: web (gunicorn), two workers on their own queues and one tick,
as separate processes on PostgreSQL + RabbitMQ, driven from the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from popflow.mailsink import start_sink
from tests.conftest import RABBIT_URL, RUN_ID, _cleanup_rabbitmq, _empty_pg, _require
from tests.integration.test_cli_beside_run import CSV, free_port
from tests.mails import all_mail


def test_web_workers_and_tick_as_separate_processes(pg_database, tmp_path):
    _require(RABBIT_URL, "RabbitMQ")
    _empty_pg(pg_database)
    controller, sink = start_sink(tmp_path / "mail")
    port, prefix = free_port(), f"{RUN_ID}p_"
    env = {
        **os.environ,
        "DATABASE_URL": pg_database,
        "BROKER_URL": RABBIT_URL,
        "QUEUE_PREFIX": prefix,
        "SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
        "SECRET_KEY": "a-test-secret-of-at-least-32-chars",
        "TICK_SECONDS": "1",
        "BASE_URL": f"http://127.0.0.1:{port}",
    }
    cli = [sys.executable, "-m", "popflow.cli"]
    logs = open(tmp_path / "processes.log", "w")
    processes = [
        subprocess.Popen(cli + args, env=env, stdout=logs, stderr=subprocess.STDOUT)
        for args in (
            ["worker", "--queues", "workflow", "--threads", "2"],
            ["worker", "--queues", "notify", "--threads", "2"],
            ["tick"],
            ["web", "--port", str(port), "--workers", "1"],
        )
    ]
    try:
        people = tmp_path / "people.csv"
        people.write_text(CSV, encoding="utf-8")
        assert subprocess.run(cli + ["people", "import", str(people)], env=env, timeout=60).returncode == 0
        scheduled = subprocess.run(
            cli + ["pop", "schedule", "--employee", "jan@voorbeeld.nl", "--at", "2030-01-14 10:00"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert scheduled.returncode == 0, scheduled.stderr
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(all_mail(sink.directory)) < 2:
            time.sleep(0.3)
        mails = all_mail(sink.directory)
        assert len(mails) == 2 and all(m.calendar_method_param == "REQUEST" for m in mails)
        link = mails[0].link  # served by gunicorn, on the address BASE_URL names
        assert urllib.request.urlopen(link, timeout=10).status == 200
        shown = json.loads(
            subprocess.run(
                cli + ["pop", "show", "1", "--json"], env=env, capture_output=True, text=True, timeout=60
            ).stdout
        )
        assert shown["state"] == "announcement"
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        codes = [process.wait(timeout=30) for process in processes]
        logs.close()
        controller.stop()
        _cleanup_rabbitmq(prefix)
    assert codes == [0, 0, 0, 0], (tmp_path / "processes.log").read_text()
