"""HR's own question sets on a real database: drafts change, published versions never do, a
round picks one (or its department's default) and its POPs ask exactly those questions;
a POP keeps its version when a newer one is published; every change is in the audit trail."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from intake import question_defaults, question_files, question_sets
from intake.commands import Conflict, InputError
from intake.rounds import RoundInput, create_round, launch_round
from intake.scheduling import schedule_meeting
from shared.models import Event, Person, Pop, QuestionSetVersion, Round
from shared.models.question_sets import PublishedVersionChanged
from shared.questions import LATEST_VERSION, load_question_set
from tests.integration.helpers import EMPLOYEE, MANAGER, add_hr, hr_client, text_of
from tests.mails import mail_to

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
MEETING = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


def six_questions() -> dict:
    """A set of its own: four employee questions (one optional), two for the manager."""

    def q(qid, nl, en="", core=True):
        return {"id": qid, "text": {"nl": nl, "en": en}, "source": "eigen", "core": core}

    content = question_sets.empty_content()
    content["roles"] = {
        "employee": {
            "themes": [
                {
                    "id": "werk",
                    "title": {"nl": "Je werk", "en": "Your work"},
                    "questions": [
                        q("trots_op", "Waar ben je trots op?", "What are you proud of?"),
                        q("zorg_team", "Hoe zorg je voor je team?"),  # no English: the Dutch shows
                        q("leren_zelf", "Wat wil je dit jaar leren?", "What do you want to learn this year?"),
                        q("nog_iets", "Wil je nog iets kwijt?", "Anything else?", core=False),
                    ],
                }
            ]
        },
        "manager": {
            "themes": [
                {
                    "id": "over",
                    "title": {"nl": "Over {name}", "en": "About {name}"},
                    "questions": [
                        q("groei", "Waar zie je groei?", "Where do you see growth?"),
                        q("steun", "Welke steun is nodig?"),
                    ],
                }
            ]
        },
    }
    return content


def people(system, department: str = "Zorg") -> None:
    with system.runtime.uow() as uow:
        manager = Person(name="Marieke de Vries", email=MANAGER, language="nl", department=department)
        uow.session.add(manager)
        uow.session.add(
            Person(name="Jan Jansen", email=EMPLOYEE, language="nl", manager=manager, department=department)
        )
        add_hr(uow)
        uow.commit()


def published(system, content: dict | None = None, name: str = "Zorgvragen") -> str:
    with system.runtime.uow() as uow:
        draft = question_sets.create_draft(uow, system.clock.now(), "hr:1", name, content or six_questions())
        key = question_sets.publish(uow, system.clock.now(), "hr:1", draft.id)
        uow.commit()
    return key


def launched_round(system, question_set: str | None, departments=("Zorg",)) -> int:
    with system.runtime.uow() as uow:
        rnd = create_round(
            uow,
            system.clock.now(),
            RoundInput(
                name=f"Ronde {question_set}",
                meetings_from=date(2027, 3, 1),
                meetings_until=date(2027, 4, 30),
                departments=list(departments),
                question_set=question_set,
            ),
            "hr:1",
        )
        launch_round(uow, system.clock.now(), rnd.id, "hr:1")
        uow.commit()
        return rnd.id


def test_a_published_version_never_changes_and_a_copy_is_a_new_draft(system):
    system.clock.set(NOW)
    key = published(system)
    assert key == "s1"
    with system.runtime.uow() as uow:
        row = uow.session.scalar(select(QuestionSetVersion).where(QuestionSetVersion.key == key))
        changed = six_questions()
        changed["roles"]["employee"]["themes"][0]["questions"][0]["text"]["nl"] = "Iets anders?"
        for attempt in (
            lambda: question_sets.update_draft(uow, NOW, "hr:1", row.id, changed),
            lambda: question_sets.publish(uow, NOW, "hr:1", row.id),
            lambda: question_sets.discard_draft(uow, NOW, "hr:1", row.id),
        ):
            with pytest.raises(InputError) as refused:
                attempt()
            assert refused.value.code == "qs_not_a_draft"
        row.content = changed  # past the service: the model refuses it too
        with pytest.raises(PublishedVersionChanged):
            uow.session.flush()
        uow.rollback()
    with system.runtime.uow() as uow:
        copy_ = question_sets.copy_to_draft(uow, NOW, "hr:1", key)
        assert copy_.key is None and copy_.copied_from == key and copy_.question_set.name == "Zorgvragen"
        edited = question_sets.update_draft(uow, NOW, "hr:1", copy_.id, changed, revision=1)
        assert edited.revision == 2
        with pytest.raises(Conflict):  # a second tab still at revision 1
            question_sets.update_draft(uow, NOW, "hr:1", copy_.id, six_questions(), revision=1)
        assert question_sets.publish(uow, NOW, "hr:1", copy_.id) == "s2"
        uow.commit()
    with system.runtime.uow() as uow:
        assert load_question_set("s1", uow.session).employee[0].nl == "Waar ben je trots op?"
        assert load_question_set("s2", uow.session).employee[0].nl == "Iets anders?"
        shipped = question_sets.copy_to_draft(uow, NOW, "hr:1", "v2")
        assert shipped.question_set.name == "Kopie van v2"
        assert question_sets.draft_set(shipped).all_questions() == load_question_set("v2").all_questions()


def test_every_change_is_in_the_audit_trail_with_who_and_when(sqlite_system):
    sqlite_system.clock.set(NOW)
    people(sqlite_system)
    with sqlite_system.runtime.uow() as uow:
        draft = question_sets.create_draft(uow, NOW, "hr:7", "Zorgvragen")
        question_sets.update_draft(uow, NOW + timedelta(minutes=1), "api:2", draft.id, six_questions())
        key = question_sets.publish(uow, NOW + timedelta(minutes=2), "cli", draft.id)
        question_defaults.set_department_default(uow, NOW + timedelta(minutes=3), "hr:7", "Zorg", key)
        uow.commit()
        trail = question_sets.history(uow, draft.set_id)
        facts = [
            (f.actor, f.data) for f in uow.session.scalars(select(Event).where(Event.kind == "question_set_default"))
        ]
    assert [(e["kind"], e["actor"], e["at"]) for e in trail] == [
        ("question_set_drafted", "hr:7", NOW),
        ("question_set_edited", "api:2", NOW + timedelta(minutes=1)),
        ("question_set_published", "cli", NOW + timedelta(minutes=2)),
    ]
    assert trail[-1]["version"] == key
    assert facts == [("hr:7", {"department": "Zorg", "version": key})]


def test_a_draft_may_be_empty_but_only_a_complete_set_is_published(sqlite_system):
    with sqlite_system.runtime.uow() as uow:
        draft = question_sets.create_draft(uow, NOW, "hr:1", "Nog leeg")
        with pytest.raises(InputError) as refused:
            question_sets.publish(uow, NOW, "hr:1", draft.id)
        assert (refused.value.code, refused.value.details["path"]) == ("qs_count", "roles.employee.themes")
        bad = six_questions()
        bad["roles"]["manager"]["themes"][0]["questions"][1]["id"] = "trots_op"
        with pytest.raises(InputError) as taken:
            question_sets.update_draft(uow, NOW, "hr:1", draft.id, bad)
        assert taken.value.code == "qs_question_id_taken"
        assert taken.value.details["path"] == "roles.manager.themes[0].questions[1].id"
        with pytest.raises(InputError):
            question_sets.create_draft(uow, NOW, "hr:1", "Twee\nregels")


def test_a_draft_from_the_library_keeps_each_question_under_its_theme(sqlite_system):
    with sqlite_system.runtime.uow() as uow:
        draft = question_sets.draft_from_library(
            uow,
            NOW,
            "hr:1",
            "Uit de bibliotheek",
            {
                "employee": ["strengths", "long_term_ambitions", "dreads"],
                "manager": ["current_staffing", "room_to_grow"],
            },
        )
        qs = question_sets.draft_set(draft)
        assert [q.id for q in qs.employee] == ["strengths", "long_term_ambitions", "dreads"]  # as chosen
        assert [t.id for t in qs.themes["employee"]] == ["strengths", "self", "energy"]
        assert [(t.id, t.department) for t in qs.themes["manager"]] == [("employee", False), ("department", True)]
        assert qs.evaluation == load_question_set(LATEST_VERSION).evaluation
        assert question_sets.publish(uow, NOW, "hr:1", draft.id) == "s1"
        with pytest.raises(InputError):
            question_sets.draft_from_library(uow, NOW, "hr:1", "X", {"employee": ["no_such_question"]})


def test_export_then_import_asks_the_same_questions_under_a_new_key(sqlite_system):
    with sqlite_system.runtime.uow() as uow:
        for version in ("v1", "v2"):
            exported = question_files.export_version(uow, version)
            key = question_files.import_file(uow, NOW, "test", json.loads(json.dumps(exported)))
            again = load_question_set(key, uow.session)
            shipped = load_question_set(version)
            assert again.all_questions() == shipped.all_questions()
            assert dict(again.themes) == dict(shipped.themes)
            assert question_files.export_version(uow, key) == {**exported, "version": key}
        uow.commit()
        listed = question_files.list_versions(uow)
    assert [(i.version, i.status) for i in listed] == [
        ("s2", "published"),
        ("s1", "published"),
        ("v2", "shipped"),
        ("v1", "shipped"),
    ]


def test_a_round_gets_the_department_default_and_never_a_draft(sqlite_system):
    sqlite_system.clock.set(NOW)
    people(sqlite_system)
    key = published(sqlite_system)
    with sqlite_system.runtime.uow() as uow:
        draft = question_sets.create_draft(uow, NOW, "hr:1", "Concept", six_questions())
        uow.commit()
        with pytest.raises(InputError):
            question_defaults.set_department_default(uow, NOW, "hr:1", "Zorg", f"s{draft.id + 10}")
        with pytest.raises(InputError):
            question_defaults.set_department_default(uow, NOW, "hr:1", "Geen afdeling", key)
        question_defaults.set_department_default(uow, NOW, "hr:1", "Zorg", key)
        uow.commit()
    for departments, expected in ((["Zorg"], key), ([], LATEST_VERSION)):
        with sqlite_system.runtime.uow() as uow:
            rnd = create_round(
                uow,
                NOW,
                RoundInput(
                    name=f"R {departments}",
                    meetings_from=date(2027, 3, 1),
                    meetings_until=date(2027, 4, 30),
                    departments=departments,
                ),
                "hr:1",
            )
            assert rnd.question_set == expected
            uow.commit()
    client = hr_client(sqlite_system.app())
    page = text_of(client.get("/hr/rounds"))
    assert f'value="{key}"' in page and "Zorgvragen" in page and "Concept" not in page
    form = {"name": "Met s9", "meetings_from": "2027-03-01", "meetings_until": "2027-04-30", "question_set": "s9"}
    assert client.post("/hr/rounds", data=form).status_code == 422  # no such version: not offered


def test_the_pops_of_a_round_ask_exactly_the_imported_questions_and_keep_them(sqlite_system):
    """Through the app: the employee's preparation shows the six questions (the English left
    empty shows Dutch); a set published later changes nothing for this POP."""
    sqlite_system.clock.set(NOW)
    people(sqlite_system)
    with sqlite_system.runtime.uow() as uow:
        exported = {**six_questions(), "version": "s77", "name": "Elders gemaakt"}
        key = question_files.import_file(uow, NOW, "test", exported)
        uow.commit()
    launched_round(sqlite_system, key)
    with sqlite_system.runtime.uow() as uow:
        schedule_meeting(uow, NOW, employee_email=EMPLOYEE, start=MEETING, minutes=60, location="", actor="test")
        uow.commit()
    sqlite_system.settle()
    path = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].link_path
    client = sqlite_system.app().test_client()

    def asked(lang: str = "nl") -> list[str]:
        page = text_of(client.get(path + ("?lang=en" if lang == "en" else "")))
        return [qid for qid in _ALL_IDS if f'name="answer_{qid}"' in page], page

    ids, page = asked()
    assert ids == ["trots_op", "zorg_team", "leren_zelf", "nog_iets"]
    assert "Waar ben je trots op?" in page and "Hoe zorg je voor je team?" in page
    assert "Waar ben ik goed in?" not in page  # nothing of the shipped set
    changed = copy.deepcopy(six_questions())
    changed["roles"]["employee"]["themes"][0]["questions"][0]["text"]["nl"] = "Een nieuwe vraag?"
    newer = published(sqlite_system, changed, name="Zorgvragen 2")
    with sqlite_system.runtime.uow() as uow:
        question_defaults.set_department_default(uow, NOW, "hr:1", "Zorg", newer)
        uow.commit()
        assert uow.session.scalars(select(Pop.question_set)).all() == [key]
    ids, page = asked()
    assert ids == ["trots_op", "zorg_team", "leren_zelf", "nog_iets"] and "Een nieuwe vraag?" not in page
    assert "Waar ben je trots op?" in page


_ALL_IDS = [
    "trots_op",
    "zorg_team",
    "leren_zelf",
    "nog_iets",
    "groei",
    "steun",
    *(q.id for q in load_question_set("v2").all_questions()),
]


def test_round_rows_name_the_version(sqlite_system):
    sqlite_system.clock.set(NOW)
    people(sqlite_system)
    key = published(sqlite_system)
    launched_round(sqlite_system, key)
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Round.question_set).where(Round.name == f"Ronde {key}")).one() == key


def test_export_and_import_through_the_command_line(sqlite_system, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from popflow.cli import main

    people(sqlite_system)
    monkeypatch.setenv("DATABASE_URL", sqlite_system.runtime.config.database_url)
    monkeypatch.setenv("BROKER_URL", "embedded")
    runner = CliRunner()
    exported = runner.invoke(main, ["questions", "export", "v2"])
    assert exported.exit_code == 0, exported.output
    (tmp_path / "v2.json").write_text(exported.output, encoding="utf-8")
    imported = runner.invoke(main, ["questions", "import", str(tmp_path / "v2.json")])
    assert imported.exit_code == 0, imported.output
    key = imported.output.strip()
    assert key == "s1"
    again = json.loads(runner.invoke(main, ["questions", "export", key]).output)
    assert again == {**json.loads(exported.output), "version": key}
    listed = json.loads(runner.invoke(main, ["questions", "list", "--json"]).output)
    assert [(i["version"], i["status"]) for i in listed] == [("s1", "published"), ("v2", "shipped"), ("v1", "shipped")]
    assert runner.invoke(main, ["questions", "default", "Zorg", key]).exit_code == 0
    with sqlite_system.runtime.uow() as uow:
        assert question_defaults.department_defaults(uow) == {"Zorg": key}
    broken = json.loads(exported.output)
    broken["roles"]["employee"]["themes"][0]["questions"][0]["text"]["nl"] = "Twee\tdelen"
    (tmp_path / "bad.json").write_text(json.dumps(broken), encoding="utf-8")
    refused = runner.invoke(main, ["questions", "import", str(tmp_path / "bad.json")])
    assert refused.exit_code == 2
    assert "roles.employee.themes[0].questions[0].text.nl" in refused.output and "U+0009" in refused.output
    english = runner.invoke(main, ["--lang", "en", "questions", "export", "v9"])
    assert english.exit_code == 2 and "v9" in english.output
    (tmp_path / "not.json").write_text("{nee", encoding="utf-8")
    assert "geen geldige JSON" in runner.invoke(main, ["questions", "import", str(tmp_path / "not.json")]).output


def test_export_and_import_through_the_api(sqlite_system):
    from intake.api.tokens import create_token, find_hr_user

    people(sqlite_system)
    with sqlite_system.runtime.uow() as uow:
        _token, secret = create_token(uow, NOW, find_hr_user(uow, "hr@voorbeeld.nl"), "script")
        uow.commit()
    client = sqlite_system.app().test_client()
    auth = {"Authorization": f"Bearer {secret}"}
    exported = client.get("/api/v1/question-sets/v1", headers=auth)
    assert exported.status_code == 200 and exported.get_json()["format"] == 2
    made = client.post("/api/v1/question-sets", json=exported.get_json(), headers=auth)
    assert made.status_code == 201, made.get_json()
    key = made.get_json()["version"]
    assert made.get_json()["questions"] == {"employee": 22, "manager": 17, "evaluation": 3}
    back = client.get(f"/api/v1/question-sets/{key}", headers=auth).get_json()
    assert back == {**exported.get_json(), "version": key}
    with sqlite_system.runtime.uow() as uow:
        assert load_question_set(key, uow.session).all_questions() == load_question_set("v1").all_questions()
    listed = client.get("/api/v1/question-sets", headers=auth).get_json()
    assert [i["version"] for i in listed["items"]] == [key, "v2", "v1"] and listed["defaults"] == {}
    bad = copy.deepcopy(exported.get_json())
    bad["evaluation"][0]["id"] = bad["evaluation"][1]["id"]
    refused = client.post("/api/v1/question-sets", json=bad, headers={**auth, "Accept-Language": "en"})
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "qs_question_id_taken" and refused.get_json()["field"] == "evaluation[1].id"
    assert client.get("/api/v1/question-sets/s99", headers=auth).status_code == 404
    defaults = client.post("/api/v1/question-set-defaults", json={"department": "Zorg", "version": key}, headers=auth)
    assert defaults.status_code == 200 and defaults.get_json()["defaults"] == {"Zorg": key}
    one = client.post(
        "/api/v1/rounds",
        json={
            "name": "Via API",
            "meetings_from": "2027-04-01",
            "meetings_until": "2027-05-31",
            "departments": ["Zorg"],
        },
        headers=auth,
    )
    assert one.status_code == 201 and one.get_json()["question_set"] == key
    draftless = client.post(
        "/api/v1/rounds",
        json={"name": "Fout", "meetings_from": "2027-04-01", "meetings_until": "2027-05-31", "question_set": "s42"},
        headers=auth,
    )
    assert draftless.status_code == 422 and draftless.get_json()["error"] == "unknown_question_set"
