"""Delivery over TLS (implicit and STARTTLS) with authentication, against real aiosmtpd
servers with certificates from a test CA; and one SMTP connection per worker thread."""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from notifier.deliver import smtp_options
from shared.models import OutboxMail
from tests.integration.helpers import MEETING_UTC, schedule, seed

USER, PASSWORD = "popflow", "geheim-wachtwoord"


@dataclass
class Recorder:
    """What the server saw: each mail with whether it came over TLS and who logged in."""

    mails: list[dict] = field(default_factory=list)

    @property
    def connections(self) -> int:
        """Connections that carried mail: each has its own client port."""
        return len({mail["peer"] for mail in self.mails})

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        tls = server.transport.get_extra_info("cipher") is not None
        login = session.auth_data.login if session.authenticated else None
        self.mails.append({"tls": tls, "login": login, "to": envelope.rcpt_tos, "peer": session.peer})
        return "250 OK"


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    authority = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, path


def _server_context(authority) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def servers():
    started = []

    def start(recorder: Recorder, port: int | None = None, **smtp_kwargs) -> Controller:
        controller = Controller(
            recorder, hostname="127.0.0.1", port=port or _free_port(), ready_timeout=10, **smtp_kwargs
        )
        controller.start()
        started.append(controller)
        return controller

    def stop(controller: Controller) -> None:
        started.remove(controller)
        controller.stop()

    start.stop = stop
    yield start
    for controller in started:
        controller.stop()


@dataclass(frozen=True)
class Row:
    status: str
    last_error: str
    attempts: int


def _rows(system) -> list[Row]:
    with system.runtime.uow() as uow:
        return [
            Row(m.status, m.last_error, m.attempts)
            for m in uow.session.scalars(select(OutboxMail).order_by(OutboxMail.id))
        ]


def _wait(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("not in time")


def test_implicit_tls_verified_against_the_configured_ca(ca, servers, system_mailing_to):
    authority, ca_file = ca
    recorder = Recorder()
    server = servers(recorder, ssl_context=_server_context(authority))
    system = system_mailing_to(f"smtps://127.0.0.1:{server.port}?cafile={ca_file}")
    seed(system)
    schedule(system)
    assert [row.status for row in _rows(system)] == ["sent", "sent"]
    assert len(recorder.mails) == 2 and all(mail["tls"] for mail in recorder.mails)


def test_starttls_with_login_and_a_wrong_password_fails_with_the_reason(ca, servers, system_mailing_to):
    authority, ca_file = ca
    recorder = Recorder()
    server = servers(
        recorder,
        tls_context=_server_context(authority),
        require_starttls=True,
        authenticator=_authenticate,
        auth_require_tls=True,
    )
    system = system_mailing_to(f"smtp+starttls://{USER}:{PASSWORD}@127.0.0.1:{server.port}?cafile={ca_file}")
    seed(system)
    schedule(system)
    assert [row.status for row in _rows(system)] == ["sent", "sent"]
    assert [(m["tls"], m["login"]) for m in recorder.mails] == [(True, USER.encode())] * 2

    wrong = system_mailing_to(f"smtp+starttls://{USER}:fout@127.0.0.1:{server.port}?cafile={ca_file}")
    seed(wrong)
    schedule(wrong, settle=False)
    _wait(lambda: [row.status for row in _rows(wrong)] == ["failed", "failed"])
    rows = _rows(wrong)
    assert all(row.last_error.startswith("535") and row.attempts == 1 for row in rows), rows  # never retried
    assert len(recorder.mails) == 2


def test_an_untrusted_certificate_is_refused_and_retried_later(ca, servers, system_mailing_to):
    authority, _ca_file = ca
    recorder = Recorder()
    server = servers(recorder, ssl_context=_server_context(authority))
    system = system_mailing_to(f"smtps://127.0.0.1:{server.port}")  # the system CAs do not know the test CA
    seed(system)
    schedule(system, settle=False)
    # Both rows: before the worker has written them, "all of none" would hold already.
    _wait(lambda: [bool(row.attempts >= 1 and row.last_error) for row in _rows(system)] == [True, True])
    rows = _rows(system)
    assert all(row.status == "pending" and "CERTIFICATE_VERIFY_FAILED" in row.last_error for row in rows), rows
    assert recorder.mails == []


def test_starttls_asked_but_not_offered_never_sends_in_the_clear(servers, system_mailing_to):
    recorder = Recorder()
    server = servers(recorder)  # a server without STARTTLS
    system = system_mailing_to(f"smtp+starttls://127.0.0.1:{server.port}")
    seed(system)
    schedule(system, settle=False)
    _wait(lambda: [bool(row.attempts >= 1 and row.last_error) for row in _rows(system)] == [True, True])
    rows = _rows(system)
    assert all(row.status == "pending" and "STARTTLS" in row.last_error for row in rows), rows
    assert recorder.mails == []


def test_one_connection_per_worker_thread_and_a_reconnect_after_a_drop(servers, system_mailing_to):
    recorder = Recorder()
    server = servers(recorder)
    system = system_mailing_to(f"smtp://127.0.0.1:{server.port}")
    seed(system)
    for days in (0, 1, 2):  # scheduled, then moved twice: six mails
        schedule(system, start=MEETING_UTC + timedelta(days=days))
    assert len(recorder.mails) == 6
    assert recorder.connections <= system.config.worker_threads
    servers.stop(server)  # the server goes away and comes back: connections are gone
    servers(recorder, port=server.port)
    before = recorder.connections
    schedule(system, start=MEETING_UTC + timedelta(days=5))
    assert len(recorder.mails) == 8 and recorder.connections > before


def test_smtp_url_forms():
    assert smtp_options("smtp://127.0.0.1:2525") == {"host": "127.0.0.1", "port": 2525, "timeout": 10}
    secure = smtp_options("smtps://user%40org:p%23ss@mail.example.org?cafile=")
    assert (secure["port"], secure["ssl"], secure["user"], secure["password"]) == (465, True, "user@org", "p#ss")
    assert secure["context"].verify_mode == ssl.CERT_REQUIRED and secure["context"].check_hostname
    assert smtp_options("smtp+starttls://mail.example.org")["tls"] is True
    with pytest.raises(ValueError):
        smtp_options("http://mail.example.org")
