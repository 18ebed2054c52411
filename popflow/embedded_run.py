"""`popflow run` (what `make run` starts): the whole service in one process, for trying it out.

SQLite under ./var, the in-process broker, a worker and the tick in threads, and a
local SMTP sink whose mails are kept under ./var/mail and shown at /dev/mail.
"""
from __future__ import annotations

import os
import secrets

from shared.config import VAR_DIR, Config


def _stable_secret() -> str:
    """Links in mails keep working across restarts of the demo."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def run_everything(port: int, demo: bool) -> None:
    from intake.app import create_app
    from popflow.demo import DEMO_HR, load_demo
    from popflow.processes import start_embedded
    from shared.clock import OffsetClock
    from shared.migrate import upgrade

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    overrides = {"dev_mode": True}
    if not os.environ.get("SECRET_KEY"):
        overrides["secret_key"] = _stable_secret()
    if not os.environ.get("BASE_URL"):
        overrides["base_url"] = f"http://127.0.0.1:{port}"
    config = Config.from_env(**overrides)
    upgrade(config.database_url)
    # One clock for web, worker and tick, which /dev/clock can move forward for a demo.
    embedded = start_embedded(config, with_sink=not os.environ.get("SMTP_URL"), clock=OffsetClock(VAR_DIR / "clock_offset_seconds"))
    runtime = embedded.runtime
    if demo:
        with runtime.uow() as uow:
            load_demo(uow)
            uow.commit()
    app = create_app(runtime)
    print(
        f"\n  popflow runs on {config.base_url}\n"
        f"  HR logs in at {config.base_url}/hr/login"
        + (f" as {DEMO_HR[0]} / {DEMO_HR[1]}" if demo else "") + "\n"
        f"  Mail goes to the local sink: {config.base_url}/dev/mail (files in {config.mail_dir}/)\n"
        f"  Move the demo's clock forward at {config.base_url}/dev/clock\n"
        f"  Database: {config.database_url}\n"
        "  Stop with Ctrl-C.\n",
        flush=True,
    )
    try:
        app.run(host="127.0.0.1", port=port, threaded=True, use_reloader=False)
    finally:
        embedded.stop()
