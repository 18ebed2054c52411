"""Every page, in Dutch and in English, empty and with errors: the reader's language only,
never a 500 (the same tour the browser test takes for accessibility)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from intake.app import create_app
from shared.clock import SettableClock
from tests.integration.helpers import EMPLOYEE, hr_client
from tests.mails import mail_to
from tests.page_tour import foreign_texts, tour, with_language

ERROR_SIGNS = ("error-summary", 'class="flash error"', 'class="errors"')


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_speaks_only_the_readers_language(sqlite_system, lang):
    app = sqlite_system.app()
    people, hr = app.test_client(), None
    seen = []
    for visit in tour(sqlite_system):
        if visit.hr and hr is None:
            hr = hr_client(app)
        client = hr if visit.hr else people
        page = client.get(with_language(visit.path, lang))
        assert page.status_code == visit.status, visit.name
        body = page.data.decode()
        assert f'<html lang="{lang}">' in body, visit.name
        assert foreign_texts(body, lang) == [], visit.name
        seen.append(visit.name)
        if visit.bad is None:
            continue
        data = {**visit.extra, **visit.bad, **({visit.button: "1"} if visit.button else {})}
        wrong = client.post(with_language(visit.path.split("?")[0], lang), data=data)
        assert wrong.status_code == visit.bad_status, visit.name
        body = wrong.data.decode()
        assert any(sign in body for sign in ERROR_SIGNS), visit.name
        assert foreign_texts(body, lang) == [], visit.name + " with errors"
    assert len(seen) >= 20


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_expired_link_page_speaks_the_readers_language(sqlite_system, lang):
    visits = tour(sqlite_system)
    next(visits)  # seeds and schedules
    link = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    later = replace(sqlite_system.runtime, clock=SettableClock(sqlite_system.clock.now() + timedelta(days=800)))
    app = create_app(later, testing=True)
    page = app.test_client().get(with_language(link, lang))
    assert page.status_code == 410
    assert foreign_texts(page.data.decode(), lang) == []
    assert ("This link has expired" if lang == "en" else "Deze link is verlopen") in page.data.decode()
