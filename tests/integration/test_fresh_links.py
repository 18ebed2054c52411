"""A lost or expired personal link: a fresh one by one click or by e-mail address,
rate-limited, and never telling whether an address is known."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.integration.helpers import EMPLOYEE, schedule, seed
from tests.mails import mail_to


def _fresh(system, address: str):
    return [m for m in mail_to(system.sink.directory, address) if "nieuwe persoonlijke link" in m.subject]


def test_an_expired_link_mails_a_fresh_one_with_one_click(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    old = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    # The service's clock past the link's end: its plan period and the weeks after (link_life.py).
    system.clock.advance(timedelta(days=800))
    client = system.app().test_client()
    expired = client.get(old)
    assert expired.status_code == 410
    page = expired.get_data(as_text=True)
    assert "Deze link is verlopen" in page and "Stuur mij een nieuwe link" in page
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    sent = client.post("/link/renew", data={"token": token})
    assert sent.status_code == 200 and "Kijk in je mailbox" in sent.get_data(as_text=True)
    system.settle()
    (fresh,) = _fresh(system, EMPLOYEE)
    assert fresh.subject == "Je nieuwe persoonlijke link voor het POP met Marieke de Vries"
    assert system.app().test_client().get(fresh.home_path).status_code == 200
    # Clicking again at once sends nothing more.
    client.post("/link/renew", data={"token": token})
    system.settle()
    assert len(_fresh(system, EMPLOYEE)) == 1


def test_asking_by_address_is_rate_limited_and_reveals_nothing(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    client = system.app().test_client()
    answers = [
        client.post("/link/request", data={"email": address}, follow_redirects=True).get_data(as_text=True)
        for address in ("JAN@voorbeeld.nl", "niemand@voorbeeld.nl", "jan@voorbeeld.nl")
    ]
    message = "Als dit adres bij ons bekend is, is er een nieuwe persoonlijke link naar toe gestuurd."
    assert all(message in answer for answer in answers)
    system.settle()
    assert len(_fresh(system, EMPLOYEE)) == 1  # twice asked in the same quarter hour: one mail
    system.clock.set(system.clock.now() + timedelta(minutes=16))
    client.post("/link/request", data={"email": EMPLOYEE})
    system.settle()
    assert len(_fresh(system, EMPLOYEE)) == 2
    bad = client.post("/link/request", data={"email": "geen-adres"})
    assert bad.status_code == 422 and "Ongeldig e-mailadres." in bad.get_data(as_text=True)


def test_a_broken_link_points_to_the_request_page(sqlite_system):
    response = sqlite_system.app().test_client().get("/p/dit-is-geen-echte-link")
    body = response.get_data(as_text=True)
    assert response.status_code == 404 and "Deze link werkt niet" in body and 'href="/link/request"' in body
