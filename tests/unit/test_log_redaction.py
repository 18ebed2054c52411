"""Link tokens never reach a log: not our lines (text or JSON, tracebacks included), not
gunicorn's access log (request line, path, query, referrer)."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from gunicorn.config import Config as GunicornConfig
from hypothesis import given, settings
from hypothesis import strategies as st

from popflow.webserver import _logger_class
from shared.log_context import REDACTED, attach, redact
from shared.tokens import make_calendar_token, make_feed_token, make_link_token

ids = st.integers(min_value=1, max_value=2**31)
UNTIL = datetime(2028, 1, 1, tzinfo=UTC)


@st.composite
def urls_with_a_token(draw) -> tuple[str, str]:
    """(a URL as a log line holds it, the token in it): every kind of link, any page below it."""
    secret = draw(st.text(min_size=1, max_size=20))
    person, pop, epoch = draw(ids), draw(ids), draw(st.integers(0, 50))
    kind = draw(st.sampled_from(["page", "feed", "calendar", "query"]))
    if kind == "feed":
        token = make_feed_token(secret, person, epoch, draw(st.integers(0, 5)))
        return f"/feed/{token}.ics", token
    if kind == "calendar":
        token = make_calendar_token(secret, person, pop)
        return f"/link/calendar/{token}", token
    token = make_link_token(secret, person, pop, epoch, draw(st.none() | st.just(UNTIL)))
    below = draw(st.sampled_from(["", "/prepare", "/meetings/3/answer?partstat=ACCEPTED", "/plan.pdf"]))
    if kind == "query":
        return f"/link/renew?lang=en&token={token}", token
    return f"https://pop.example/p/{token}{below}", token


@settings(max_examples=50, deadline=None)
@given(urls_with_a_token(), st.sampled_from(["text", "json"]))
def test_no_line_of_ours_holds_a_token(found, log_format):
    url, token = found
    stream = io.StringIO()
    handler = attach(logging.StreamHandler(stream), log_format)
    log = logging.getLogger("test.redaction")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("Exception on %s [POST]", url)
        try:
            raise ValueError(f"bad {url}")
        except ValueError:
            log.exception("failed for %s", url)
    finally:
        log.removeHandler(handler)
    written = stream.getvalue()
    assert token not in written and REDACTED in written
    if log_format == "json":
        assert all(json.loads(line) for line in written.splitlines())


@settings(max_examples=40, deadline=None)
@given(urls_with_a_token())
def test_the_access_log_holds_no_token(found):
    url, token = found
    path, _, query = url.removeprefix("https://pop.example").partition("?")
    logger = _logger_class("text")(GunicornConfig())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + ("?" + query if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": url,
        "HTTP_USER_AGENT": "Outlook",
    }
    resp = SimpleNamespace(status="200 OK", headers=[("Content-Type", "text/html")], sent=120)
    req = SimpleNamespace(headers=[("REFERER", url), ("HOST", "pop.example")])
    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=12))
    line = logger.cfg.access_log_format % logger.atoms_wrapper_class(atoms)
    assert token not in line and token not in json.dumps(atoms, default=str)
    assert "GET /" in line and "200" in line  # still an access log line


def test_text_without_a_token_is_left_as_it_is():
    for text in ("GET /hr/pops 200", "/hr/pop/12", "popflow started on :8000", ""):
        assert redact(text) == text
