"""A CLI command in another process reaches a running `popflow run` within seconds."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from popflow.mailsink import start_sink
from tests.mails import all_mail

CSV = """name,email,manager_email,department,language
Marieke de Vries,marieke@voorbeeld.nl,,Zorg,nl
Jan Jansen,jan@voorbeeld.nl,marieke@voorbeeld.nl,Zorg,nl
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def popflow(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "popflow.cli", *args], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def running(tmp_path):
    controller, sink = start_sink(tmp_path / "mail")
    port = free_port()
    env = {
        **os.environ,
        "POPFLOW_VAR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/pop.db",
        "SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
        "SECRET_KEY": "a-test-secret-of-at-least-32-chars",
        "TICK_SECONDS": "2",
        "BROKER_URL": "embedded",
    }
    assert popflow(env, "db", "upgrade").returncode == 0
    log = open(tmp_path / "run.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "popflow.cli", "run", "--port", str(port), "--no-demo"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("popflow run did not start")
        yield env, sink
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        controller.stop()


def test_schedule_from_the_cli_reaches_the_running_worker_within_10_seconds(running, tmp_path):
    env, sink = running
    people = tmp_path / "people.csv"
    people.write_text(CSV, encoding="utf-8")
    imported = popflow(env, "people", "import", str(people))
    assert imported.returncode == 0, imported.stderr
    assert "2 nieuw" in imported.stdout
    again = popflow(env, "people", "import", str(people))
    assert "0 nieuw, 0 bijgewerkt, 2 ongewijzigd" in again.stdout  # idempotent

    scheduled = popflow(
        env, "pop", "schedule", "--employee", "jan@voorbeeld.nl", "--at", "2030-01-14 10:00", "--location", "Kamer 2.14"
    )
    assert scheduled.returncode == 0, scheduled.stderr
    pop_id = json.loads(scheduled.stdout)["pop"]
    started = time.monotonic()
    while time.monotonic() - started < 10:
        shown = json.loads(popflow(env, "pop", "show", str(pop_id), "--json").stdout)
        if shown["state"] == "announcement" and len(all_mail(sink.directory)) == 2:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"not announced within 10 s: {shown['state']}, {len(all_mail(sink.directory))} mails")
    time.sleep(3)  # a few more ticks: nothing may happen twice
    mails = all_mail(sink.directory)
    assert sorted(m.to for m in mails) == ["Jan Jansen <jan@voorbeeld.nl>", "Marieke de Vries <marieke@voorbeeld.nl>"]
    shown = json.loads(popflow(env, "pop", "show", str(pop_id), "--json").stdout)
    (meeting,) = shown["meetings"]
    assert meeting["sequence"] == 0 and meeting["start"] == "2030-01-14T09:00:00+00:00"
    assert [a["status"] for a in meeting["attendees"]] == ["NEEDS-ACTION", "NEEDS-ACTION"]
    assert [e["kind"] for e in shown["timeline"]] == ["meeting_scheduled", "state_changed"]
    listed = json.loads(popflow(env, "pop", "list", "--json").stdout)
    assert listed == [
        {
            "id": pop_id,
            "employee": "jan@voorbeeld.nl",
            "manager": "marieke@voorbeeld.nl",
            "state": "announcement",
            "meeting_start": "2030-01-14T09:00:00+00:00",
        }
    ]


def test_bad_cli_input_is_refused_clearly(running, tmp_path):
    env, _sink = running
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,manager_email,department,language\nPiet,piet@x.nl,baas@x.nl,,de\n", encoding="utf-8")
    result = popflow(env, "people", "import", str(bad))
    assert result.returncode == 2
    assert "rij 2, kolom manager_email: onbekende leidinggevende baas@x.nl" in result.stderr
    assert "rij 2, kolom language: taal moet nl of en zijn" in result.stderr
    result = popflow(env, "pop", "schedule", "--employee", "nobody@x.nl", "--at", "2030-01-14 10:00")
    assert result.returncode == 2 and "nobody@x.nl" in result.stderr
    result = popflow(env, "pop", "schedule", "--employee", "nobody@x.nl", "--at", "morgen")
    assert result.returncode == 2 and "--at moet eruitzien als" in result.stderr
