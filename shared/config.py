"""Configuration from the environment; one frozen object handed to every process."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

VAR_DIR = Path(os.environ.get("POPFLOW_VAR", "var"))


def _default_database_url() -> str:
    return f"sqlite:///{(VAR_DIR / 'popflow.db').resolve()}"


@dataclass(frozen=True)
class Config:
    database_url: str = field(default_factory=_default_database_url)
    # "embedded" (in-process), "amqp://…" (RabbitMQ) or "redis://…"
    broker_url: str = "embedded"
    # Queue-name prefix (RabbitMQ) or key namespace (Redis), so test runs stay apart.
    queue_prefix: str = ""
    # smtp://user:pass@host:port, smtps://… (implicit TLS) or smtp+starttls://…
    smtp_url: str = "smtp://127.0.0.1:1025"
    base_url: str = "http://127.0.0.1:5000"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    timezone: str = "Europe/Amsterdam"
    mail_from: str = "popflow@localhost"
    mail_from_name: str = "POP-gesprekken"
    # Development mode: the /dev/mail viewer and a few conveniences; never in production.
    dev_mode: bool = False
    mail_dir: Path = VAR_DIR / "mail"
    # How often the tick looks for due rules and lost messages, and how long a
    # published event/outbox row may stay unhandled before it is published again.
    tick_seconds: float = 5.0
    republish_after_seconds: float = 120.0
    worker_threads: int = 4
    link_max_age_days: int = 60
    # Privacy (shared/retention.py): private preparation answers are blanked this many
    # months after a POP ends; its plan and other content are deleted after these years.
    retention_private_months: int = 12
    retention_plan_years: int = 5

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Config":
        env = dict(os.environ if env is None else env)
        values: dict = {}
        simple = {
            "DATABASE_URL": "database_url",
            "BROKER_URL": "broker_url",
            "QUEUE_PREFIX": "queue_prefix",
            "SMTP_URL": "smtp_url",
            "BASE_URL": "base_url",
            "SECRET_KEY": "secret_key",
            "TIMEZONE": "timezone",
            "MAIL_FROM": "mail_from",
            "MAIL_FROM_NAME": "mail_from_name",
        }
        for name, attr in simple.items():
            if env.get(name):
                values[attr] = env[name]
        if env.get("MAIL_DIR"):
            values["mail_dir"] = Path(env["MAIL_DIR"])
        if env.get("TICK_SECONDS"):
            values["tick_seconds"] = float(env["TICK_SECONDS"])
        if env.get("WORKER_THREADS"):
            values["worker_threads"] = int(env["WORKER_THREADS"])
        if env.get("LINK_MAX_AGE_DAYS"):
            values["link_max_age_days"] = int(env["LINK_MAX_AGE_DAYS"])
        if env.get("RETENTION_PRIVATE_MONTHS"):
            values["retention_private_months"] = int(env["RETENTION_PRIVATE_MONTHS"])
        if env.get("RETENTION_PLAN_YEARS"):
            values["retention_plan_years"] = int(env["RETENTION_PLAN_YEARS"])
        if env.get("POPFLOW_DEV"):
            values["dev_mode"] = env["POPFLOW_DEV"] not in ("0", "false", "")
        values.update(overrides)
        return cls(**values)

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)

    @property
    def mail_domain(self) -> str:
        return self.mail_from.rpartition("@")[2] or "localhost"
