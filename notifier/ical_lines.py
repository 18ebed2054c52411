"""iCalendar content lines written as plain strings, the way icalendar 7 writes them.

Building an ``icalendar.Event`` and calling ``to_ical`` (component objects, parameter
dicts, a per-character fold loop) costs several times the rest of a mail, and the
notify worker writes one calendar per mail (decision 13, docs/benchmarks.md). The
invite has a fixed shape, so ``invites`` writes its lines with these helpers instead.
Every helper reproduces icalendar's own rule (text escaping, parameter quoting,
date-time form, folding), reusing icalendar's public functions where they are cheap;
tests/unit/test_ical_lines.py compares the result byte for byte with icalendar's for
generated events, so an icalendar upgrade that changes its output fails there.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from functools import lru_cache

from icalendar import vDuration
from icalendar.parser import param_value  # in icalendar.parser.__all__
from icalendar.timezone import tzid_from_tzinfo  # in icalendar.timezone.__all__

__all__ = ["text", "param", "address", "tzid_of", "date_time", "duration", "fold", "FOLD_LIMIT"]

FOLD_LIMIT = 75  # octets; icalendar starts a new line before the 75th octet of a line
_ESCAPED_AT_FOLD = "\\^"  # icalendar keeps these escape starts with the character they escape
# Parameters quoted whenever they contain one of these (icalendar's Parameters.quote_also).
_QUOTE_ALSO = {"CN": " '"}


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11, in icalendar's order of replacements but one:
    icalendar first turns the two characters backslash and N into a line break, so a place
    typed as "\\N..." would become two lines; here they stay what was typed."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def param(name: str, value: str) -> str:
    """``NAME=value``, RFC 6868-escaped and quoted where icalendar quotes it."""
    quote_chars = _QUOTE_ALSO.get(name, "")
    return f"{name}={param_value(value, always_quote=any(c in value for c in quote_chars))}"


def address(name: str, email: str, params: list[str]) -> str:
    """A CAL-ADDRESS property; ``params`` already formatted and in sorted order."""
    uri = email if email.lower().startswith("mailto:") else f"mailto:{email}"
    return f"{name};{';'.join(params)}:{uri}" if params else f"{name}:{uri}"


@lru_cache(maxsize=64)
def _tzid(zone: tzinfo) -> str | None:
    # The TZID icalendar derives from a zone (may be an equivalent name, or "UTC").
    return tzid_from_tzinfo(zone)


def tzid_of(value: datetime) -> str | None:
    """The TZID a timezone-aware DATE-TIME is written with; None when it is UTC (``Z``)."""
    assert value.tzinfo is not None  # callers check awareness first
    tzid = _tzid(value.tzinfo) or value.tzname()
    return None if tzid == "UTC" else tzid


def date_time(name: str, value: datetime) -> str:
    """A timezone-aware DATE-TIME: ``Z`` for UTC, else ``;TZID=<zone>`` and wall time."""
    stamp = f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"
    tzid = tzid_of(value)
    if tzid is None:
        return f"{name}:{stamp}Z"
    return f"{name};{param('TZID', tzid)}:{stamp}"


@lru_cache(maxsize=32)
def duration(value: timedelta) -> str:
    """A DURATION value (e.g. ``-PT15M``); few distinct values, so cached."""
    return vDuration(value).to_ical().decode("ascii")


def fold(line: str) -> str:
    """Fold a content line as icalendar does: at most 74 octets per physical line, never
    between a backslash or caret and the character it escapes, CRLF + space between."""
    if len(line) < FOLD_LIMIT and (line.isascii() or len(line.encode()) < FOLD_LIMIT):
        return line  # nearly every line: short enough as it is
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char < "\x80" else len(char.encode())
        if current and size + width >= FOLD_LIMIT:
            if len(current) > 1 and current[-1] in _ESCAPED_AT_FOLD:
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], len(carried.encode())
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)
