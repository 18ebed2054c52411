"""One line per request for `popflow run`'s terminal: method, path, status and time taken.

The path is written without the tokens of personal links (they are credentials; see
shared/log_context.redact), like gunicorn's access log in `popflow web`.
"""

from __future__ import annotations

import logging
import time

from shared.log_context import redact

log = logging.getLogger("popflow.access")


class _LoggedBody:
    """The response body; its line is written once it has been sent, or at close, once.

    Not at close alone: werkzeug's server skips close when the browser resets the
    connection before the server has drained it (a page left before it loaded)."""

    def __init__(self, body, write_line) -> None:
        self.body = body
        self.write_line = write_line
        self.written = False

    def _write_once(self) -> None:
        if not self.written:
            self.written = True
            self.write_line()

    def __iter__(self):
        yield from self.body
        self._write_once()

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self._write_once()


class AccessLog:
    """WSGI middleware around the app."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status = ["-"]

        def recording_start_response(status_line, headers, exc_info=None):
            status[0] = status_line.split(" ", 1)[0]
            return start_response(status_line, headers, exc_info)

        def write_line() -> None:
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"]
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %.0f ms", environ.get("REQUEST_METHOD", "-"), redact(path), status[0], elapsed_ms)

        return _LoggedBody(self.app(environ, recording_start_response), write_line)
