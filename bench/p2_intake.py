"""P2: preparation-form saves under gunicorn, 32 concurrent clients, on PostgreSQL.
P5-web: the peak RSS of one gunicorn worker during that load.

Both sides are started the same way — `popflow.webserver.serve_gunicorn` with its
production options (gthread, 4 threads, access log), only bound to 127.0.0.1 — and
loaded by the same client with requests of the same size:

- popflow: each client opens its own employee's personal link once (GET /prepare:
  session cookie and CSRF token), then POSTs the filled-in form as a draft ("Concept
  opslaan") again and again. Every save validates the link, the CSRF token and the
  form, writes the preparation row and answers 302, as in a browser.
- floor: the same stack's least save — a Flask app with Flask-WTF's CSRF protection and
  popflow's own preparation form class, which validates the same POST, flashes and
  redirects like popflow, and writes the answers with one autocommitted upsert through
  psycopg (no link check, no lock, no version check). What popflow adds to that is what
  the goal weighs.
- for context (not goals): the same without the upsert ("forms without database"), and a
  bare Flask app whose one route reads a form field ("bare Flask").

The servers run side by side and take turns in short phases, so that other work on the
machine weighs on all alike.

Goal: popflow ≥ 0.7 of the floor's requests/s, its p99 ≤ 2 × the floor's p99; one worker
< 150 MB.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
from datetime import UTC
from pathlib import Path
from urllib.parse import urlencode

from bench import http_load
from bench.common import PeakRss, figure, free_port, note, temporary_pg_database, wait_http

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 32
WORKERS = 2  # `popflow web`'s default; threads (4) come from serve_gunicorn itself
TIMING = {"full": (3.0, 4, 5.0), "small": (1.0, 2, 1.5)}  # first warm-up, phases per side, seconds each
CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


def bare_app():
    from flask import Flask, request

    app = Flask("bare")

    @app.post("/p/<token>/prepare")
    def save(token):
        return f"ok {len(request.form.get('csrf_token', ''))}"

    return app


def forms_app(write: bool = False):
    """The web half of a save: session, CSRF, the 47-field form, flash, redirect; no SQL.
    write: and the least a save can do in the database, one autocommitted upsert of the
    answers through psycopg (no link check, no lock, no version check)."""
    import json
    import threading

    import psycopg
    from flask import Flask, flash, redirect, render_template_string, request
    from flask_wtf.csrf import CSRFProtect, generate_csrf

    from intake.personal.forms import _preparation_form_class
    from shared.questions import load_question_set
    from shared.tokens import read_link_token

    questions = load_question_set("v1").for_role("employee")
    connections = threading.local()

    def upsert(token: str, answers: dict) -> None:
        if not hasattr(connections, "db"):
            connections.db = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        claim = read_link_token(os.environ["SECRET_KEY"], token, 86400)
        connections.db.execute(
            "INSERT INTO preparations (pop_id, role, author_id, question_set, answers, updated_at, version)"
            " VALUES (%s, 'employee', %s, 'v1', %s, now(), 1) ON CONFLICT (pop_id, role, author_id) DO UPDATE"
            " SET answers = excluded.answers, updated_at = now(), version = preparations.version + 1",
            (claim.pop_id, claim.person_id, json.dumps(answers)),
        )

    app = Flask("forms")
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], WTF_I18N_ENABLED=False)
    CSRFProtect(app)
    form_class = _preparation_form_class(questions, "employee", "nl", True)

    @app.route("/p/<token>/prepare", methods=["GET", "POST"])
    def prepare(token):
        if request.method == "GET":
            return render_template_string('<input name="csrf_token" value="{{ t }}">', t=generate_csrf())
        form = form_class()
        if not form.validate():
            return f"invalid {sorted(form.errors)}", 422
        if write:
            upsert(
                token,
                {q.id: {"text": form[f"answer_{q.id}"].data, "share": form[f"share_{q.id}"].data} for q in questions},
            )
        flash("Je concept is opgeslagen.", "info")
        return redirect(f"/p/{token}/prepare")

    @app.get("/")
    def ready():  # what Server waits for
        return "ok"

    return app


def serve(kind: str, port: int, workers: int) -> None:
    """In the server process: production options from serve_gunicorn, loopback bind."""
    from popflow import webserver
    from shared.config import Config

    load_config = webserver._Gunicorn.load_config

    def loopback_config(self):
        load_config(self)
        self.cfg.set("bind", [f"127.0.0.1:{port}"])

    webserver._Gunicorn.load_config = loopback_config
    if kind in ("bare", "forms", "least"):
        webserver._Gunicorn.load = lambda self: bare_app() if kind == "bare" else forms_app(write=kind == "least")
    webserver.serve_gunicorn(Config.from_env(), port, workers)


def seed(database_url: str, secret: str, clients: int) -> list[str]:
    """A round with one POP per client (its own employee and manager); their link tokens."""
    from datetime import datetime

    from shared.db import make_engine, make_session_factory
    from shared.models import Person, Pop, Round
    from shared.tokens import make_link_token

    engine = make_engine(database_url)
    tokens = []
    with make_session_factory(engine)() as session:
        round_ = Round(name="Bench", question_set="v1", launched_at=datetime.now(UTC))  # the set form_body fills
        session.add(round_)
        pops = []
        for i in range(clients):
            manager = Person(name=f"Manager {i}", email=f"m{i}@bench.example", department="Bench")
            employee = Person(name=f"Medewerker {i}", email=f"e{i}@bench.example", department="Bench", manager=manager)
            pop = Pop(round=round_, employee=employee, manager=manager, state="announcement", question_set="v1")
            session.add_all([manager, employee, pop])
            pops.append(pop)
        session.commit()
        tokens = [make_link_token(secret, pop.employee_id, pop.id, 0) for pop in pops]
    engine.dispose()
    return tokens


def form_body(csrf: str) -> bytes:
    """A realistic draft: every employee question answered, half shared."""
    from shared.questions import load_question_set

    fields = {"csrf_token": csrf, "version": "", "save": "Concept opslaan"}
    for n, q in enumerate(load_question_set("v1").for_role("employee")):
        fields[f"answer_{q.id}"] = f"Antwoord op {q.id}: " + "ik wil groeien in mijn vak. " * 4
        if n % 2 == 0:
            fields[f"share_{q.id}"] = "y"
    return urlencode(fields).encode()


def popflow_setup(host: str, token: str):
    async def setup(conn: http_load.Connection) -> bytes:
        page = await conn.exchange(http_load.request_bytes("GET", f"/p/{token}/prepare", host))
        assert page.status == 200, f"GET prepare answered {page.status}"
        match = CSRF.search(page.body)
        assert match, "no csrf_token on the preparation page"
        # Keep the first session cookie: answers only add a flash message to it.
        cookie = "; ".join(c.split(";", 1)[0] for c in page.set_cookies)
        csrf = html.unescape(match.group(1).decode())
        return http_load.request_bytes("POST", f"/p/{token}/prepare", host, body=form_body(csrf), cookie=cookie)

    return setup


def bare_setup(host: str, token: str):
    async def setup(conn: http_load.Connection) -> bytes:
        # The same bytes as popflow's POST (a cookie of similar length included).
        return http_load.request_bytes(
            "POST", f"/p/{token}/prepare", host, body=form_body(secrets.token_urlsafe(66)), cookie="session=" + "x" * 90
        )

    return setup


class Server:
    """One gunicorn (popflow, bare, forms or least) in its own process group, on a free port."""

    def __init__(self, kind: str, env: dict) -> None:
        self.kind, self.env = kind, env
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server never blocks

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.p2_intake", "serve", self.kind, str(self.port), str(WORKERS)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        try:
            wait_http(f"http://{self.host}/", timeout=60)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def errors(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def load(self, tokens: list[str], warmup: float, seconds: float, on_start=None) -> http_load.LoadResult:
        setup = bare_setup if self.kind == "bare" else popflow_setup
        return http_load.run(
            "127.0.0.1",
            self.port,
            [setup(self.host, t) for t in tokens],
            expected=200 if self.kind == "bare" else 302,
            warmup=warmup,
            seconds=seconds,
            on_measure_start=on_start,
        )


def _merge(results: list[http_load.LoadResult]) -> http_load.LoadResult:
    unexpected: dict[int, int] = {}
    for r in results:
        for status, n in r.unexpected.items():
            unexpected[status] = unexpected.get(status, 0) + n
    return http_load.LoadResult(
        sum(r.requests for r in results),
        sum(r.seconds for r in results),
        [ms for r in results for ms in r.latencies_ms],
        unexpected,
        max(r.client_cpu_share for r in results),
    )


def _report(kind: str, result: http_load.LoadResult, server: Server, extra: str = "") -> None:
    note(
        f"P2 {kind}: {result.requests} requests in {result.seconds:.0f} s = {result.rps:.0f}/s, "
        f"p50 {result.percentile(50):.1f} ms, p99 {result.percentile(99):.1f} ms{extra}, "
        f"client used at most {result.client_cpu_share:.0%} of a core"
    )
    if result.unexpected:
        note(f"P2 {kind}: unexpected statuses {result.unexpected}; server said:\n{server.errors()}")


def run(scale: str) -> list[dict]:
    warmup, rounds, seconds = TIMING[scale]
    secret = secrets.token_hex(32)
    with temporary_pg_database("p2") as url:
        tokens = seed(url, secret, CLIENTS)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": secret,
            "BROKER_URL": "embedded",
            "PYTHONPATH": str(ROOT),
        }
        with (
            Server("bare", env) as bare_server,
            Server("forms", env) as forms_server,
            Server("least", env) as floor_server,
            Server("popflow", env) as app_server,
        ):
            memory = PeakRss(app_server.process.pid)
            servers = {"bare": bare_server, "forms": forms_server, "floor": floor_server, "popflow": app_server}
            phases: dict[str, list[http_load.LoadResult]] = {kind: [] for kind in servers}
            # Alternate short phases, so load from elsewhere on the machine hits all alike.
            for n in range(rounds):
                first = warmup if n == 0 else 0.5
                for kind, server in servers.items():
                    start = memory.start if kind == "popflow" and n == 0 else None
                    phases[kind].append(server.load(tokens, first, seconds, on_start=start))
            memory.stop()
            bare, forms, floor, app = (_merge(phases[kind]) for kind in servers)
            worker_mb = max(
                (mb for pid, mb in memory.peak_by_pid.items() if pid != app_server.process.pid), default=0.0
            )
            _report("bare Flask (context)", bare, bare_server)
            _report("forms without database (context)", forms, forms_server)
            _report("floor: forms and one upsert", floor, floor_server)
            _report(
                "popflow",
                app,
                app_server,
                f", {app.rps / floor.rps if floor.rps else 0:.2f} of the floor"
                f" ({app.rps / bare.rps if bare.rps else 0:.2f} of bare Flask), one worker at most {worker_mb:.0f} MB",
            )
    ok = not app.unexpected and not floor.unexpected  # bare and forms are context beside the goal
    ratio = app.rps / floor.rps if floor.rps else 0.0
    p99, floor_p99 = app.percentile(99), floor.percentile(99)
    p99_ratio = p99 / floor_p99 if floor_p99 else 0.0
    return [
        figure(
            "P2",
            app.rps,
            "req/s",
            ">= 0.70 x floor (forms and one upsert)",
            ok and ratio >= 0.70,
            floor=floor.rps,
            ratio=ratio,
        ),
        figure(
            "P2-p99", p99, "ms", "<= 2 x the floor's p99", ok and 0 < p99_ratio <= 2.0, floor=floor_p99, ratio=p99_ratio
        ),
        figure("P5-web", worker_mb, "MB", "< 150 MB", 0 < worker_mb < 150),
    ]


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("usage: python -m bench.p2_intake serve popflow|least|forms|bare PORT WORKERS")
