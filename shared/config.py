"""Configuration from the environment; one frozen object handed to every process."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.utils import getaddresses
from pathlib import Path

from shared.brand import DEFAULT_ACCENT, accent_colour

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
    # Signs personal links and HR sessions: the same in every process (web, worker, tick,
    # inbound), so no default; require_secret_key() stops a process that has none.
    secret_key: str = ""
    timezone: str = "Europe/Amsterdam"
    mail_from: str = "popflow@localhost"
    # The sender's name on every mail; empty: "POP-gesprekken" or "POP conversations",
    # by the reader's language (an organisation sets its own, e.g. "HR Zorggroep Noord").
    mail_from_name: str = ""
    # The organisation on every page's header and in every mail (empty: none shown; the
    # page says "popflow"), its logo (a PNG, SVG or JPEG file, served as /brand/logo; empty:
    # popflow's mark) and its accent colour (#rrggbb; shared/brand.py keeps text on it readable).
    org_name: str = ""
    # HR's own mailbox: where a reply in words to one of HR's mails goes (a round's planning
    # mail, a manager's reminders of the day); empty: those mails have no Reply-To.
    hr_reply_to: str = ""
    org_logo: Path | None = None
    org_accent: str = DEFAULT_ACCENT
    # Development mode: the /dev/mail viewer and a few conveniences; never in production.
    dev_mode: bool = False
    mail_dir: Path = VAR_DIR / "mail"
    # How often the tick looks for due rules and lost messages, and how long a
    # published event/outbox row may stay unhandled before it is published again.
    tick_seconds: float = 5.0
    republish_after_seconds: float = 120.0
    # A mail claimed by a worker that died stays 'sending' this long before another may
    # send it (again, with the same Message-ID); well above the SMTP timeout of 10 s.
    claim_timeout_seconds: float = 600.0
    # A mail the SMTP server did not take waits this long before its first retry; each
    # further retry waits twice as long as the one before, up to an hour (notifier/attempts.py).
    mail_retry_seconds: float = 30.0
    worker_threads: int = 4
    link_max_age_days: int = 60
    # Privacy (shared/retention.py): private preparation answers are blanked this many
    # months after a POP ends; its plan and other content are deleted after these years.
    retention_private_months: int = 12
    retention_plan_years: int = 5

    # Calendar replies count only when the receiving mail server's Authentication-Results
    # header (from a server whose authserv-id is listed here, comma-separated) says the
    # From domain passed: "dmarc", "dkim", or "off" (notifier/authenticity.py).
    inbound_require_auth: str = "dmarc"
    inbound_authserv_id: str = ""
    # How many Received headers your own servers add above the results of the one that took
    # the mail from the internet (0: that server delivers straight to popflow).
    inbound_internal_hops: int = 0
    # Accounts (docs/security-accounts.md): per-client limits ("N per minute;M per hour",
    # empty: none) kept in LIMITER_STORAGE_URL (memory:// in one process; redis://… when
    # several web processes serve), and how long a new API token works.
    login_limit: str = "10 per minute;60 per hour"
    link_request_limit: str = "10 per minute;60 per hour"
    api_limit: str = "600 per minute"
    limiter_storage_url: str = "memory://"
    api_token_days: int = 365
    # Reverse proxies in front of the web app (0: none): their X-Forwarded-For names the client.
    proxy_hops: int = 0

    # Logs: "text" (one readable line) or "json" (one JSON object per line, for a log collector).
    log_format: str = "text"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Config:
        env = dict(os.environ if env is None else env)
        values: dict = {}
        for name, (attr, convert) in _FROM_ENV.items():
            if env.get(name):
                values[attr] = convert(env[name])
        values.update(overrides)
        return cls(**values)

    def with_(self, **changes) -> Config:
        return replace(self, **changes)

    def require_secret_key(self) -> None:
        """A process that mints or reads links stops at start without SECRET_KEY: a random
        key per process would make links from a worker fail in the web app."""
        advice = (
            "Set the same long random value for web, worker, tick and inbound, "
            "e.g. the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
        if not self.secret_key.strip():
            raise MissingSecretKey(f"SECRET_KEY is not set. {advice}")
        if len(self.secret_key.strip()) < MIN_SECRET_LENGTH:
            # Every link is signed with it: a short key can be guessed from one link offline.
            raise MissingSecretKey(f"SECRET_KEY is too short (at least {MIN_SECRET_LENGTH} characters). {advice}")

    @property
    def mail_domain(self) -> str:
        return self.mail_from.rpartition("@")[2] or "localhost"


MIN_SECRET_LENGTH = 32


class MissingSecretKey(RuntimeError):
    """SECRET_KEY is missing where a process needs it."""


def _flag(value: str) -> bool:
    return value not in ("0", "false", "")


def _inbound_require_auth(value: str) -> str:
    if value not in ("dmarc", "dkim", "off"):
        raise ValueError(f"INBOUND_REQUIRE_AUTH must be 'dmarc', 'dkim' or 'off', not {value!r}")
    return value


MAX_INTERNAL_HOPS = 10  # more than any mail path inside one organisation


def _inbound_internal_hops(value: str) -> int:
    hops = int(value)
    if not 0 <= hops <= MAX_INTERNAL_HOPS:
        raise ValueError(f"INBOUND_INTERNAL_HOPS must be 0 to {MAX_INTERNAL_HOPS}, not {value!r}")
    return hops


def _mail_retry_seconds(value: str) -> float:
    seconds = float(value)
    if not seconds > 0:  # a wait of none would retry a mail as fast as the worker can
        raise ValueError(f"MAIL_RETRY_SECONDS must be more than 0, not {value!r}")
    return seconds


LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _logo_file(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in LOGO_TYPES:
        raise ValueError(f"ORG_LOGO must be a .png, .svg or .jpg file, not {value!r}")
    if not path.is_file():  # said at start, not as a broken image on every page
        raise ValueError(f"ORG_LOGO: no such file {value!r}")
    return path


def _one_address(value: str) -> str:
    """One mailbox as a person types it: name@domain, nothing more ("a@x, b@y" is two)."""
    if getaddresses([value]) != [("", value)] or "@" not in value or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise ValueError(f"HR_REPLY_TO must be one e-mail address, such as hr@example.org, not {value!r}")
    return value


def _log_format(value: str) -> str:
    if value not in ("text", "json"):
        raise ValueError(f"LOG_FORMAT must be 'text' or 'json', not {value!r}")
    return value


# Every environment variable Config reads: name -> (field, conversion). An empty value
# counts as unset, so the default applies.
_FROM_ENV: dict[str, tuple[str, Callable[[str], object]]] = {
    "DATABASE_URL": ("database_url", str),
    "BROKER_URL": ("broker_url", str),
    "QUEUE_PREFIX": ("queue_prefix", str),
    "SMTP_URL": ("smtp_url", str),
    "BASE_URL": ("base_url", str),
    "SECRET_KEY": ("secret_key", str),
    "TIMEZONE": ("timezone", str),
    "MAIL_FROM": ("mail_from", str),
    "MAIL_FROM_NAME": ("mail_from_name", str),
    "MAIL_DIR": ("mail_dir", Path),
    "ORG_NAME": ("org_name", str),
    "HR_REPLY_TO": ("hr_reply_to", _one_address),
    "ORG_LOGO": ("org_logo", _logo_file),
    "ORG_ACCENT": ("org_accent", accent_colour),
    "TICK_SECONDS": ("tick_seconds", float),
    "REPUBLISH_AFTER_SECONDS": ("republish_after_seconds", float),
    "CLAIM_TIMEOUT_SECONDS": ("claim_timeout_seconds", float),
    "MAIL_RETRY_SECONDS": ("mail_retry_seconds", _mail_retry_seconds),
    "WORKER_THREADS": ("worker_threads", int),
    "LINK_MAX_AGE_DAYS": ("link_max_age_days", int),
    "RETENTION_PRIVATE_MONTHS": ("retention_private_months", int),
    "RETENTION_PLAN_YEARS": ("retention_plan_years", int),
    "POPFLOW_DEV": ("dev_mode", _flag),
    "LOG_FORMAT": ("log_format", _log_format),
    "INBOUND_REQUIRE_AUTH": ("inbound_require_auth", _inbound_require_auth),
    "INBOUND_AUTHSERV_ID": ("inbound_authserv_id", str),
    "INBOUND_INTERNAL_HOPS": ("inbound_internal_hops", _inbound_internal_hops),
    "LOGIN_LIMIT": ("login_limit", str),
    "LINK_REQUEST_LIMIT": ("link_request_limit", str),
    "API_LIMIT": ("api_limit", str),
    "LIMITER_STORAGE_URL": ("limiter_storage_url", str),
    "API_TOKEN_DAYS": ("api_token_days", int),
    "PROXY_HOPS": ("proxy_hops", int),
}
# What an operator may set (docker-compose.yml is checked against it): Config's own
# names and POPFLOW_VAR, read above when this module loads.
ENV_NAMES = frozenset(_FROM_ENV) | {"POPFLOW_VAR"}
