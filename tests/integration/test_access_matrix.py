"""Who sees what, over the real app: every personal and HR route × every kind of visitor ×
someone else's POP. Two teams, each POP past the exchange, each preparation with a
private and a shared answer carrying a marker no page may show to the wrong reader."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from intake import access_web, commands, scheduling
from shared.models import HrUser, Meeting, Person, Pop, Round
from shared.tokens import make_link_token
from tests.integration.helpers import MEETING_UTC, add_hr, hr_client, text_of

PEOPLE = {  # key: (name, email, manager key)
    "marieke": ("Marieke de Vries", "marieke@voorbeeld.nl", None),
    "jan": ("Jan Jansen", "jan@voorbeeld.nl", "marieke"),
    "bert": ("Bert Bakker", "bert@voorbeeld.nl", None),
    "eva": ("Eva Smit", "eva@voorbeeld.nl", "bert"),
}
EMPLOYEE_QUESTIONS = ("strengths", "enjoy_most")  # (private, shared)
MANAGER_QUESTIONS = ("growth_options", "competence_profile_fit")


def private(key: str) -> str:
    return f"PRIV{key.upper()}MARK7Q"


def shared(key: str) -> str:
    return f"SHARED{key.upper()}MARK7Q"


ALL_MARKERS = {private(k) for k in PEOPLE} | {shared(k) for k in PEOPLE}


@dataclass
class World:
    ids: dict[str, int]
    pops: dict[str, int]  # "marieke" team -> pop id, "bert" team -> pop id
    meetings: dict[int, int]  # pop id -> its conversation's meeting id
    round_id: int
    epochs: dict[str, int]

    def pop_of(self, key: str) -> int:
        return self.pops[PEOPLE[key][2] or key]

    def token(self, secret: str, key: str, pop_id: int, epoch: int | None = None) -> str:
        return make_link_token(secret, self.ids[key], pop_id, self.epochs[key] if epoch is None else epoch)


def _build(system) -> World:
    now = system.clock.now()
    with system.runtime.uow() as uow:
        people: dict[str, Person] = {}
        for key, (name, email, boss) in PEOPLE.items():
            people[key] = Person(name=name, email=email, language="nl", manager=people.get(boss))
            uow.session.add(people[key])
        add_hr(uow)
        uow.session.flush()
        pops = {}
        for employee, boss in (("jan", "marieke"), ("eva", "bert")):
            pop = scheduling.schedule_meeting(
                uow, now, employee_email=PEOPLE[employee][1], start=MEETING_UTC, minutes=60, actor="test"
            ).pop
            pops[boss] = pop.id
            for key, role, (priv_q, shared_q) in (
                (employee, "employee", EMPLOYEE_QUESTIONS),
                (boss, "manager", MANAGER_QUESTIONS),
            ):
                answers = {
                    priv_q: {"text": private(key), "share": False},
                    shared_q: {"text": shared(key), "share": True},
                }
                commands.save_preparation(
                    uow,
                    now,
                    pop,
                    people[key],
                    answers=answers,
                    potential="high" if role == "manager" else None,
                    willingness="low" if role == "manager" else None,
                    submit=True,
                    loaded_version=None,
                )
        uow.commit()
        world = World(
            ids={k: p.id for k, p in people.items()},
            pops=pops,
            meetings={m.pop_id: m.id for m in uow.session.scalars(select(Meeting))},
            round_id=uow.session.scalar(select(Round.id)),
            epochs={k: 0 for k in people},
        )
    system.settle()
    with system.runtime.uow() as uow:
        assert {uow.session.get(Pop, pid).state for pid in pops.values()} == {"alignment"}
    return world


def _url(rule: str, **values) -> str:
    values.setdefault("kind", "invitation")  # a kind of mail (HR's mail texts)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule)


def _rules(app, blueprint: str):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint.startswith(blueprint + "."):
            yield rule, sorted(rule.methods & {"GET", "POST"})


@pytest.fixture
def world(sqlite_system):
    return _build(sqlite_system)


def test_someone_elses_link_opens_nothing(sqlite_system, world):
    """Tokens are bound to person + POP: a real person with the wrong POP gets a 404 on every route."""
    app, secret = sqlite_system.app(), sqlite_system.config.secret_key
    client = app.test_client()
    strangers = [  # (who, whose POP): the other team's manager and employee, and the own-team mix-ups
        ("marieke", "bert"),
        ("jan", "bert"),
        ("bert", "marieke"),
        ("eva", "marieke"),
    ]
    tokens = {f"{who}->{team}": world.token(secret, who, world.pops[team]) for who, team in strangers}
    tokens["revoked"] = world.token(secret, "jan", world.pops["marieke"], epoch=1)
    tokens["garbage"] = "not-a-token"
    tokens["other-secret"] = make_link_token("another-secret", world.ids["jan"], world.pops["marieke"], 0)
    checked = 0
    for rule, methods in _rules(app, "personal"):
        for label, token in tokens.items():
            team = label.split("->")[1] if "->" in label else "marieke"
            url = _url(rule.rule, token=token, meeting_id=world.meetings[world.pops[team]])
            for method in methods:
                response = client.open(url, method=method, data={})
                assert response.status_code == 404, (label, method, url, response.status_code)
                assert not ALL_MARKERS & set(re.findall(r"\w+MARK7Q", text_of(response)))
                checked += 1
    assert checked >= 15 * len(tokens)  # every personal route was reached


def test_hr_pages_need_an_hr_login(sqlite_system, world):
    app, secret = sqlite_system.app(), sqlite_system.config.secret_key
    anonymous = app.test_client()
    person = app.test_client()  # someone with a working personal link is still no HR user
    assert person.get(f"/p/{world.token(secret, 'marieke', world.pops['marieke'])}").status_code == 200
    rules = [(rule, methods) for rule, methods in _rules(app, "hr") if rule.endpoint != "hr.login"]
    assert {"hr.pop", "hr.pops", "hr.plan_pdf_download", "hr.cancel"} <= {rule.endpoint for rule, _m in rules}
    for rule, methods in rules:
        url = _url(
            rule.rule,
            pop_id=world.pops["bert"],
            round_id=world.round_id,
            outbox_id=1,
            version="v2",
            draft_id=1,
            role="employee",
        )
        for client in (anonymous, person):
            for method in methods:
                response = client.open(url, method=method, data={"reason": "weg"})
                assert response.status_code == 302, (method, url)
                assert response.headers["Location"].startswith("/hr/login"), (method, url)
    with sqlite_system.runtime.uow() as uow:  # nothing was cancelled by the refused POSTs
        assert {pop.state for pop in uow.session.scalars(select(Pop))} == {"alignment"}


def test_hr_never_sees_preparation_text(sqlite_system, world):
    """HR sees states, meetings, agreements; no answer of any preparation, shared or private."""
    client = hr_client(sqlite_system.app())
    seen = 0
    for rule, methods in _rules(sqlite_system.app(), "hr"):
        if "GET" not in methods or rule.endpoint == "hr.login":
            continue
        for pop_id in world.pops.values():
            response = client.get(
                _url(rule.rule, pop_id=pop_id, round_id=world.round_id, version="v2", draft_id=1, role="employee")
            )
            assert response.status_code in (200, 404), rule.rule  # 404: the plan PDF before signing
            for marker in ALL_MARKERS:
                assert marker.encode() not in response.data, (rule.rule, marker)
            seen += 1
    page = text_of(client.get(f"/hr/pop/{world.pops['marieke']}"))
    assert "Jan Jansen" in page and "Afstemming" in page  # the page itself is there
    assert seen >= 8


@pytest.mark.parametrize("key", list(PEOPLE))
def test_each_side_sees_its_own_answers_and_only_what_the_other_shared(sqlite_system, world, key):
    app, secret = sqlite_system.app(), sqlite_system.config.secret_key
    client = app.test_client()
    pop_id = world.pop_of(key)
    other = next(k for k in PEOPLE if k != key and world.pop_of(k) == pop_id)
    token = world.token(secret, key, pop_id)
    allowed = {private(key), shared(key), shared(other)}
    for rule, methods in _rules(app, "personal"):
        if "GET" not in methods:
            continue
        response = client.get(_url(rule.rule, token=token, meeting_id=world.meetings[pop_id]), follow_redirects=True)
        assert response.status_code in (200, 404), (rule.rule, response.status_code)
        found = set(re.findall(r"\w+MARK7Q", text_of(response)))
        assert found <= allowed, (rule.rule, found - allowed)
    overview = text_of(client.get(f"/p/{token}"))
    assert shared(other) in overview and private(other) not in overview  # after the exchange
    assert private(key) in text_of(client.get(f"/p/{token}/prepare"))  # their own, in full


def test_the_web_helpers_decide_through_shared_access(sqlite_system, world):
    from flask import g

    app = sqlite_system.app()
    with app.test_request_context("/"):
        from intake import web

        session = web.uow().session
        pop = session.get(Pop, world.pops["marieke"])
        assert access_web.current_viewer().kind == "anonymous"
        assert not access_web.allowed("view_pop", pop)
        g.person, g.role = session.get(Person, world.ids["jan"]), "employee"
        assert [answer for _question, answer in access_web.other_side_points(pop, "nl")] == [shared("marieke")]
        assert set(access_web.preparation_texts(pop, "employee").values()) == {private("jan"), shared("jan")}
        assert set(access_web.preparation_texts(pop, "manager").values()) == {shared("marieke")}
        with pytest.raises(NotFound):
            access_web.require("view_pop", session.get(Pop, world.pops["bert"]))
        assert not access_web.allowed("sign", pop)  # not before the meeting
        g.person, g.role = session.get(Person, world.ids["bert"]), "manager"
        with pytest.raises(NotFound):  # a manager of another team
            access_web.require("view_pop", pop)
        assert access_web.other_side_points(pop, "nl") is None
        g.hr_user = session.scalar(select(HrUser))
        assert access_web.current_viewer().kind == "hr" and access_web.allowed("view_timeline", pop)
        assert access_web.preparation_texts(pop, "employee") == {}
        assert access_web.other_side_points(pop, "nl") is None
        assert not access_web.allowed("download_plan_pdf", pop)
