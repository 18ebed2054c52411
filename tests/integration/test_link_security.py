"""S2: personal links that were tampered with, spliced, cut short, signed elsewhere or
revoked open nothing: the same friendly Dutch page with a 404 for all of them (so a
refusal tells nothing about why), never a 500, nothing of the POP on it.

Elsewhere: expired links (test_fresh_links: 410 and a one-click fresh link), someone
else's valid link and every route x visitor (test_access_matrix), a new manager's
predecessor (test_people_changes), an erased person (test_privacy).
"""

from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import timedelta

from click.testing import CliRunner
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from intake.app import create_app
from popflow.cli import people as people_cli
from shared.clock import SettableClock
from shared.models import Event, Meeting, Person, Pop, Preparation
from shared.tokens import SALT, make_link_token
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, schedule, seed, text_of
from tests.mails import mail_to

# The service's clock this far ahead is past the end of every link of these tests (a link
# works until its plan period and some weeks more: notifier/link_life.py).
LINKS_OUTLIVED = timedelta(days=800)
B64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
SECRETS = ("Jan Jansen", "Marieke", "voorbeeld.nl", "Kamer 2.14", "POP-gesprek met")


def _token(home_path: str) -> str:
    return home_path.removeprefix("/p/")


def _one_char_changed(token: str):
    """Each position changed once. A base64 digit moves by 4: the last digit of the
    signature carries only its upper four bits, and a change in the two unused ones would
    be the very same link, not a tampered one."""
    for i, char in enumerate(token):
        other = B64[(B64.index(char) + 4) % 64] if char in B64 else "A"
        yield token[:i] + other + token[i + 1 :]


def _spliced(jan: str, marieke: str, jan_id: int, pop_id: int) -> list[str]:
    """Parts of two real links put together, and payloads of our own choosing under Jan's signature."""
    (jp, jt, js), (mp, mt, ms) = jan.split("."), marieke.split(".")
    forge = URLSafeTimedSerializer("whatever", salt=SALT)
    forged = [
        forge.dump_payload(claim).decode()
        for claim in ([jan_id, pop_id + 1, 0], [jan_id, pop_id, 1], [jan_id + 1, pop_id, 0], ["1", pop_id, 0], {"a": 1})
    ]
    return [
        f"{mp}.{jt}.{js}",
        f"{jp}.{mt}.{ms}",
        f"{jp}.{jt}.{ms}",
        f"{mp}.{mt}.{js}",
        f"{jp}.{js}.{jt}",
        *(f"{payload}.{jt}.{js}" for payload in forged),
    ]


def _refusal(client, path: str, method: str = "GET") -> str:
    response = client.open(path, method=method, data={"answer_strengths": "Overschreven", "save": "1"})
    assert response.status_code == 404, (path, method, response.status_code)
    return response.get_data(as_text=True)


