"""CSRF on every POST: a form sent from elsewhere (no token from our page) changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from intake.app import create_app
from shared.models import Event
from tests.page_tour import tour


def test_every_form_refuses_a_post_without_our_token(sqlite_system):
    app = create_app(sqlite_system.runtime, testing=True)  # CSRF stays on
    client = app.test_client()
    posted = 0
    for visit in tour(sqlite_system):
        if visit.bad is None and not visit.path.endswith(("/progress", "/evaluation")):
            continue
        with sqlite_system.runtime.uow() as uow:
            before = uow.session.scalar(select(func.count(Event.id)))
        good_looking = {**visit.extra, **(visit.bad or {}), **({visit.button: "1"} if visit.button else {})}
        response = client.post(visit.path.split("?")[0], data=good_looking)
        assert response.status_code == 400, visit.name
        assert "Het formulier was verlopen of onvolledig." in response.data.decode(), visit.name
        with sqlite_system.runtime.uow() as uow:
            assert uow.session.scalar(select(func.count(Event.id))) == before, visit.name
        posted += 1
    for path in ("/hr/logout", "/link/renew"):
        assert client.post(path).status_code == 400
    assert posted >= 12
