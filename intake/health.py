"""For the machines that watch popflow: liveness, readiness and Prometheus figures.

- /healthz: the process answers (touches nothing; a container restarts when it fails).
- /readyz: the database answers `SELECT 1` and the broker accepts connections (a load
  balancer sends no traffic while it fails; restarting would not help).
- /metrics: the figures of shared/metrics.py, read from the database. Without login, so
  keep it off the public internet (docker-compose publishes only the web port; block
  /metrics at the proxy in front).

None of them reads or sets the session cookie.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from intake import web
from shared.config import Config

bp = Blueprint("health", __name__)

TIMEOUT = 2.0  # seconds per check: a probe must answer before the prober gives up


@bp.get("/healthz")
def healthz():
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
def readyz():
    runtime = web.runtime()
    checks = {"database": _database(runtime.engine), "broker": broker_problem(runtime.config)}
    ready = all(problem is None for problem in checks.values())
    body = {name: problem or "ok" for name, problem in checks.items()}
    response = jsonify({"ready": ready, **body})
    response.status_code = 200 if ready else 503
    if not ready:
        response.headers["Retry-After"] = "10"
    return response


@bp.get("/metrics")
def metrics():
    registry = current_app.extensions.get("popflow_metrics")
    if registry is None:  # one per app: its collector holds this app's engine
        from shared.metrics import database_registry

        registry = current_app.extensions["popflow_metrics"] = database_registry(web.runtime().engine)
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _database(engine) -> str | None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not ready", said by name
        return f"unreachable ({error.__class__.__name__})"
    return None


def broker_problem(config: Config) -> str | None:
    """None when the broker answers; else what is wrong. The embedded broker is in-process."""
    url = config.broker_url
    if url == "embedded":
        return None
    started = time.monotonic()
    try:
        if url.startswith("redis"):
            _redis_ping(url)
        else:
            _amqp_hello(url)
    except Exception as error:  # noqa: BLE001
        return f"unreachable ({error.__class__.__name__} after {time.monotonic() - started:.1f}s)"
    return None


def _amqp_hello(url: str) -> None:
    """A TCP connection to the broker's listener, closed at once: RabbitMQ logs nothing for
    it (sending the AMQP header and hanging up would log a warning every probe)."""
    parts = urlsplit(url)
    port = parts.port or (5671 if parts.scheme == "amqps" else 5672)
    socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=TIMEOUT).close()


def _redis_ping(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()
