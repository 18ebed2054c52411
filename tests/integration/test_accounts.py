"""HR accounts: a login that tells nothing, limits a guesser cannot turn against HR,
sessions that end, passwords that are not guessable, tokens that expire, one SECRET_KEY."""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from intake.api.tokens import create_token, find_hr_user
from intake.app import create_app
from popflow.cli import main
from shared.config import MissingSecretKey
from shared.models import HrUser
from shared.passwords import MIN_LENGTH, _common, password_problem
from tests.integration.helpers import hr_client, seed

HR, PASSWORD = "hr@voorbeeld.nl", "geheim-wachtwoord"


def _app(system, **config):
    app = create_app(replace(system.runtime, config=system.config.with_(**config)), testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _login(client, email: str, password: str):
    return client.post("/hr/login", data={"email": email, "password": password})


def _user(system) -> HrUser:
    with system.runtime.uow() as uow:
        user = find_hr_user(uow, HR)
        uow.session.expunge(user)
        return user


def test_an_unknown_address_and_a_wrong_password_take_the_same_time_and_say_the_same(sqlite_system):
    seed(sqlite_system)
    client = sqlite_system.app().test_client()
    timings: dict[str, list[float]] = {"unknown": [], "wrong": []}
    pages = {}
    for attempt in range(12):  # interleaved, so a slow moment of the machine hits both
        for kind, email in (("unknown", "niemand@voorbeeld.nl"), ("wrong", HR)):
            started = time.perf_counter()
            page = _login(client, email, f"fout-{attempt}")
            timings[kind].append(time.perf_counter() - started)
            pages[kind] = (page.status_code, page.get_data(as_text=True).replace(email, "ADRES"))
        if attempt % 4 == 3:  # stay below the backoff: this is about the answer, not the wait
            with sqlite_system.runtime.uow() as uow:
                uow.session.execute(HrUser.__table__.update().values(failed_logins=0, locked_until=None))
                uow.commit()
    unknown, wrong = statistics.median(timings["unknown"]), statistics.median(timings["wrong"])
    # Each checks one Argon2 hash (tens of ms); the known account's failure adds one UPDATE.
    assert abs(unknown - wrong) < max(0.35 * max(unknown, wrong), 0.02), timings
    assert pages["unknown"] == pages["wrong"] and pages["wrong"][0] == 422


@pytest.mark.backend
def test_failed_logins_in_parallel_each_count(system):
    seed(system)
    app = system.app()
    attempts = 8
    start = threading.Barrier(attempts)

    def guess(number: int) -> None:
        client = app.test_client()
        start.wait()
        _login(client, HR, f"fout-{number}")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    user = _user(system)
    assert user.failed_logins == attempts and user.locked_until is not None


def test_a_guesser_elsewhere_cannot_keep_her_out_and_only_waits_longer(sqlite_system):
    seed(sqlite_system)
    app = sqlite_system.app()
    hers = hr_client(app)
    guesser = app.test_client()
    for number in range(9):
        assert _login(guesser, HR, f"fout-{number}").status_code == 422
    assert _user(sqlite_system).locked_until - sqlite_system.clock.now() == timedelta(minutes=15)  # 1, 2, 4, 8, 15
    assert _login(guesser, HR, PASSWORD).status_code == 422
    assert _login(hers, HR, PASSWORD).status_code == 302
    assert _user(sqlite_system).failed_logins == 9  # her login does not wipe the guesser's count
    sqlite_system.clock.advance(timedelta(minutes=16))
    assert _login(guesser, HR, PASSWORD).status_code == 302
    assert _user(sqlite_system).failed_logins == 0


def test_per_client_limits_on_login_link_requests_and_the_api(sqlite_system):
    seed(sqlite_system)
    app = _app(sqlite_system, login_limit="3 per minute", link_request_limit="2 per minute", api_limit="2 per minute")
    guesser, colleague = app.test_client(), app.test_client()
    for number in range(3):
        assert _login(guesser, HR, f"fout-{number}").status_code == 422
    limited = _login(guesser, HR, PASSWORD)
    assert limited.status_code == 429 and "Wacht een paar minuten" in limited.get_data(as_text=True)
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert guesser.get("/hr/login").status_code == 200  # reading the form is not limited
    other = colleague.post(
        "/hr/login", data={"email": HR, "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.7"}
    )
    assert other.status_code == 302  # another client is not held back by this one
    behind_proxy = _app(sqlite_system, login_limit="1 per minute", proxy_hops=1).test_client()
    for client_address, status in (("10.0.0.8", 422), ("10.0.0.9", 422), ("10.0.0.8", 429)):
        answer = behind_proxy.post(
            "/hr/login", data={"email": HR, "password": "fout"}, headers={"X-Forwarded-For": client_address}
        )
        assert answer.status_code == status, client_address
    for _ in range(2):
        assert guesser.post("/link/request", data={"email": "jan@voorbeeld.nl"}).status_code == 302
    assert guesser.post("/link/request", data={"email": "jan@voorbeeld.nl"}).status_code == 429
    with sqlite_system.runtime.uow() as uow:
        _token, secret = create_token(uow, sqlite_system.clock.now(), find_hr_user(uow, HR), "sync")
        uow.commit()
    auth = {"Authorization": f"Bearer {secret}"}
    assert [guesser.get("/api/v1/rounds", headers=auth).status_code for _ in range(2)] == [200, 200]
    refused = guesser.get("/api/v1/rounds", headers=auth)
    assert refused.status_code == 429 and refused.get_json()["error"] == "too_many_requests"
    assert "Retry-After" in refused.headers


def test_logout_ends_her_sessions_in_every_browser(sqlite_system):
    seed(sqlite_system)
    app = sqlite_system.app()
    desk, laptop = hr_client(app), hr_client(app)
    assert laptop.get("/hr/").status_code == 200
    desk.post("/hr/logout")
    for browser in (desk, laptop):
        response = browser.get("/hr/")
        assert response.status_code == 302 and "/hr/login" in response.headers["Location"]


def test_a_new_password_ends_the_other_sessions_and_must_be_strong(sqlite_system):
    seed(sqlite_system)
    app = sqlite_system.app()
    here, elsewhere = hr_client(app), hr_client(app)
    weak = here.post("/hr/password", data={"current": PASSWORD, "new": "Welkom2026!!", "repeat": "Welkom2026!!"})
    assert weak.status_code == 422 and "te makkelijk te raden" in weak.get_data(as_text=True)
    good = "drie losse woorden"
    wrong = here.post("/hr/password", data={"current": "fout", "new": good, "repeat": good})
    assert wrong.status_code == 422 and "niet je huidige wachtwoord" in wrong.get_data(as_text=True)
    typo = here.post("/hr/password", data={"current": PASSWORD, "new": "drie losse woorden", "repeat": "drie losse"})
    assert typo.status_code == 422 and "niet gelijk" in typo.get_data(as_text=True)
    done = here.post(
        "/hr/password", data={"current": PASSWORD, "new": "drie losse woorden", "repeat": "drie losse woorden"}
    )
    assert done.status_code == 302
    assert here.get("/hr/").status_code == 200
    assert elsewhere.get("/hr/").status_code == 302
    assert _login(app.test_client(), HR, PASSWORD).status_code == 422
    assert _login(app.test_client(), HR, "drie losse woorden").status_code == 302


def test_disabling_an_hr_user_ends_sessions_and_tokens_and_login(sqlite_system, monkeypatch):
    seed(sqlite_system)
    monkeypatch.setenv("DATABASE_URL", sqlite_system.config.database_url)
    monkeypatch.setenv("BROKER_URL", "embedded")
    app = sqlite_system.app()
    browser = hr_client(app)
    with sqlite_system.runtime.uow() as uow:
        _token, secret = create_token(uow, sqlite_system.clock.now(), find_hr_user(uow, HR), "sync")
        uow.commit()
    auth = {"Authorization": f"Bearer {secret}"}
    assert browser.get("/api/v1/rounds", headers=auth).status_code == 200
    runner = CliRunner()
    disabled = runner.invoke(main, ["hr", "disable", HR.upper()])
    assert disabled.exit_code == 0, disabled.output
    assert browser.get("/hr/").status_code == 302
    assert browser.get("/api/v1/rounds", headers=auth).status_code == 401
    assert _login(app.test_client(), HR, PASSWORD).status_code == 422
    assert runner.invoke(main, ["hr", "enable", HR]).exit_code == 0
    assert _login(app.test_client(), HR, PASSWORD).status_code == 302
    # Enabled again, but the tokens of before stay revoked (disabled after a leak: new ones).
    assert browser.get("/api/v1/rounds", headers=auth).status_code == 401
    with sqlite_system.runtime.uow() as uow:
        _token, fresh = create_token(uow, sqlite_system.clock.now(), find_hr_user(uow, HR), "sync 2")
        uow.commit()
    fresh_auth = {"Authorization": f"Bearer {fresh}"}
    assert browser.get("/api/v1/rounds", headers=fresh_auth).status_code == 200
    kept = runner.invoke(main, ["hr", "password", HR, "--password", "nog een heel ander wachtwoord"])
    assert kept.exit_code == 0 and browser.get("/api/v1/rounds", headers=fresh_auth).status_code == 200
    revoked = runner.invoke(
        main, ["hr", "password", HR, "--password", "nog een heel ander wachtwoord", "--revoke-tokens"]
    )
    assert revoked.exit_code == 0 and "API-tokens ingetrokken" in revoked.output
    assert browser.get("/api/v1/rounds", headers=fresh_auth).status_code == 401
    assert runner.invoke(main, ["hr", "disable", "niemand@voorbeeld.nl"]).exit_code == 2
    weak = runner.invoke(main, ["hr", "password", HR, "--password", "kort"])
    assert weak.exit_code == 2 and "minstens 12 tekens" in weak.output
    assert runner.invoke(main, ["hr", "password", HR, "--password", "een heel ander wachtwoord"]).exit_code == 0
    assert _login(app.test_client(), HR, "een heel ander wachtwoord").status_code == 302
    added = runner.invoke(main, ["hr", "add", "nieuw@voorbeeld.nl", "--password", "password1234"])
    assert added.exit_code == 2 and "te makkelijk te raden" in added.output


def test_api_tokens_expire(sqlite_system):
    seed(sqlite_system)
    client = sqlite_system.app().test_client()
    with sqlite_system.runtime.uow() as uow:
        token, secret = create_token(uow, sqlite_system.clock.now(), find_hr_user(uow, HR), "sync", valid_days=1)
        uow.commit()
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/rounds", headers=auth).status_code == 200
    sqlite_system.clock.advance(timedelta(days=1, seconds=1))
    assert client.get("/api/v1/rounds", headers=auth).status_code == 401
    with pytest.raises(ValueError):
        with sqlite_system.runtime.uow() as uow:
            create_token(uow, sqlite_system.clock.now(), find_hr_user(uow, HR), "sync", valid_days=0)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=MIN_LENGTH - 1))