def test_a_tampered_link_gets_the_same_friendly_refusal_and_tells_nothing(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    jan, marieke = (_token(mail_to(system.sink.directory, who)[0].home_path) for who in (EMPLOYEE, MANAGER))
    with system.runtime.uow() as uow:
        jan_id = uow.session.scalar(select(Person.id).where(Person.email == EMPLOYEE))
        pop_id = uow.session.scalar(select(Pop.id))
        events = uow.session.scalar(select(func.count(Event.id)))
    client = system.app().test_client()
    assert client.get(f"/p/{jan}").status_code == 200  # the real link works
    baseline = _refusal(client, "/p/geen-link")
    assert '<html lang="nl">' in baseline and "Deze link werkt niet" in baseline
    assert 'href="/link/request"' in baseline  # where to get a fresh one
    tampered = {
        **{f"changed {i}": t for i, t in enumerate(_one_char_changed(jan))},
        **{f"cut to {n}": jan[:n] for n in range(1, len(jan))},
        **{f"spliced {i}": t for i, t in enumerate(_spliced(jan, marieke, jan_id, pop_id))},
        "other secret": make_link_token("een-andere-sleutel", jan_id, pop_id, 0),
        "doubled": jan + jan,
        "long": "A" * 5000,
        "nul": "%00",
        "unicode": "Zé~ŵ",
        "dots": "..",
        "only payload": jan.split(".")[0],
        "no signature": jan.rsplit(".", 1)[0] + ".",
    }
    for label, token in tampered.items():
        for path, method in ((f"/p/{token}", "GET"), (f"/p/{token}/prepare", "GET"), (f"/p/{token}/prepare", "POST")):
            body = _refusal(client, path, method)
            assert body == baseline, label  # one refusal for every reason: nothing to learn from it
    assert not any(secret in baseline for secret in SECRETS)
    with system.runtime.uow() as uow:  # the refused posts changed nothing
        assert uow.session.scalar(select(func.count(Event.id))) == events
        assert uow.session.scalar(select(func.count(Preparation.id))) == 0


def test_a_tampered_calendar_feed_link_is_refused(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    client = system.app().test_client()
    home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    feed = re.search(
        r'id="feed-url" type="text" readonly value="http://popflow.test/feed/([^"]+)\.ics"',
        client.get(home).get_data(as_text=True),
    ).group(1)
    assert client.get(f"/feed/{feed}.ics").status_code == 200
    for token in [*_one_char_changed(feed), feed[:-1], feed.split(".")[0], "x"]:
        response = client.get(f"/feed/{token}.ics")
        assert response.status_code == 404 and b"BEGIN:VCALENDAR" not in response.data, token


def test_a_tampered_expired_link_offers_no_fresh_one(sqlite_system):
    """Only a real (expired) link gets the one-click page; a tampered one cannot ask for mail."""
    system = sqlite_system
    seed(system)
    schedule(system)
    jan = _token(mail_to(system.sink.directory, EMPLOYEE)[0].home_path)
    expired = create_app(
        replace(system.runtime, clock=SettableClock(system.clock.now() + LINKS_OUTLIVED)), testing=True
    )
    expired.config["WTF_CSRF_ENABLED"] = False
    client = expired.test_client()
    assert client.get(f"/p/{jan}").status_code == 410
    for token in list(_one_char_changed(jan))[::3]:
        assert client.get(f"/p/{token}").status_code == 404, token
        renew = client.post("/link/renew", data={"token": token})
        assert renew.status_code == 404 and '<html lang="nl">' in renew.get_data(as_text=True)
    system.settle()
    assert _fresh_links(system, EMPLOYEE) == []


# -- revoked ----------------------------------------------------------------------------------


def _fresh_links(system, address: str) -> list:
    return [m for m in mail_to(system.sink.directory, address) if "nieuwe persoonlijke link" in m.subject]


def _every_personal_path(app, token: str, meeting_id: int):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("personal."):
            path = rule.rule.replace("<token>", token).replace("<int:meeting_id>", str(meeting_id))
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield path, method


def _leave(system, address: str):
    env = {"DATABASE_URL": system.config.database_url, "BROKER_URL": "embedded", "SECRET_KEY": "test-secret"}
    done = CliRunner().invoke(people_cli, ["leave", address], env=env, catch_exceptions=False)
    assert done.exit_code == 0, done.output


def test_after_popflow_people_leave_no_link_of_theirs_opens_anything(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    app = system.app()
    client = app.test_client()
    jan_home, marieke_home = (mail_to(system.sink.directory, who)[0].home_path for who in (EMPLOYEE, MANAGER))
    feed = re.search(r'value="http://popflow.test(/feed/[^"]+)"', client.get(jan_home).get_data(as_text=True)).group(1)
    with system.runtime.uow() as uow:
        meeting_id = uow.session.scalar(select(Meeting.id))
    _leave(system, EMPLOYEE)
    system.tick()  # the running tick publishes what the CLI wrote: the POP is cancelled
    system.settle()
    with system.runtime.uow() as uow:
        assert uow.session.scalar(select(Pop.state)) == "cancelled"
        events = uow.session.scalar(select(func.count(Event.id)))
    checked = 0
    for path, method in _every_personal_path(app, _token(jan_home), meeting_id):
        response = client.open(
            path,
            method=method,
            data={"answer_strengths": "Na vertrek", "save": "1", "partstat": "ACCEPTED", "reason": "weg"},
        )
        assert response.status_code == 404, (path, method)
        assert "Deze link werkt niet" in text_of(response) and "Jan Jansen" not in text_of(response)
        checked += 1
    assert checked >= 15
    assert client.get(feed).status_code == 404  # the calendar subscription too
    with system.runtime.uow() as uow:  # nothing the refused posts carried was stored
        assert uow.session.scalar(select(func.count(Event.id))) == events
        assert uow.session.scalar(select(func.count(Preparation.id))) == 0
    # Nor can a fresh link be had: not by the expired link's one click, not by address.
    expired = create_app(
        replace(system.runtime, clock=SettableClock(system.clock.now() + LINKS_OUTLIVED)), testing=True
    )
    expired.config["WTF_CSRF_ENABLED"] = False
    assert expired.test_client().post("/link/renew", data={"token": _token(jan_home)}).status_code == 200
    asked = client.post("/link/request", data={"email": EMPLOYEE}, follow_redirects=True)
    assert "Als dit adres bij ons bekend is" in text_of(asked)  # the same answer as for any address
    system.settle()
    assert _fresh_links(system, EMPLOYEE) == []
    assert client.get(marieke_home).status_code == 200  # the manager's own link is hers, still valid


def test_a_manager_who_leaves_loses_her_links_to_every_report(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    client = system.app().test_client()
    jan_home, marieke_home = (mail_to(system.sink.directory, who)[0].home_path for who in (EMPLOYEE, MANAGER))
    _leave(system, MANAGER)
    system.tick()
    system.settle()
    assert client.get(marieke_home).status_code == 404
    assert client.get(marieke_home + "/cancel").status_code == 404  # nor cancel on her way out
    assert client.get(jan_home).status_code == 200


def test_a_fresh_link_leaves_the_old_one_working(sqlite_system):
    """Asking for a fresh link revokes nothing: a stranger who knows an address cannot
    lock its owner out by asking for links in their name."""
    system = sqlite_system
    seed(system)
    schedule(system)
    client = system.app().test_client()
    old = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    client.post("/link/request", data={"email": EMPLOYEE})
    system.settle()
    (fresh,) = _fresh_links(system, EMPLOYEE)
    assert client.get(old).status_code == 200 and client.get(fresh.home_path).status_code == 200


# -- rate limit across both ways of asking ---------------------------------------------------


def test_one_fresh_link_per_quarter_hour_whichever_form_and_whichever_pop(sqlite_system):
    """test_fresh_links covers each form on its own; here the one click and the address
    form together, and a manager holding expired links to two reports' POPs."""
    system = sqlite_system
    seed(system)
    schedule(system)
    with system.runtime.uow() as uow:
        marieke = uow.session.scalar(select(Person).where(Person.email == MANAGER))
        uow.session.add(Person(name="Piet Pieters", email="piet@voorbeeld.nl", manager=marieke))
        uow.commit()
    from intake.scheduling import schedule_meeting

    with system.runtime.uow() as uow:
        schedule_meeting(
            uow,
            system.clock.now(),
            employee_email="piet@voorbeeld.nl",
            start=MEETING_UTC.replace(hour=10),
            minutes=60,
            location="",
            actor="test",
        )
        uow.commit()
    system.settle()
    invitations = {m.home_path for m in mail_to(system.sink.directory, MANAGER)}
    assert len(invitations) == 2
    system.clock.advance(LINKS_OUTLIVED)  # the service's own clock: the fresh links' mails go out then
    client = system.app().test_client()
    for home in (*invitations, *invitations):
        assert client.post("/link/renew", data={"token": _token(home)}).status_code == 200
    client.post("/link/request", data={"email": MANAGER})
    client.post("/link/request", data={"email": EMPLOYEE})
    client.post("/link/renew", data={"token": _token(mail_to(system.sink.directory, EMPLOYEE)[0].home_path)})
    system.settle()
    assert len(_fresh_links(system, MANAGER)) == 1 and len(_fresh_links(system, EMPLOYEE)) == 1
    system.clock.set(system.clock.now() + timedelta(minutes=16))
    client.post("/link/request", data={"email": MANAGER})
    system.settle()
    assert len(_fresh_links(system, MANAGER)) == 2  # the next quarter hour, the next one
