"""`popflow run` (what `make run` starts): the whole service in one process, for trying it out.

SQLite under ./var, the in-process broker, a worker and the tick in threads, and a
local SMTP sink whose mails are kept under ./var/mail and shown at /dev/mail (on port
1025, or on a free port when another demo has it). Ctrl-C stops it all.
"""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import signal
from contextlib import contextmanager
from typing import Any

import click

from shared.config import VAR_DIR, Config


def _stable_secret() -> str:
    """Links in mails keep working across restarts of the demo."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


@contextmanager
def _alone_in_var_dir():
    """Two demos started at once on one ./var: one migrates and loads the demo data, then
    the other (which finds the work done)."""
    with open(VAR_DIR / ".starting.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _bind(port: int, app):
    from werkzeug.serving import make_server

    from popflow.access_log import AccessLog

    try:
        return make_server("127.0.0.1", port, AccessLog(app), threaded=True)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise click.ClickException(f"port {port} is taken; choose another: PORT=5050 make run") from None


def _stop_on_signals() -> None:
    """Ctrl-C (and SIGTERM, as a process manager stops it) end the demo the same way,
    also when it was started with SIGINT ignored (in the background of a script)."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def run_everything(port: int, demo: bool) -> None:
    from intake.app import create_app
    from popflow.demo import DEMO_HR, load_demo
    from popflow.processes import start_embedded
    from shared.clock import OffsetClock
    from shared.migrate import upgrade

    _stop_on_signals()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    with _alone_in_var_dir():
        overrides: dict[str, Any] = {"dev_mode": True}
        if not os.environ.get("SECRET_KEY"):
            overrides["secret_key"] = _stable_secret()
        if not os.environ.get("BASE_URL"):
            overrides["base_url"] = f"http://127.0.0.1:{port}"
        config = Config.from_env(**overrides)
        upgrade(config.database_url)
        # One clock for web, worker and tick, which /dev/clock can move forward for a demo.
        embedded = start_embedded(
            config, with_sink=not os.environ.get("SMTP_URL"), clock=OffsetClock(VAR_DIR / "clock_offset_seconds")
        )
    try:
        runtime = embedded.runtime
        if demo:
            with _alone_in_var_dir(), runtime.uow() as uow:
                load_demo(uow)
                uow.commit()
        server = _bind(port, create_app(runtime))
        sink = f"the local sink on {runtime.config.smtp_url}" if embedded.sink else runtime.config.smtp_url
        print(
            f"\n  popflow runs on {config.base_url}\n"
            f"  HR logs in at {config.base_url}/hr/login" + (f" as {DEMO_HR[0]} / {DEMO_HR[1]}" if demo else "") + "\n"
            f"  Mail goes to {sink}: {config.base_url}/dev/mail (files in {config.mail_dir}/)\n"
            f"  Move the demo's clock forward at {config.base_url}/dev/clock\n"
            f"  Database: {config.database_url}\n"
            "  Stop with Ctrl-C.\n",
            flush=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:  # Ctrl-C is how the demo is stopped: no traceback
            pass
        finally:
            server.server_close()
    finally:
        embedded.stop()
    print("  popflow stopped.", flush=True)