def test_a_short_password_is_refused(password):
    assert password_problem(password) == "too_short"


COMMON_LONG = sorted(p for p in _common() if len(p) >= 6 and p.isalpha())  # words, not "!@#$%^"


@settings(max_examples=50, deadline=None)
@given(
    word=st.sampled_from(COMMON_LONG),
    upper=st.booleans(),
    suffix=st.sampled_from(["", "2026", "!!", "123456", "1!"]),
    times=st.integers(1, 3),
)
def test_a_common_password_in_disguise_is_refused(word, upper, suffix, times):
    password = (word.capitalize() if upper else word) * times + suffix
    if len(password) >= MIN_LENGTH:
        assert password_problem(password) == "common", password


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(["fiets", "boom", "koffie", "regen", "lamp", "kaas", "molen", "trein", "wolk"]),
        min_size=3,
        max_size=5,
        unique=True,
    )
)
def test_a_few_separate_words_are_a_good_password(words):
    assert password_problem(" ".join(words)) is None


def test_every_process_needs_the_same_secret_key(sqlite_system, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_system.config.database_url)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    runner = CliRunner()
    for command in (["web"], ["worker"], ["tick", "--once"], ["inbound", "--port", "0"]):
        refused = runner.invoke(main, command)
        assert refused.exit_code == 2 and "SECRET_KEY is not set" in refused.output, (command, refused.output)
    monkeypatch.setenv("SECRET_KEY", "   ")
    assert runner.invoke(main, ["tick", "--once"]).exit_code == 2
    monkeypatch.setenv("SECRET_KEY", "changeme")  # a short key is guessed from one signed link, offline
    short = runner.invoke(main, ["tick", "--once"])
    assert short.exit_code == 2 and "SECRET_KEY is too short (at least 32 characters)" in short.output
    with pytest.raises(MissingSecretKey):
        _app(sqlite_system, secret_key="")


