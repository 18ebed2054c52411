"""What an operator watches: /healthz, /readyz, /metrics, the workers' metrics port, JSON
logs that name the POP, and a friendly 503 on every page while the database is away."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from datetime import timedelta

import pytest
from flask import request
from sqlalchemy import event
from werkzeug.routing import IntegerConverter

from intake.app import create_app
from popflow.mailsink import start_sink
from shared.config import Config
from shared.log_context import JsonFormatter, attach, bind_pop, configure_logging, end_scope, new_scope
from shared.runtime import build_runtime
from shared.tokens import make_feed_token, make_link_token
from tests.conftest import RABBIT_URL, RUN_ID, _cleanup_rabbitmq, _empty_pg, _require
from tests.integration.helpers import EMPLOYEE, MEETING_UTC, agree_and_sign, schedule, seed
from tests.integration.test_cli_beside_run import CSV, free_port
from tests.mails import all_mail, mail_to


def _figures(text: str) -> dict[str, float]:
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line and not line.startswith("#")
    }


def test_health_readiness_and_figures_from_the_database(sqlite_system):
    seed(sqlite_system)
    client = sqlite_system.app().test_client()
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.get_data(as_text=True) == "ok\n"
    assert "Set-Cookie" not in alive.headers  # no session for a probe
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json() == {"ready": True, "database": "ok", "broker": "ok"}

    schedule(sqlite_system)
    statements = []

    def count(_conn, _cursor, statement, *_rest):
        statements.append(statement)

    event.listen(sqlite_system.runtime.engine, "before_cursor_execute", count)
    scraped = client.get("/metrics")
    event.remove(sqlite_system.runtime.engine, "before_cursor_execute", count)
    assert scraped.status_code == 200 and scraped.content_type.startswith("text/plain")
    assert "Set-Cookie" not in scraped.headers
    figures = _figures(scraped.get_data(as_text=True))
    assert figures['popflow_pops{state="announcement"}'] == 1
    assert figures['popflow_pops{state="action"}'] == 0  # every state, also the empty ones
    assert figures['popflow_transitions_total{to="announcement"}'] == 1
    assert figures["popflow_emails_sent_total"] == 2  # the invitation to both
    assert figures['popflow_outbox_mails{status="sent"}'] == 2
    assert figures['popflow_outbox_mails{status="failed"}'] == 0
    assert figures["popflow_database_up"] == 1
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3  # one GROUP BY each

    # The counters only grow: after the meeting and the signing, more transitions and mails.
    sqlite_system.clock.set(MEETING_UTC + timedelta(hours=2))
    sqlite_system.tick()
    sqlite_system.settle()
    agree_and_sign(sqlite_system, "Cursus Python")
    later = _figures(client.get("/metrics").get_data(as_text=True))
    assert later['popflow_transitions_total{to="action"}'] == 1
    assert later['popflow_transitions_total{to="announcement"}'] == 1
    assert later["popflow_emails_sent_total"] > figures["popflow_emails_sent_total"]
    assert later['popflow_pops{state="action"}'] == 1 and later['popflow_pops{state="announcement"}'] == 0


def _nobody_listens() -> str:
    return f"127.0.0.1:{free_port()}"


def test_readyz_names_what_is_not_ready(tmp_path):
    dead_db = f"postgresql://popflow@{_nobody_listens()}/popflow"
    for broker, db in (
        (f"amqp://guest:guest@{_nobody_listens()}/", dead_db),
        (f"redis://{_nobody_listens()}/0", f"sqlite:///{tmp_path / 'ok.db'}"),
    ):
        runtime = build_runtime(Config(database_url=db, broker_url=broker, secret_key="s"))
        try:
            answer = create_app(runtime).test_client().get("/readyz")
        finally:
            runtime.close()
        assert answer.status_code == 503 and answer.headers["Retry-After"]
        body = answer.get_json()
        assert body["ready"] is False and body["broker"].startswith("unreachable (")
        assert body["database"] == ("ok" if db.startswith("sqlite") else "unreachable (OperationalError)")


def _fill(rule) -> str:
    values = {
        name: 1 if isinstance(converter, IntegerConverter) else "x" for name, converter in rule._converters.items()
    }
    return rule.build(values, append_unknown=False)[1]


def test_every_page_answers_a_friendly_503_while_the_database_is_away():
    """A PostgreSQL nobody answers for (refused at once, as while it restarts): every page that
    needs the database says so with Retry-After, in the reader's language; none gives a 500."""
    secret = "s"
    runtime = build_runtime(Config(database_url=f"postgresql://popflow@{_nobody_listens()}/popflow", secret_key=secret))
    app = create_app(runtime)  # not testing: an unhandled error would be the 500 page
    app.config["WTF_CSRF_ENABLED"] = False
    link, feed = make_link_token(secret, 1, 1, 0), make_feed_token(secret, 1, 0)
    seen: dict[str, int] = {}
    try:
        for rule in app.url_map.iter_rules():
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                path = _fill(rule).replace("/p/x", f"/p/{link}").replace("/feed/x.ics", f"/feed/{feed}.ics")
                client = app.test_client()
                with client.session_transaction() as session:
                    session["hr_user_id"] = 1
                answer = client.open(
                    path,
                    method=method,
                    data={"email": "hr@voorbeeld.nl", "password": "x"},
                    headers={"Authorization": "Bearer some-token"},
                )
                seen[f"{method} {rule.endpoint}"] = answer.status_code
                assert answer.status_code != 500, (method, path)
                if answer.status_code == 503 and rule.endpoint != "health.readyz":
                    # 60, or on a rate-limited page (the HR login) Flask-Limiter's seconds until
                    # its window resets, which is 59 once a second has passed.
                    assert 0 < int(answer.headers["Retry-After"]) <= 60, path
                    text = answer.get_data(as_text=True)
                    if rule.endpoint.startswith("api."):
                        assert answer.get_json()["error"] == "unavailable"
                    else:
                        assert "popflow is even niet bereikbaar" in text and "Traceback" not in text, path
                        assert ("niet opgeslagen" in text) == (method == "POST"), path
    finally:
        runtime.close()
    needs_database = {name for name in seen if name.split(" ")[1].split(".")[0] in ("personal", "hr", "api", "feed")}
    needs_database -= {"GET hr.login", "POST hr.logout", "GET api.openapi"}
    assert {name: seen[name] for name in needs_database if seen[name] != 503} == {}
    assert seen["GET health.healthz"] == 200 and seen["GET health.metrics"] == 200

    client = app.test_client()
    english = client.get(f"/p/{link}", headers={"Accept-Language": "en-US,en;q=0.8"})
    assert english.status_code == 503 and "popflow can&#39;t be reached just now" in english.get_data(as_text=True)
    assert "Even niet bereikbaar" in client.get(f"/p/{link}", headers={"Accept-Language": "de, nl;q=0.5"}).text
    api = client.get("/api/v1/pops", headers={"Authorization": "Bearer t", "Accept-Language": "en"})
    assert api.get_json()["message"] == "popflow can't be reached just now — please try again in a minute."


