"""Personal links are credentials (issue 17): a link in a mail works however late within the
plan period it is clicked, by the service's own clock; calendar items and the feed carry
none (their link mails a fresh one to the attendee's own address); the owner replaces the
feed URL; personal pages are never stored by a browser or proxy."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import icalendar
from sqlalchemy import select

from intake.app import create_app
from shared.models import Meeting
from tests.integration.helpers import (
    EMPLOYEE,
    MANAGER,
    agree_and_sign,
    hr_client,
    schedule,
    seed,
    text_of,
    to_agreements,
)
from tests.mails import mail_to

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _fresh(system, address: str):
    return [m for m in mail_to(system.sink.directory, address) if "nieuwe persoonlijke link" in m.subject]


def _reviews(system) -> list:
    """(uid, starts_at, ends_at) of the progress reviews, in order."""
    with system.runtime.uow() as uow:
        return list(
            uow.session.execute(
                select(Meeting.uid, Meeting.starts_at, Meeting.ends_at)
                .where(Meeting.kind == "review")
                .order_by(Meeting.starts_at)
            )
        )


def test_a_review_invitation_still_opens_the_pop_on_the_day_eleven_months_later(system):
    employee_home, _manager_home = to_agreements(system)
    agree_and_sign(system, "Cursus Excel")
    last = _reviews(system)[-1]
    assert last.starts_at - system.clock.now() > timedelta(days=330)  # about eleven months ahead
    signed = [m for m in mail_to(system.sink.directory, EMPLOYEE) if m.attachments][-1]  # the signed plan's mail
    # The review's invitation goes out four weeks (the round's default) before it.
    system.clock.set(last.starts_at - timedelta(days=28))
    system.tick()
    system.settle()
    invite = [
        m
        for m in mail_to(system.sink.directory, EMPLOYEE)
        if m.calendar_method_param == "REQUEST" and str(m.calendar.walk("VEVENT")[0]["UID"]) == last.uid
    ][-1]
    client = system.app().test_client()
    # The service's own clock on the review's day (what /dev/clock moves in a demo).
    system.clock.set(last.starts_at - timedelta(hours=1))
    for mail in (invite, signed):
        assert client.get(mail.link_path).status_code == 200, mail.subject
    assert "Cursus Excel" in text_of(client.get(invite.home_path))
    # Still some weeks after; then the link has served its time and the page offers a fresh
    # one. (The plan period counts long months: it ends up to a week after the last review.)
    system.clock.set(last.ends_at + timedelta(days=system.config.link_max_age_days - 1))
    assert client.get(invite.link_path).status_code == 200
    system.clock.set(last.ends_at + timedelta(days=system.config.link_max_age_days + 8))
    expired = client.get(invite.link_path)
    assert expired.status_code == 410 and "Stuur mij een nieuwe link" in text_of(expired)


def test_a_fresh_link_lasts_from_the_moment_it_is_mailed_by_the_service_clock(sqlite_system):
    """Even with the clock far ahead of the wall (a demo after /dev/clock), a fresh link works."""
    system = sqlite_system
    seed(system)
    schedule(system)
    system.clock.advance(timedelta(days=900))
    client = system.app().test_client()
    assert client.get(mail_to(system.sink.directory, EMPLOYEE)[0].home_path).status_code == 410
    client.post("/link/request", data={"email": EMPLOYEE})
    system.settle()
    (fresh,) = _fresh(system, EMPLOYEE)
    assert client.get(fresh.home_path).status_code == 200
    system.clock.advance(timedelta(days=system.config.link_max_age_days - 1))
    assert client.get(fresh.home_path).status_code == 200
    system.clock.advance(timedelta(days=2))
    assert client.get(fresh.home_path).status_code == 410


def _links_in(calendar_bytes: bytes) -> set[str]:
    unfolded = calendar_bytes.decode().replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    return set(re.findall(r"https?://[^\s\\]+", unfolded))


def test_calendar_items_carry_no_credential_and_their_link_mails_a_fresh_one(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    (invite,) = [m for m in mail_to(system.sink.directory, EMPLOYEE) if m.calendar_method_param == "REQUEST"]
    home = invite.home_path
    event = invite.calendar.walk("VEVENT")[0]
    link = str(event["URL"])
    assert _links_in(invite.calendar_raw) == {link} and "/link/calendar/" in link
    assert home.removeprefix("/p/") not in invite.calendar_raw.decode().replace("\r\n ", "")
    app = create_app(system.runtime, testing=True)  # with CSRF, as in production
    stranger = app.test_client()  # a colleague who got the item forwarded
    path = link.removeprefix(system.config.base_url.rstrip("/"))
    page = stranger.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Jan Jansen" not in text_of(page) and "Marieke" not in text_of(page) and "/p/" not in text_of(page)
    system.settle()
    assert _fresh(system, EMPLOYEE) == []  # looking (a preview, a link checker) sends nothing
    assert stranger.post(path, data={}).status_code == 400  # no CSRF token: no mail
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    sent = stranger.post(path, data={"csrf_token": token})
    assert sent.status_code == 200 and "Kijk in je mailbox" in text_of(sent) and "/p/" not in text_of(sent)
    stranger.post(path, data={"csrf_token": token})  # a second press in the same quarter hour
    system.settle()
    (fresh,) = _fresh(system, EMPLOYEE)  # to Jan's own address, once
    assert fresh.to.endswith(f"<{EMPLOYEE}>") or fresh.to == EMPLOYEE
    assert _fresh(system, MANAGER) == []
    assert system.app().test_client().get(fresh.home_path).status_code == 200
    # A made-up calendar link asks for the address instead.
    made_up = stranger.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert made_up.status_code == 302 and made_up.headers["Location"].endswith("/link/request")


def _feed_url(client, home: str) -> str:
    page = client.get(home).get_data(as_text=True)
    return html.unescape(re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page).group(1))


def test_the_feed_carries_no_credential_and_its_owner_replaces_its_url(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    app = create_app(system.runtime, testing=True)  # with CSRF
    client = app.test_client()
    old = _feed_url(client, home).removeprefix(system.config.base_url.rstrip("/"))
    feed = client.get(old)
    assert feed.status_code == 200 and feed.headers["Cache-Control"] == "no-store"
    links = _links_in(feed.data)
    assert links and all("/link/calendar/" in link for link in links)
    assert home.removeprefix("/p/") not in feed.data.decode().replace("\r\n ", "")
    assert icalendar.Calendar.from_ical(feed.data).walk("VEVENT")
    # Without the form's CSRF token nothing changes.
    client.post(home + "/feed/new", data={})
    assert client.get(old).status_code == 200
    page = client.get(home).get_data(as_text=True)
    replaced = client.post(home + "/feed/new", data={"csrf_token": CSRF.search(page).group(1)})
    assert replaced.status_code == 302
    after = client.get(replaced.headers["Location"])
    assert "Je hebt een nieuwe abonnementslink" in text_of(after)
    new = _feed_url(client, home).removeprefix(system.config.base_url.rstrip("/"))
    assert new != old
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200
    assert client.get(home).status_code == 200  # the personal links stay


def test_personal_pages_and_their_refusals_are_never_stored(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    client = system.app().test_client()
    for path in (home, home + "/prepare", "/p/geen-link", "/link/request"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
    system.clock.advance(timedelta(days=900))
    expired = client.get(home)
    assert expired.status_code == 410 and expired.headers.get("Cache-Control") == "no-store"


def test_hr_pages_exports_and_the_api_are_never_stored(sqlite_system):
    """They show every employee, manager and department: no shared computer or proxy keeps them."""
    system = sqlite_system
    seed(system)
    schedule(system)
    client = hr_client(system.app())
    for path in ("/hr/", "/hr/pops.csv", "/hr/pops.xlsx", "/hr/people", "/hr/rounds", "/hr/login"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers.get("Cache-Control") == "no-store", path
    assert system.app().test_client().get("/api/v1/pops").headers.get("Cache-Control") == "no-store"
