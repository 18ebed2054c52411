"""The JSON API /api/v1/ on a real database: tokens, people, import, rounds, POPs, errors,
and never a private preparation answer in any answer."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, insert, select

from intake import commands
from intake.api.tokens import create_token, find_hr_user, revoke_token
from intake.app import create_app
from intake.i18n import ERRORS, translate
from popflow.cli_api import hr_token_group
from shared.models import ApiToken, Event, Person, Pop, Preparation, Round
from tests.integration.helpers import EMPLOYEE, MANAGER, add_hr, hr_client, schedule, seed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PEOPLE_CSV = (
    "name,email,manager_email,department,language\n"
    "Marieke de Vries,marieke@voorbeeld.nl,,Zorg,nl\n"
    "Jan Jansen,jan@voorbeeld.nl,marieke@voorbeeld.nl,Zorg,nl\n"
    "Emma Clarke,emma@voorbeeld.nl,marieke@voorbeeld.nl,Zorg,en\n"
)
ROUND = {
    "name": "POP-ronde 2027",
    "meetings_from": "2027-04-01",
    "meetings_until": "2027-05-31",
    "departments": ["Zorg"],
    "review_every_months": 4,
    "plan_months": 12,
}


def _token(system, email: str = "hr@voorbeeld.nl", name: str = "script") -> tuple[int, str]:
    with system.runtime.uow() as uow:
        user = find_hr_user(uow, email) or add_hr(uow, email)
        token, secret = create_token(uow, system.clock.now(), user, name)
        uow.commit()
        return token.id, secret


@pytest.fixture
def api(sqlite_system):
    """A test client and the headers of a live token."""
    token_id, secret = _token(sqlite_system)
    client = sqlite_system.app().test_client()
    client.token_id = token_id
    client.auth = {"Authorization": f"Bearer {secret}"}
    return client


def _people_count(system) -> int:
    with system.runtime.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Person))


# Tokens -------------------------------------------------------------------------------------------


def test_without_a_working_bearer_token_nothing_is_answered(sqlite_system, api):
    revoked_id, revoked = _token(sqlite_system, name="old")
    with sqlite_system.runtime.uow() as uow:
        revoke_token(uow, sqlite_system.clock.now(), revoked_id)
        uow.commit()
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": f"Bearer {revoked}"},
        {"Authorization": f"Basic {revoked}"},
        {"Authorization": api.auth["Authorization"].replace("Bearer ", "Token ")},
    ):
        for method, path in (
            ("get", "/api/v1/people"),
            ("get", "/api/v1/pops"),
            ("post", "/api/v1/rounds"),
            ("get", "/api/v1/pops/1"),
            ("post", "/api/v1/people/import"),
        ):
            answer = getattr(api, method)(path, headers=headers)
            assert answer.status_code == 401, (headers, path)
            assert answer.headers["WWW-Authenticate"].startswith("Bearer")
            assert answer.get_json()["error"] == "unauthorized" and answer.get_json()["message"]
    assert api.get("/api/v1/people", headers=api.auth).status_code == 200
    # The document is public.
    assert api.get("/api/v1/openapi.json").get_json()["openapi"].startswith("3.1")


def test_the_hr_session_cookie_does_not_open_the_api(sqlite_system, api):
    seed(sqlite_system)
    browser = hr_client(sqlite_system.app())
    assert browser.get("/hr/").status_code == 200  # logged in
    answer = browser.get("/api/v1/people")
    assert answer.status_code == 401 and answer.get_json()["error"] == "unauthorized"
    assert browser.post("/api/v1/rounds", json=ROUND).status_code == 401


def test_only_the_hash_is_stored_and_use_is_noted_once_a_minute(sqlite_system, api):
    secret = api.auth["Authorization"].removeprefix("Bearer ")
    assert len(secret) >= 43  # 32 random bytes

    def stored() -> tuple[str, datetime | None]:
        with sqlite_system.runtime.uow() as uow:
            token = uow.session.get(ApiToken, api.token_id)
            return token.token_hash, token.last_used_at

    assert stored() == (hashlib.sha256(secret.encode()).hexdigest(), None)
    start = sqlite_system.clock.now()
    api.get("/api/v1/rounds", headers=api.auth)
    assert stored()[1] == start
    sqlite_system.clock.advance(timedelta(seconds=59))
    api.get("/api/v1/rounds", headers=api.auth)
    assert stored()[1] == start
    sqlite_system.clock.advance(timedelta(seconds=2))
    api.get("/api/v1/rounds", headers=api.auth)
    assert stored()[1] == start + timedelta(seconds=61)


def test_writes_need_no_csrf_token_while_the_forms_still_do(sqlite_system, api):
    app = create_app(sqlite_system.runtime, testing=True)  # CSRF protection on, as in production
    client = app.test_client()
    assert client.post("/hr/login", data={"email": "x@y.nl", "password": "z"}).status_code == 400
    made = client.post("/api/v1/rounds", json={**ROUND, "departments": []}, headers=api.auth)
    assert made.status_code == 201, made.get_json()
    for path, status in (("/api/v1/nothing", 404), ("/api/v1/people", 405), ("/api/v1/rounds/1/summary", 405)):
        answer = client.post(path, headers=api.auth)
        assert (answer.status_code, answer.mimetype) == (status, "application/json"), path


def test_tokens_from_the_command_line(sqlite_system, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_system.runtime.config.database_url)
    monkeypatch.setenv("BROKER_URL", "embedded")
    with sqlite_system.runtime.uow() as uow:
        add_hr(uow)
        uow.commit()
    runner = CliRunner()
    unknown = runner.invoke(hr_token_group, ["create", "--email", "niemand@voorbeeld.nl", "--name", "x"])
    assert unknown.exit_code == 2 and "Er is geen HR-gebruiker" in unknown.output
    made = runner.invoke(hr_token_group, ["create", "--email", "HR@voorbeeld.nl", "--name", "salaris-sync"])
    assert made.exit_code == 0, made.output
    printed = json.loads(made.output)
    client = sqlite_system.app().test_client()
    headers = {"Authorization": f"Bearer {printed['token']}"}
    assert client.get("/api/v1/rounds", headers=headers).status_code == 200
    listed = json.loads(runner.invoke(hr_token_group, ["list", "--json"]).output)
    assert [(t["id"], t["name"], t["hr_user"], t["revoked_at"]) for t in listed] == [
        (printed["id"], "salaris-sync", "hr@voorbeeld.nl", None)
    ]
    assert printed["token"] not in runner.invoke(hr_token_group, ["list"]).output
    assert runner.invoke(hr_token_group, ["revoke", str(printed["id"])]).exit_code == 0
    assert client.get("/api/v1/rounds", headers=headers).status_code == 401
    assert runner.invoke(hr_token_group, ["revoke", "999"]).exit_code == 2


# Errors -------------------------------------------------------------------------------------------


def test_every_error_is_json_with_a_stable_code(api):
    cases = [
        ("get", "/api/v1/nothing-here", 404, "not_found"),
        ("get", "/api/v1/", 404, "not_found"),
        ("get", "/api/v1/pops/abc", 404, "not_found"),
        ("delete", "/api/v1/people", 405, "method_not_allowed"),
        ("get", "/api/v1/people?limit=abc", 400, "bad_parameter"),
        ("get", "/api/v1/people?limit=0", 400, "bad_parameter"),
        ("get", "/api/v1/people?limit=501", 400, "bad_parameter"),
        ("get", "/api/v1/people?after=-1", 400, "bad_parameter"),
        ("get", "/api/v1/pops?limit=abc", 400, "bad_parameter"),
        ("get", "/api/v1/pops?limit=1&limit=2", 400, "bad_parameter"),
        ("get", "/api/v1/pops?before=%C2%B2", 400, "bad_parameter"),
        ("get", "/api/v1/pops?round=x", 400, "bad_parameter"),
        ("get", "/api/v1/pops?phase=nope", 400, "bad_parameter"),
        ("get", "/api/v1/pops?overdue=maybe", 400, "bad_parameter"),
        ("get", "/api/v1/pops?department=a%00b", 400, "bad_parameter"),
        ("get", "/api/v1/pops/999", 404, "not_found"),
        ("get", f"/api/v1/pops/{10**30}", 404, "not_found"),
        ("get", "/api/v1/pops/999/timeline", 404, "not_found"),
        ("get", "/api/v1/rounds/999/summary", 404, "not_found"),
        ("post", "/api/v1/rounds/999/launch", 404, "not_found"),
        ("post", f"/api/v1/rounds/{10**30}/launch", 404, "not_found"),
    ]
    for method, path, status, code in cases:
        answer = getattr(api, method)(path, headers=api.auth)
        assert (answer.status_code, answer.mimetype, answer.get_json()["error"]) == (
            status,
            "application/json",
            code,
        ), path
        assert answer.get_json()["message"], path
    assert "GET" in api.delete("/api/v1/people", headers=api.auth).headers["Allow"]


def test_a_crash_is_a_json_500_too(sqlite_system, api, monkeypatch):
    from intake import pop_query

    def broken(*_args, **_kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(pop_query, "page", broken)
    client = create_app(sqlite_system.runtime).test_client()  # not testing: errors are answered, not raised
    answer = client.get("/api/v1/pops", headers={**api.auth, "Accept-Language": "en"})
    assert (answer.status_code, answer.get_json()) == (
        500,
        {"error": "server_error", "message": "Something went wrong on our side. Please try again in a few minutes."},
    )


def test_messages_follow_accept_language(api):
    dutch = api.get("/api/v1/pops/999", headers=api.auth).get_json()["message"]
    english = api.get("/api/v1/pops/999", headers={**api.auth, "Accept-Language": "en-GB,en;q=0.8"})
    assert (dutch, english.get_json()["message"]) == ("Niet gevonden", "Not found")
    assert (
        api.get("/api/v1/people", headers={"Accept-Language": "en"})
        .get_json()["message"]
        .startswith("Send an API token")
    )


# People -------------------------------------------------------------------------------------------


def _import(api, body, content_type="text/csv", query="", lang=None):
    headers = {**api.auth, "Content-Type": content_type, **({"Accept-Language": lang} if lang else {})}
    return api.post(f"/api/v1/people/import{query}", data=body, headers=headers)


def test_a_dry_run_counts_and_writes_nothing_then_the_import_writes(sqlite_system, api):
    dry = _import(api, PEOPLE_CSV, query="?dry_run=1")
    assert (dry.status_code, dry.get_json()) == (200, {"created": 3, "updated": 0, "unchanged": 0, "dry_run": True})
    assert _people_count(sqlite_system) == 0
    real = _import(api, PEOPLE_CSV, content_type="text/csv; charset=utf-8")
    assert real.get_json() == {"created": 3, "updated": 0, "unchanged": 0, "dry_run": False}
    assert _people_count(sqlite_system) == 3
    again = _import(api, PEOPLE_CSV.replace("Zorg,en", "IT,en"), query="?dry_run=false")
    assert again.get_json() == {"created": 0, "updated": 1, "unchanged": 2, "dry_run": False}
    people = api.get("/api/v1/people", headers=api.auth).get_json()
    assert people["total"] == 3 and people["next"] is None
    assert people["items"][2] == {
        "id": people["items"][2]["id"],
        "name": "Emma Clarke",
        "email": "emma@voorbeeld.nl",
        "manager_email": "marieke@voorbeeld.nl",
        "department": "IT",
        "language": "en",
        "employee_number": None,
        "active": True,
    }


def test_xlsx_and_multipart_uploads(sqlite_system, api):
    book = Workbook()
    sheet = book.active
    for line in PEOPLE_CSV.splitlines():
        sheet.append(line.split(","))
    sheet.append(["Piet Pieters", "piet@voorbeeld.nl", "marieke@voorbeeld.nl", "Zorg", "nl"])
    data = io.BytesIO()
    book.save(data)
    made = _import(api, data.getvalue(), content_type=XLSX, query="?dry_run=true")
    assert made.get_json() == {"created": 4, "updated": 0, "unchanged": 0, "dry_run": True}
    form = {"file": (io.BytesIO(data.getvalue()), "mensen.xlsx")}
    upload = api.post("/api/v1/people/import", data=form, headers=api.auth, content_type="multipart/form-data")
    assert upload.status_code == 200 and upload.get_json()["created"] == 4
    csv_form = {"file": (io.BytesIO(PEOPLE_CSV.encode()), "export")}  # no extension: CSV by default
    again = api.post("/api/v1/people/import", data=csv_form, headers=api.auth, content_type="multipart/form-data")
    assert again.get_json() == {"created": 0, "updated": 0, "unchanged": 3, "dry_run": False}
    assert _people_count(sqlite_system) == 4


def test_a_file_with_problems_says_row_and_column_and_writes_nothing(sqlite_system, api):
    bad = PEOPLE_CSV + "Piet,geen-adres,baas@voorbeeld.nl,Zorg,de\n"
    for query in ("", "?dry_run=1"):
        answer = _import(api, bad, query=query)
        assert answer.status_code == 422
        body = answer.get_json()
        assert body["error"] == "invalid_file" and body["dry_run"] == (query != "")
        assert body["problems"] == [
            {
                "row": 5,
                "column": "email",
                "code": "invalid_email",
                "value": "geen-adres",
                "message": "rij 5, kolom email: ongeldig e-mailadres geen-adres",
            },
            {
                "row": 5,
                "column": "manager_email",
                "code": "unknown_manager",
                "value": "baas@voorbeeld.nl",
                "message": "rij 5, kolom manager_email: onbekende leidinggevende baas@voorbeeld.nl",
            },
            {
                "row": 5,
                "column": "language",
                "code": "bad_language",
                "value": "de",
                "message": "rij 5, kolom language: taal moet nl of en zijn, niet 'de'",
            },
        ]
    english = _import(api, bad, lang="en").get_json()
    assert english["problems"][1]["message"] == "row 5, column manager_email: unknown manager baas@voorbeeld.nl"
    assert _people_count(sqlite_system) == 0
    for body, code in ((b"", "empty_file"), (b"\x00\x01binary", "unreadable_csv")):
        answer = _import(api, body)
        assert answer.status_code == 422 and answer.get_json()["problems"][0]["code"] == code
    assert _import(api, b"not a spreadsheet", content_type=XLSX).get_json()["problems"][0]["code"] == "unreadable_xlsx"
    assert _import(api, PEOPLE_CSV, content_type="application/json").status_code == 415
    too_large = _import(api, PEOPLE_CSV + "x" * (1024 * 1024))
    assert (too_large.status_code, too_large.get_json()["error"]) == (413, "too_large")
    assert _import(api, PEOPLE_CSV, query="?dry_run=misschien").get_json()["error"] == "bad_parameter"
    empty_form = api.post(
        "/api/v1/people/import", data={"other": "x"}, headers=api.auth, content_type="multipart/form-data"
    )
    assert (empty_form.status_code, empty_form.get_json()["error"]) == (400, "file_missing")
    assert _people_count(sqlite_system) == 0


def test_people_come_in_pages_with_a_cursor(sqlite_system, api):
    lines = ["name,email,manager_email,department"] + [
        f"Mens {n},mens{n}@voorbeeld.nl,,Afdeling {n % 3}" for n in range(12)
    ]
    assert _import(api, "\n".join(lines)).status_code == 200
    seen, after = [], None
    while True:
        page = api.get("/api/v1/people?limit=5" + (f"&after={after}" if after else ""), headers=api.auth).get_json()
        assert page["total"] == 12 and len(page["items"]) <= 5
        seen += [person["email"] for person in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == [f"mens{n}@voorbeeld.nl" for n in range(12)]


# Rounds -------------------------------------------------------------------------------------------


def test_create_launch_and_count_a_round(sqlite_system, api):
    assert _import(api, PEOPLE_CSV).status_code == 200
    made = api.post("/api/v1/rounds", json=ROUND, headers=api.auth)
    assert made.status_code == 201
    body = made.get_json()
    round_id = body.pop("id")
    assert body == {
        "name": "POP-ronde 2027",
        "departments": ["Zorg"],
        "meetings_from": "2027-04-01",
        "meetings_until": "2027-05-31",
        "review_every_months": 4,
        "plan_months": 12,
        "exchange_days": 7,
        "review_minutes": 30,
        "prepare_reminder_days": [10, 8],
        "sign_reminder_days": [3, 7],
        "due_reminder_days": 7,
        "review_reminder_days": 2,
        "review_invite_days_before": 28,
        "plan_by_days_before_end": 14,
        "planning_reminder_days": [-7, 0, 7],
        "conversation_types": True,
        "question_set": body["question_set"],
        "created_at": "2027-03-15T09:00:00+00:00",
        "launched_at": None,
    }
    assert [r["id"] for r in api.get("/api/v1/rounds", headers=api.auth).get_json()["items"]] == [round_id]
    launched = api.post(f"/api/v1/rounds/{round_id}/launch", headers=api.auth)
    assert launched.get_json() == {"round_id": round_id, "created": 2, "already_open": 0, "managers_asked": 1}
    again = api.post(f"/api/v1/rounds/{round_id}/launch", headers=api.auth).get_json()
    assert (again["created"], again["already_open"]) == (0, 2)
    summary = api.get(f"/api/v1/rounds/{round_id}/summary", headers=api.auth).get_json()
    assert summary["round_id"] == round_id and summary["total"] == 2
    assert summary["phases"] == {
        "planning": 2,
        "announcement": 0,
        "alignment": 0,
        "agreements": 0,
        "action": 0,
        "completed": 0,
        "cancelled": 0,
    }
    assert summary["departments"] == {"Zorg": summary["phases"]} and summary["overdue_kinds"] == {}
    assert summary["planning_deadline"] == "2027-05-17"  # 14 days before the end of the period
    (manager,) = summary["managers"]
    assert (manager["reports"], manager["planned"], manager["overdue"]) == (2, 0, 0)
    assert api.get("/api/v1/rounds", headers=api.auth).get_json()["items"][0]["launched_at"] is not None
    with sqlite_system.runtime.uow() as uow:
        actors = uow.session.scalars(select(Event.actor).where(Event.kind.in_(("round_created", "round_launched"))))
        assert set(actors) == {f"api:{api.token_id}"}


def test_the_rules_refuse_with_422_in_the_readers_language(sqlite_system, api):
    assert _import(api, PEOPLE_CSV).status_code == 200
    assert api.post("/api/v1/rounds", json=ROUND, headers=api.auth).status_code == 201
    taken = api.post("/api/v1/rounds", json=ROUND, headers=api.auth)
    assert taken.status_code == 422 and taken.get_json() == {
        "error": "round_name_taken",
        "message": "Er is al een ronde met de naam POP-ronde 2027.",
    }
    english = api.post("/api/v1/rounds", json=ROUND, headers={**api.auth, "Accept-Language": "en"}).get_json()
    assert english["message"] == translate(ERRORS["round_name_taken"], "en", name="POP-ronde 2027")
    refusals = {
        "round_period_reversed": {"meetings_from": "2027-06-01"},
        "round_period_past": {"meetings_from": "2026-01-01", "meetings_until": "2026-02-01"},
        "round_name_missing": {"name": "   "},
        "unknown_department": {"departments": ["Zorg", "Bestaat niet"]},
    }
    for code, change in refusals.items():
        answer = api.post("/api/v1/rounds", json={**ROUND, "name": "Andere ronde", **change}, headers=api.auth)
        assert (answer.status_code, answer.get_json()["error"]) == (422, code), code
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Round)) == 1


def test_a_round_without_conversation_types_through_the_api(sqlite_system, api):
    assert _import(api, PEOPLE_CSV).status_code == 200
    made = api.post("/api/v1/rounds", json={**ROUND, "conversation_types": False}, headers=api.auth)
    assert made.status_code == 201 and made.get_json()["conversation_types"] is False
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Round.conversation_types)).one() is False


def test_malformed_bodies_are_400_never_500(api):
    bodies = [
        (b"{not json", "application/json", "bad_json"),
        (b"NaN", "application/json", "bad_json"),
        (b"[1, 2]", "application/json", "bad_json"),
        (b"", "application/json", "bad_json"),
        (json.dumps({**ROUND, "name": 5}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "name": ""}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "name": "x" * 201}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "name": "a\u0000b"}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "meetings_from": "2027-02-30"}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "meetings_from": "20270301"}), "application/json", "bad_field"),
        (json.dumps({k: v for k, v in ROUND.items() if k != "meetings_until"}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "departments": "Zorg"}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "departments": [1]}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "review_every_months": "3"}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "review_every_months": True}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "review_every_months": 13}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "plan_months": 2.5}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "plan_months": 10**40}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "conversation_types": 0}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "conversation_types": "false"}), "application/json", "bad_field"),
        (json.dumps({**ROUND, "department": ["Zorg"]}), "application/json", "unknown_field"),
        ('{"name": "\\ud800"}', "application/json", "bad_field"),
    ]
    for data, content_type, code in bodies:
        answer = api.post("/api/v1/rounds", data=data, content_type=content_type, headers=api.auth)
        assert (answer.status_code, answer.get_json()["error"]) == (400, code), data
    form = api.post("/api/v1/rounds", data={"name": "x"}, headers=api.auth)
    assert (form.status_code, form.get_json()["error"]) == (415, "unsupported_media_type")


# POPs ---------------------------------------------------------------------------------------------

SHAPE = [  # round, department, manager, state, overdue, how many
    ("A", "Verkoop", "baas", "planning", "", 5),
    ("A", "Verkoop", "baas", "announcement", "preparation:employee", 3),
    ("A", "IT", "chef", "alignment", "", 4),
    ("A", "IT", "chef", "agreements", "signature:manager", 2),
    ("B", "Verkoop", "baas", "completed", "", 3),
]


def _build(system) -> dict[str, int]:
    now = system.clock.now()
    with system.runtime.uow() as uow:
        rounds = {name: Round(name=f"Ronde {name}", created_at=now) for name in ("A", "B")}
        bosses = {name: Person(name=name.title(), email=f"{name}@voorbeeld.nl") for name in ("baas", "chef")}
        uow.session.add_all([*rounds.values(), *bosses.values()])
        uow.session.flush()
        for number, (rnd, department, boss, state, overdue, count) in enumerate(SHAPE):
            people = [
                Person(
                    name=f"Mens {number}.{n}",
                    email=f"mens{number}.{n}@voorbeeld.nl",
                    department=department,
                    manager_id=bosses[boss].id,
                )
                for n in range(count)
            ]
            uow.session.add_all(people)
            uow.session.flush()
            uow.session.execute(
                insert(Pop),
                [
                    {
                        "round_id": rounds[rnd].id,
                        "employee_id": p.id,
                        "manager_id": bosses[boss].id,
                        "state": state,
                        "overdue": overdue,
                        "question_set": "v1",
                        "created_at": now,
                        "state_changed_at": now,
                    }
                    for p in people
                ],
            )
        uow.commit()
        return {name: r.id for name, r in rounds.items()}


def _all_pages(api, query: str, limit: int) -> tuple[list[dict], int]:
    rows, before, total = [], None, None
    while True:
        page = api.get(
            f"/api/v1/pops?{query}&limit={limit}" + (f"&before={before}" if before else ""), headers=api.auth
        ).get_json()
        assert total in (None, page["total"]) and len(page["items"]) <= limit
        total, rows, before = page["total"], rows + page["items"], page["next"]
        if before is None:
            return rows, total


def test_pops_filter_like_the_hr_list_and_page_with_a_cursor(sqlite_system, api):
    rounds = _build(sqlite_system)
    rows, total = _all_pages(api, "", 4)
    assert total == len(rows) == 17 and len({r["id"] for r in rows}) == 17
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)  # newest first
    assert set(rows[0]) == {
        "id",
        "state",
        "overdue",
        "round_name",
        "employee_name",
        "employee_email",
        "department",
        "manager_name",
        "manager_email",
        "meeting_start",
        "declined",
    }
    expected = {
        f"round={rounds['A']}": 14,
        f"round={rounds['B']}": 3,
        "phase=announcement": 3,
        "department=IT": 6,
        "manager=BAAS@voorbeeld.nl": 11,
        "overdue=true": 5,
        "overdue=1&department=IT": 2,
        "overdue=false": 17,
        f"round={rounds['A']}&department=Verkoop&overdue=1": 3,
        "phase=cancelled": 0,
        "department=": 17,
    }
    for query, count in expected.items():
        rows, total = _all_pages(api, query, 2)
        assert total == len(rows) == count, query
    rows, _total = _all_pages(api, "department=IT&phase=agreements", 50)
    assert {(r["department"], r["state"], r["overdue"], r["manager_email"]) for r in rows} == {
        ("IT", "agreements", "signature:manager", "chef@voorbeeld.nl")
    }
    first = api.get("/api/v1/pops", headers=api.auth).get_json()
    assert len(first["items"]) == 17 and first["next"] is None  # the default page holds 50


PRIVATE = "Ik wil eigenlijk weg bij dit bedrijf"
SHARED = "Ik ben goed in plannen"
MANAGERS_OWN = "Twijfel over haar inzet"


def test_a_pops_detail_and_timeline_without_any_preparation_answer(sqlite_system, api):
    seed(sqlite_system)
    pop_id = schedule(sqlite_system)
    with sqlite_system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        commands.save_preparation(
            uow,
            sqlite_system.clock.now(),
            pop,
            pop.employee,
            answers={"strengths": {"text": SHARED, "share": True}, "ambitions": {"text": PRIVATE, "share": False}},
            potential=None,
            willingness=None,
            submit=True,
            loaded_version=None,
        )
        commands.save_preparation(
            uow,
            sqlite_system.clock.now(),
            pop,
            pop.manager,
            answers={"growth_room": {"text": MANAGERS_OWN, "share": False}},
            potential="low",
            willingness="high",
            submit=False,
            loaded_version=None,
        )
        uow.commit()
    sqlite_system.settle()
    with sqlite_system.runtime.uow() as uow:  # the answers are there, for their owners
        assert {p.role for p in uow.session.scalars(select(Preparation))} == {"employee", "manager"}
    detail = api.get(f"/api/v1/pops/{pop_id}", headers=api.auth)
    body = detail.get_json()
    assert (body["id"], body["employee"], body["manager"]) == (pop_id, EMPLOYEE, MANAGER)
    assert [m["kind"] for m in body["meetings"]] == ["conversation"]
    assert {a["email"] for a in body["meetings"][0]["attendees"]} == {EMPLOYEE, MANAGER}
    assert "preparations" not in body and "answers" not in json.dumps(body)
    timeline = api.get(f"/api/v1/pops/{pop_id}/timeline", headers=api.auth).get_json()
    assert timeline["pop_id"] == pop_id and timeline["items"] == body["timeline"]
    kinds = [entry["kind"] for entry in timeline["items"]]
    assert kinds[0] == "meeting_scheduled" and "preparation_submitted" in kinds
    with sqlite_system.runtime.uow() as uow:
        round_id = uow.session.get(Pop, pop_id).round_id
    for path in (
        f"/api/v1/pops/{pop_id}",
        f"/api/v1/pops/{pop_id}/timeline",
        "/api/v1/pops",
        f"/api/v1/pops?round={round_id}",
        "/api/v1/people",
        "/api/v1/rounds",
        f"/api/v1/rounds/{round_id}/summary",
    ):
        answer = api.get(path, headers=api.auth)
        assert answer.status_code == 200, path
        text = answer.data.decode()
        for secret in (PRIVATE, SHARED, MANAGERS_OWN, "growth_room", "ambitions"):
            assert secret not in text, (path, secret)


def test_a_pop_with_a_signed_plan_shows_agreements_and_signatures(sqlite_system, api):
    from tests.integration.helpers import MEETING_UTC, agree_and_sign

    seed(sqlite_system)
    pop_id = schedule(sqlite_system)
    sqlite_system.clock.set(MEETING_UTC + timedelta(hours=2))
    sqlite_system.tick()
    agree_and_sign(sqlite_system, "Cursus Excel", pop_id=pop_id, goal="Spreadsheets zelf onderhouden")
    body = api.get(f"/api/v1/pops/{pop_id}", headers=api.auth).get_json()
    assert body["state"] == "action" and [a["what"] for a in body["agreements"]] == ["Cursus Excel"]
    assert body["plan_goal"] == "Spreadsheets zelf onderhouden"
    assert {(s["role"], s["valid"]) for s in body["signatures"]} == {("employee", True), ("manager", True)}
    assert body["plan_hash"] and all(s["content_hash"] == body["plan_hash"] for s in body["signatures"])
    row = api.get("/api/v1/pops?phase=action", headers=api.auth).get_json()["items"][0]
    assert row["id"] == pop_id and row["meeting_start"] == MEETING_UTC.isoformat()
    assert date.fromisoformat(body["meetings"][0]["start"][:10]) == MEETING_UTC.date()
    assert datetime.fromisoformat(body["timeline"][0]["at"]).tzinfo == UTC


def test_a_round_from_a_script_takes_the_same_lead_times_as_hrs_form(sqlite_system, api):
    assert _import(api, PEOPLE_CSV).status_code == 200
    own = {
        "exchange_days": 5,
        "review_minutes": 45,
        "prepare_reminder_days": [9, 6],
        "sign_reminder_days": [2],
        "due_reminder_days": 10,
        "review_reminder_days": 3,
    }
    made = api.post("/api/v1/rounds", json={**ROUND, **own}, headers=api.auth)
    assert made.status_code == 201 and {k: made.get_json()[k] for k in own} == own
    with sqlite_system.runtime.uow() as uow:
        rnd = uow.session.scalars(select(Round)).one()
        assert (rnd.exchange_days, rnd.prepare_reminder_days, rnd.sign_reminder_days) == (5, [9, 6], [2])
    for wrong in (
        {"prepare_reminder_days": [0]},
        {"sign_reminder_days": "3, 7"},
        {"exchange_days": 31},
        {"prepare_reminder_days": [1, 2, 3, 4, 5, 6]},
    ):
        refused = api.post("/api/v1/rounds", json={**ROUND, "name": "Andere ronde", **wrong}, headers=api.auth)
        assert refused.status_code == 400 and refused.get_json()["error"] == "bad_field", wrong


def test_the_round_of_loose_conversations_is_not_launched_by_the_api(sqlite_system, api):
    seed(sqlite_system)
    schedule(sqlite_system)
    (loose,) = api.get("/api/v1/rounds", headers=api.auth).get_json()["items"]
    refused = api.post(f"/api/v1/rounds/{loose['id']}/launch", headers=api.auth)
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "loose_round_not_launched"
    assert api.get("/api/v1/rounds", headers=api.auth).get_json()["items"][0]["launched_at"] is None