def test_log_lines_name_the_pop_of_a_personal_page(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    home = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    lines = io.StringIO()
    handler = attach(logging.StreamHandler(lines), "json")
    logger = logging.getLogger("popflow.test")
    logger.addHandler(handler)
    app = sqlite_system.app()

    @app.after_request
    def say(response):  # a line logged while the page is served, as a view's would be
        logger.warning("served %s", request.endpoint)
        return response

    try:
        client = app.test_client()
        assert client.get(home).status_code == 200
        assert client.get("/hr/login").status_code == 200
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in lines.getvalue().splitlines())
    assert first["pop_id"] == 1 and first["message"] == "served personal.overview" and first["level"] == "WARNING"
    assert second["pop_id"] is None  # the next request on this thread starts without a POP


def test_text_and_json_lines():
    text, data = io.StringIO(), io.StringIO()
    record = logging.LogRecord("popflow.x", logging.ERROR, __file__, 1, "mail %s failed", (7,), None)
    outer = new_scope()  # this thread may have delivered a mail in an earlier test (its POP is bound)
    scope = new_scope()
    bind_pop(12)
    attach(logging.StreamHandler(text), "text").handle(record)
    end_scope(scope)
    try:
        raise RuntimeError("smtp away")
    except RuntimeError:
        failed = logging.LogRecord("popflow.x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    attach(logging.StreamHandler(data), "json").handle(failed)
    assert " ERROR popflow.x pop=12: mail 7 failed" in text.getvalue()
    entry = json.loads(data.getvalue())
    end_scope(outer)
    assert entry["pop_id"] is None and "RuntimeError: smtp away" in entry["exception"]
    assert isinstance(JsonFormatter().format(record), str)
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        Config.from_env({"LOG_FORMAT": "xml"})
    configure_logging("json")  # pytest's capture owns the root logger: left alone
    assert not any(getattr(h, "_popflow", False) for h in logging.getLogger().handlers)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_processes_log_json_and_serve_metrics(pg_database, tmp_path):
    """`popflow web` and `popflow -v worker --metrics-port` with LOG_FORMAT=json on PostgreSQL + RabbitMQ."""
    _require(RABBIT_URL, "RabbitMQ")
    _empty_pg(pg_database)
    controller, sink = start_sink(tmp_path / "mail")
    web_port, metrics_port, prefix = free_port(), free_port(), f"{RUN_ID}o_"
    env = {
        **os.environ,
        "DATABASE_URL": pg_database,
        "BROKER_URL": RABBIT_URL,
        "QUEUE_PREFIX": prefix,
        "SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
        "SECRET_KEY": "a-test-secret-of-at-least-32-chars",
        "LOG_FORMAT": "json",
        "BASE_URL": f"http://127.0.0.1:{web_port}",
        "PYTHONUNBUFFERED": "1",
    }
    cli = [sys.executable, "-m", "popflow.cli"]
    started, files = {}, ExitStack()
    for name, args in (
        ("worker", ["-v", "worker", "--metrics-port", str(metrics_port)]),
        ("web", ["web", "--port", str(web_port), "--workers", "1"]),
    ):
        started[name] = subprocess.Popen(
            cli + args,
            env=env,
            stdout=files.enter_context(open(tmp_path / f"{name}.out", "w")),
            stderr=files.enter_context(open(tmp_path / f"{name}.err", "w")),
        )
    try:
        people = tmp_path / "people.csv"
        people.write_text(CSV, encoding="utf-8")
        assert subprocess.run(cli + ["people", "import", str(people)], env=env, timeout=60).returncode == 0
        assert (
            subprocess.run(
                cli + ["pop", "schedule", "--employee", "jan@voorbeeld.nl", "--at", "2030-01-14 10:00"],
                env=env,
                capture_output=True,
                timeout=60,
            ).returncode
            == 0
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            len(all_mail(sink.directory)) < 2 or _get(f"http://127.0.0.1:{web_port}/healthz")[0] != 200
        ):
            time.sleep(0.3)
        assert len(all_mail(sink.directory)) == 2
        status, worker_figures = _get(f"http://127.0.0.1:{metrics_port}/metrics")
        assert status == 200
        figures = _figures(worker_figures)
        assert figures['popflow_actor_duration_seconds_count{actor="workflow.handle_event",outcome="ok"}'] >= 1
        # The two invitations of one transition travel in one message.
        assert figures['popflow_actor_duration_seconds_count{actor="notify.deliver",outcome="ok"}'] == 1
        assert _get(f"http://127.0.0.1:{web_port}/readyz") == (200, '{"broker":"ok","database":"ok","ready":true}\n')
        web_figures = _figures(_get(f"http://127.0.0.1:{web_port}/metrics")[1])
        assert web_figures["popflow_emails_sent_total"] == 2
    finally:
        for process in started.values():
            process.send_signal(signal.SIGTERM)
        codes = {name: process.wait(timeout=30) for name, process in started.items()}
        files.close()
        controller.stop()
        _cleanup_rabbitmq(prefix)
    assert codes == {"worker": 0, "web": 0}
    logs = {
        name: [json.loads(line) for line in (tmp_path / f"{name}.err").read_text().splitlines()] for name in started
    }  # every line one JSON object
    done = [line for line in logs["worker"] if line["message"].startswith("workflow.handle_event ok in")]
    assert done and done[0]["pop_id"] == 1 and done[0]["logger"] == "popflow.worker"
    assert {"time", "level", "logger", "message", "pop_id"} <= set(done[0])
    mailed = [line for line in logs["worker"] if line["message"].startswith("notify.deliver ok in")]
    assert [line["pop_id"] for line in mailed] == [1]  # both invitations of POP 1, one message
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in logs["web"])
