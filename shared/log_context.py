"""Logs: one readable line or one JSON object per line, each naming the POP being worked on.

The POP comes from a context variable that the code handling one POP sets once
(`bind_pop`): the workflow actors, the notifier's delivery, a personal page. Whoever
owns the unit of work scopes it: a worker message (shared/metrics.py's middleware) or
a web request (intake/app.py) resets it when done, so it never leaks into the next.

Personal links are credentials: every line is written with their tokens cut out (`redact`),
and so is gunicorn's access log (popflow/webserver.py).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

_pop_id: ContextVar[int | None] = ContextVar("popflow_pop_id", default=None)

# Libraries whose INFO lines say nothing an operator needs.
NOISY = ("pika", "dramatiq", "werkzeug", "mail.log", "alembic")


# A token in a path (/p/…, /feed/….ics, /link/calendar/…) or a query string (token=…).
_TOKENS = re.compile(r"(/p/|/feed/|/link/calendar/|[?&;]token=|%2Fp%2F)[A-Za-z0-9_.~%-]+", re.IGNORECASE)
REDACTED = "***"


def redact(text: str) -> str:
    """The text with every link token replaced: what a log line may say of a URL."""
    return _TOKENS.sub(lambda m: m.group(1) + REDACTED, text) if text else text


def bind_pop(pop_id: int | None) -> None:
    """From here on, this message's or request's log lines name this POP."""
    _pop_id.set(pop_id)


def current_pop() -> int | None:
    return _pop_id.get()


def new_scope():
    """Start a message or request without a POP; hand the result to `end_scope`."""
    return _pop_id.set(None)


def end_scope(token) -> None:
    try:
        _pop_id.reset(token)
    except (ValueError, RuntimeError):  # begun in another context: at least forget the POP
        _pop_id.set(None)


class _PopFilter(logging.Filter):
    """Puts the POP id on every record, so both formats (and any handler) can show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.pop_id = _pop_id.get()
        return True


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = redact(super().format(record))
        pop_id = getattr(record, "pop_id", None)
        if pop_id is None:
            return line
        head, sep, rest = line.partition(": ")  # "… name: message" -> "… name pop=12: message"
        return f"{head} pop={pop_id}{sep}{rest}"


class JsonFormatter(logging.Formatter):
    """One object per line: a collector needs no multi-line rules, even for tracebacks."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "pop_id": getattr(record, "pop_id", None),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def make_formatter(log_format: str) -> logging.Formatter:
    if log_format not in ("text", "json"):
        raise ValueError(f"LOG_FORMAT must be 'text' or 'json', not {log_format!r}")
    return JsonFormatter() if log_format == "json" else TextFormatter()


def attach(handler: logging.Handler, log_format: str) -> logging.Handler:
    """Give a handler our format and the POP id (gunicorn's error log uses this too)."""
    handler.setFormatter(make_formatter(log_format))
    if not any(isinstance(f, _PopFilter) for f in handler.filters):
        handler.addFilter(_PopFilter())
    return handler


def configure_logging(log_format: str = "text", verbose: bool = False, stream=None) -> None:
    """The root logger of a process: one handler on stderr (replacing our earlier one).

    Like logging.basicConfig, it leaves a root logger that someone else equipped alone
    (pytest's capture, a CLI command run inside a test)."""
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_popflow", False)]
    if len(ours) < len(root.handlers):
        return
    for old in ours:
        root.removeHandler(old)
    handler = attach(logging.StreamHandler(stream or sys.stderr), log_format)
    handler._popflow = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