def test_a_session_from_before_the_epoch_field_or_with_odd_values_is_no_login(sqlite_system):
    seed(sqlite_system)
    client = sqlite_system.app().test_client()
    with sqlite_system.runtime.uow() as uow:
        user_id = uow.session.scalar(select(HrUser.id))
    for values in (
        {"hr_user_id": user_id},
        {"hr_user_id": str(user_id), "hr_epoch": 0},
        {"hr_user_id": 2**70, "hr_epoch": 0},
        {"hr_user_id": user_id, "hr_epoch": "0"},
    ):
        with client.session_transaction() as session:
            session.clear()
            session.update(values)
        assert client.get("/hr/").status_code == 302, values


def test_limits_counted_in_redis_are_shared_by_web_processes_and_survive_its_absence(sqlite_system):
    import redis

    from tests.conftest import REDIS_URL, RUN_ID, _require

    _require(REDIS_URL, "Redis")
    seed(sqlite_system)
    shared = {"login_limit": "2 per minute", "limiter_storage_url": REDIS_URL, "queue_prefix": f"limits-{RUN_ID}"}
    try:
        first, second = (_app(sqlite_system, **shared).test_client() for _ in range(2))
        assert [_login(c, HR, "fout").status_code for c in (first, second, first)] == [422, 422, 429]
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"*limits-{RUN_ID}*"))  # the limits library puts LIMITS: first
        if keys:
            client.delete(*keys)
        client.close()
    assert keys
    away = _app(sqlite_system, login_limit="2 per minute", limiter_storage_url="redis://127.0.0.1:1/0")
    assert _login(away.test_client(), HR, PASSWORD).status_code == 302
