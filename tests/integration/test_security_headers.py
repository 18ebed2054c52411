"""Every page comes with headers that keep it from being framed, leaking its link token
through the Referer, or running injected script and style."""

from __future__ import annotations

import re
from dataclasses import replace

from intake.app import create_app
from tests.integration.helpers import EMPLOYEE, hr_client, schedule, seed
from tests.mails import mail_to


def _pages(system) -> dict[str, object]:
    seed(system)
    schedule(system)
    home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    client, hr = system.app().test_client(), hr_client(system.app())
    return {
        "/hr/login": system.app().test_client().get("/hr/login"),
        "/hr/": hr.get("/hr/"),
        "/hr/pop/1": hr.get("/hr/pop/1"),
        "/hr/schedule": hr.get("/hr/schedule"),
        "home": client.get(home),
        "prepare": client.get(home + "/prepare"),
        "answer": client.get(home + "/meetings/1/answer"),
        "404": client.get("/nergens"),
    }


def test_every_page_carries_the_security_headers_and_no_inline_code(sqlite_system):
    for name, response in _pages(sqlite_system).items():
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self';" in csp and "style-src 'self';" in csp, name
        assert "frame-ancestors 'none'" in csp and headers["X-Frame-Options"] == "DENY", name
        assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"
        assert "Strict-Transport-Security" not in headers  # served over plain http here
        body = response.get_data(as_text=True)
        # What the policy would block must not be there: the page must work under it.
        assert not re.search(r"<script(?![^>]*\bsrc=)", body) and ' style="' not in body, name


def test_behind_tls_the_browser_is_told_to_stay_on_https(sqlite_system):
    runtime = sqlite_system.runtime
    app = create_app(replace(runtime, config=runtime.config.with_(base_url="https://pop.example.nl")), testing=True)
    response = app.test_client().get("/hr/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert app.config["SESSION_COOKIE_SECURE"]  # the session cookie never travels in the clear
