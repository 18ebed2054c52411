"""`popflow run`'s access log writes one line per request, also when the browser leaves
before the page has come in (it resets the connection: werkzeug's server then skips close)."""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from popflow.access_log import AccessLog


def _not_found(environ, start_response):
    return Response("Deze link werkt niet." * 200, status=404)(environ, start_response)


@pytest.fixture
def server():
    served = make_server("127.0.0.1", 0, AccessLog(_not_found), threaded=True)
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    yield served.server_port
    served.shutdown()
    thread.join(10)


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "popflow.access"]


def _wait_for_line(caplog) -> list[str]:
    deadline = time.monotonic() + 5
    while not _lines(caplog) and time.monotonic() < deadline:
        time.sleep(0.02)
    return _lines(caplog)


def test_a_request_read_to_the_end_is_one_line_without_the_token(server, caplog):
    caplog.set_level(logging.INFO, logger="popflow.access")
    with socket.create_connection(("127.0.0.1", server)) as client:
        client.sendall(b"GET /p/Zx9SecretLinkToken4242 HTTP/1.0\r\nHost: x\r\n\r\n")
        while client.recv(65536):
            pass
    lines = _wait_for_line(caplog)
    assert len(lines) == 1 and lines[0].startswith("GET /p/*** 404 ")


@pytest.mark.parametrize("attempt", range(5))
def test_a_browser_that_resets_the_connection_still_gets_its_line(server, caplog, attempt):
    caplog.set_level(logging.INFO, logger="popflow.access")
    client = socket.create_connection(("127.0.0.1", server))
    # Sent with a trailing byte the server never reads, then closed at once with a reset.
    client.sendall(b"GET /p/Zx9SecretLinkToken4242 HTTP/1.0\r\nHost: x\r\n\r\nextra")
    client.recv(1)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()
    lines = _wait_for_line(caplog)
    assert len(lines) == 1 and lines[0].startswith("GET /p/*** 404 ")
