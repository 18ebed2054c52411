"""P2: preparation-form saves under gunicorn, 32 concurrent clients, on PostgreSQL.
P5-web: the peak RSS of one gunicorn worker during that load.

Both sides are started the same way — `popflow.webserver.serve_gunicorn` with its
production options (gthread, 4 threads, access log), only bound to 127.0.0.1 — and
loaded by the same client with requests of the same size:

- popflow: each client opens its own employee's personal link once (GET /prepare:
  session cookie and CSRF token), then POSTs the filled-in form as a draft ("Concept
  opslaan") again and again. Every save validates the link, the CSRF token and the
  form, writes the preparation row and answers 302, as in a browser.
- floor: a bare Flask app whose one route reads a form field and returns a short
  string, loaded by gunicorn in the same way.
- forms (a measurement of what the goal leaves, not a goal): a bare Flask app with
  Flask-WTF's CSRF protection and popflow's own preparation form class, which validates
  the same POST, flashes and redirects like popflow, without a database or a link.

Both servers run side by side and take turns in short phases, so that other work on
the machine weighs on both alike.

Goal: popflow ≥ 40 % of the floor's requests/s, p99 < 100 ms; one worker < 150 MB.
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
from pathlib import Path
from urllib.parse import urlencode

from bench import http_load
from bench.common import PeakRss, figure, free_port, note, temporary_pg_database, wait_http

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 32
WORKERS = 2  # `popflow web`'s default; threads (4) come from serve_gunicorn itself
TIMING = {"full": (3.0, 4, 5.0), "small": (1.0, 2, 1.5)}  # first warm-up, phases per side, seconds each
CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


def floor_app():
    from flask import Flask, request

    app = Flask("floor")

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
            (claim.pop_id, claim.person_id, json.dumps(answers)))

    app = Flask("forms")
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], WTF_I18N_ENABLED=False)
    CSRFProtect(app)
    form_class = _preparation_form_class(questions, "employee", "nl")

    @app.route("/p/<token>/prepare", methods=["GET", "POST"])
    def prepare(token):
        if request.method == "GET":
            return render_template_string('<input name="csrf_token" value="{{ t }}">', t=generate_csrf())
        form = form_class()
        if not form.validate():
            return f"invalid {sorted(form.errors)}", 422
        if write:
            upsert(token, {q.id: {"text": form[f"answer_{q.id}"].data, "share": form[f"share_{q.id}"].data}
                           for q in questions})
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
    if kind in ("floor", "forms", "least"):
        webserver._Gunicorn.load = lambda self: (floor_app() if kind == "floor" else forms_app(write=kind == "least"))
    webserver.serve_gunicorn(Config.from_env(), port, workers)


def seed(database_url: str, secret: str, clients: int) -> list[str]:
    """A round with one POP per client (its own employee and manager); their link tokens."""
    from datetime import datetime, timezone

    from shared.db import make_engine, make_session_factory
    from shared.models import Person, Pop, Round
    from shared.tokens import make_link_token

    engine = make_engine(database_url)
    tokens = []
    with make_session_factory(engine)() as session:
        round_ = Round(name="Bench", launched_at=datetime.now(timezone.utc))
        session.add(round_)
        pops = []
        for i in range(clients):
            manager = Person(name=f"Manager {i}", email=f"m{i}@bench.example", department="Bench")
            employee = Person(name=f"Medewerker {i}", email=f"e{i}@bench.example", department="Bench",
                              manager=manager)
            pop = Pop(round=round_, employee=employee, manager=manager, state="announcement")
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


def floor_setup(host: str, token: str):
    async def setup(conn: http_load.Connection) -> bytes:
        # The same bytes as popflow's POST (a cookie of similar length included).
        return http_load.request_bytes("POST", f"/p/{token}/prepare", host,
                                       body=form_body(secrets.token_urlsafe(66)), cookie="session=" + "x" * 90)
    return setup


class Server:
    """One gunicorn (popflow or floor) in its own process group, on a free port."""

    def __init__(self, kind: str, env: dict) -> None:
        self.kind, self.env = kind, env
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server never blocks

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.p2_intake", "serve", self.kind, str(self.port), str(WORKERS)],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True)
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
        setup = floor_setup if self.kind == "floor" else popflow_setup
        return http_load.run("127.0.0.1", self.port, [setup(self.host, t) for t in tokens],
                             expected=200 if self.kind == "floor" else 302,
                             warmup=warmup, seconds=seconds, on_measure_start=on_start)


def _merge(results: list[http_load.LoadResult]) -> http_load.LoadResult:
    unexpected: dict[int, int] = {}
    for r in results:
        for status, n in r.unexpected.items():
            unexpected[status] = unexpected.get(status, 0) + n
    return http_load.LoadResult(sum(r.requests for r in results), sum(r.seconds for r in results),
                                [ms for r in results for ms in r.latencies_ms], unexpected,
                                max(r.client_cpu_share for r in results))


def _report(kind: str, result: http_load.LoadResult, server: Server, extra: str = "") -> None:
    note(f"P2 {kind}: {result.requests} requests in {result.seconds:.0f} s = {result.rps:.0f}/s, "
         f"p50 {result.percentile(50):.1f} ms, p99 {result.percentile(99):.1f} ms{extra}, "
         f"client used at most {result.client_cpu_share:.0%} of a core")
    if result.unexpected:
        note(f"P2 {kind}: unexpected statuses {result.unexpected}; server said:\n{server.errors()}")


def run(scale: str) -> list[dict]:
    warmup, rounds, seconds = TIMING[scale]
    secret = secrets.token_hex(32)
    with temporary_pg_database("p2") as url:
        tokens = seed(url, secret, CLIENTS)
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secret, "BROKER_URL": "embedded",
               "PYTHONPATH": str(ROOT)}
        with Server("floor", env) as floor_server, Server("forms", env) as forms_server, \
                Server("least", env) as least_server, Server("popflow", env) as app_server:
            memory = PeakRss(app_server.process.pid)
            floors, formses, leasts, apps = [], [], [], []
            # Alternate short phases, so load from elsewhere on the machine hits all alike.
            for n in range(rounds):
                first = warmup if n == 0 else 0.5
                floors.append(floor_server.load(tokens, first, seconds))
                formses.append(forms_server.load(tokens, first, seconds))
                leasts.append(least_server.load(tokens, first, seconds))
                apps.append(app_server.load(tokens, first, seconds, on_start=memory.start if n == 0 else None))
            memory.stop()
            floor, forms, least, app = _merge(floors), _merge(formses), _merge(leasts), _merge(apps)
            worker_mb = max((mb for pid, mb in memory.peak_by_pid.items() if pid != app_server.process.pid),
                            default=0.0)
            _report("floor", floor, floor_server)
            for kind, result, server in (("forms without database", forms, forms_server),
                                         ("forms and one upsert", least, least_server)):
                _report(kind, result, server, f", {result.rps / floor.rps if floor.rps else 0:.2f} of the floor")
            _report("popflow", app, app_server, f", one worker at most {worker_mb:.0f} MB")
    ok = not app.unexpected and not floor.unexpected  # forms is a measurement beside the goal
    ratio = app.rps / floor.rps if floor.rps else 0.0
    p99 = app.percentile(99)
    return [
        figure("P2", app.rps, "req/s", ">= 0.40 x floor", ok and ratio >= 0.40, floor=floor.rps, ratio=ratio),
        figure("P2-p99", p99, "ms", "< 100 ms", ok and p99 < 100),
        figure("P5-web", worker_mb, "MB", "< 150 MB", 0 < worker_mb < 150),
    ]


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("usage: python -m bench.p2_intake serve popflow|floor|forms PORT WORKERS")
