"""Privacy: retention (both periods, idempotent, recorded, dry run, daily), the subject access
export (JSON + signed plans) and erasure (nothing left to find, counts unchanged, links dead)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import JSON, String, func, select

from intake import agenda_commands, commands, plan_commands, scheduling
from notifier.plan_document import plan_pdf
from popflow.cli_privacy import privacy_group
from shared.config import Config
from shared.models import (
    AgendaPoint,
    Agreement,
    Base,
    Evaluation,
    Event,
    Meeting,
    OutboxMail,
    Person,
    Pop,
    Preparation,
    ProgressEntry,
    Round,
    Signature,
)
from shared.plan import plan_hash
from shared.retention import DONE_ON, apply_retention, months_before, run_daily_retention
from shared.rsvp import Answer, record_answer
from shared.subject_access import ErasureRefused, erase_person, export_person, plan_pdfs
from tests.integration.helpers import MEETING_UTC, add_hr, state
from tests.mails import mail_to

NOW = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)  # where the test clock stands

# -- retention ------------------------------------------------------------------------------
# name: (state, ended how long ago in months, employee preparation submitted)
RETENTION_POPS = {
    "A": ("completed", 13, True),  # past the private period: private answers blanked
    "B": ("completed", 11, True),  # not yet: untouched
    "C": ("completed", 61, True),  # past the plan period: its content deleted
    "D": ("cancelled", 13, False),  # cancelled counts as ended; a draft is private as a whole
    "E": ("action", 90, True),  # still running, however old: untouched
    "F": ("completed", 59, True),  # blanked, but the plan is kept
}


def _build_retention(system) -> dict[str, int]:
    with system.runtime.uow() as uow:
        s = uow.session
        boss = Person(name="Baas", email="baas@voorbeeld.nl")
        rnd = Round(name="Oud", created_at=NOW - timedelta(days=3000))
        s.add_all([boss, rnd])
        s.flush()
        ids = {}
        for name, (pop_state, months, submitted) in RETENTION_POPS.items():
            employee = Person(name=f"Mens {name}", email=f"{name.lower()}@voorbeeld.nl", manager_id=boss.id)
            s.add(employee)
            s.flush()
            ended = months_before(NOW, months)
            pop = Pop(
                round_id=rnd.id,
                employee_id=employee.id,
                manager_id=boss.id,
                state=pop_state,
                state_changed_at=ended,
                created_at=ended - timedelta(days=400),
            )
            s.add(pop)
            s.flush()
            ids[name] = pop.id
            s.add_all(
                [
                    Preparation(
                        pop_id=pop.id,
                        role="employee",
                        author_id=pop.employee_id,
                        question_set="v1",
                        submitted_at=ended - timedelta(days=300) if submitted else None,
                        answers={
                            "strengths": {"text": f"private-{name}", "share": False},
                            "enjoy_most": {"text": f"shared-{name}", "share": True},
                            "development_points": {"text": "", "share": False},
                        },
                    ),
                    Preparation(
                        pop_id=pop.id,
                        role="manager",
                        author_id=pop.manager_id,
                        question_set="v1",
                        submitted_at=ended,
                        answers={"growth_options": {"text": f"mgr-private-{name}", "share": False}},
                    ),
                    AgendaPoint(
                        pop_id=pop.id, author_role="employee", author_id=pop.employee_id, text=f"agenda-{name}"
                    ),
                    Evaluation(
                        pop_id=pop.id,
                        role="employee",
                        author_id=pop.employee_id,
                        question_set="v1",
                        answers={"x": "goed"},
                        submitted_at=ended,
                    ),
                ]
            )
            agreement = Agreement(pop_id=pop.id, what=f"plan-{name}", owner="Mens")
            s.add(agreement)
            pop.plan_goal = f"goal-{name}"
            s.flush()
            s.add(
                ProgressEntry(
                    pop_id=pop.id,
                    agreement_id=agreement.id,
                    person_id=employee.id,
                    role="employee",
                    status="open",
                    note=f"progress-{name}",
                    recorded_at=ended - timedelta(days=200),
                )
            )
            for role, person_id in (("employee", employee.id), ("manager", boss.id)):
                s.add(
                    Signature(
                        pop_id=pop.id,
                        person_id=person_id,
                        role=role,
                        content_hash=plan_hash([agreement], ""),
                        signed_at=ended - timedelta(days=300),
                    )
                )
        # A's plan carried C's agreement over: A keeps its copy when C's plan goes.
        old = s.scalar(select(Agreement.id).where(Agreement.pop_id == ids["C"]))
        s.add(Agreement(pop_id=ids["A"], what="carried", carried_from_id=old, position=1))
        uow.commit()
    return ids


def _answers(system, pop_id: int) -> dict[str, dict]:
    with system.runtime.uow() as uow:
        return {p.role: p.answers for p in uow.session.scalars(select(Preparation).where(Preparation.pop_id == pop_id))}


def _rows(system, pop_id: int) -> dict[str, int]:
    with system.runtime.uow() as uow:
        return {
            model.__tablename__: uow.session.scalar(
                select(func.count()).select_from(model).where(model.pop_id == pop_id)
            )
            for model in (Agreement, Signature, AgendaPoint, Evaluation, Preparation)
        }


def _events(system, kind: str) -> dict[int, dict]:
    with system.runtime.uow() as uow:
        return {e.pop_id: e.data for e in uow.session.scalars(select(Event).where(Event.kind == kind))}


def test_retention_blanks_private_answers_then_deletes_the_plan(system):
    """On every backend: the bulk deletes and JSON updates are SQL that differs per database."""
    ids = _build_retention(system)
    full = {name: _rows(system, pop_id) for name, pop_id in ids.items()}
    with system.runtime.uow() as uow:
        report = apply_retention(uow, NOW, private_months=12, plan_years=5)
        uow.commit()
    by_id = {pop_id: name for name, pop_id in ids.items()}
    assert {by_id[p]: c["answers"] for p, c in report.blanked.items()} == {"A": 2, "D": 3, "F": 2}
    assert {by_id[p] for p in report.deleted} == {"C"}
    assert report.deleted[ids["C"]] == {
        "signatures": 2,
        "progress_entries": 1,
        "agreements": 1,
        "agenda_points": 1,
        "evaluations": 1,
        "preparations": 2,
    }
    with system.runtime.uow() as uow:  # the plan's goal goes with the plan; younger plans keep theirs
        goals = {by_id[pop.id]: pop.plan_goal for pop in uow.session.scalars(select(Pop))}
    assert goals["C"] == "" and goals["A"] == "goal-A"
    # Blanked: the text of private answers only; keys and share flags stay.
    a = _answers(system, ids["A"])
    assert a["employee"] == {
        "strengths": {"text": "", "share": False},
        "enjoy_most": {"text": "shared-A", "share": True},
        "development_points": {"text": "", "share": False},
    }
    assert a["manager"] == {"growth_options": {"text": "", "share": False}}
    d = _answers(system, ids["D"])  # the draft was never shared: all of it goes
    assert d["employee"]["enjoy_most"] == {"text": "", "share": True}
    for name in ("B", "E"):
        assert _answers(system, ids[name])["employee"]["strengths"]["text"] == f"private-{name}"
    for name in ("A", "B", "D", "E", "F"):
        assert _rows(system, ids[name]) == full[name]  # the plan is kept
    assert set(_rows(system, ids["C"]).values()) == {0}
    with system.runtime.uow() as uow:
        assert uow.session.get(Pop, ids["C"]).state == "completed"  # the POP stays, for the counts
        carried = uow.session.scalar(select(Agreement).where(Agreement.what == "carried"))
        assert carried.carried_from_id is None
    applied = _events(system, "retention_applied")
    assert {by_id[p] for p in applied} == {"A", "D", "F"} and applied[ids["D"]]["answers"] == 3
    assert _events(system, "retention_deleted")[ids["C"]]["agreements"] == 1
    # Idempotent: again (and a day later) nothing more is changed or recorded.
    with system.runtime.uow() as uow:
        events = uow.session.scalar(select(func.count()).select_from(Event))
        again = apply_retention(uow, NOW + timedelta(days=1), private_months=12, plan_years=5)
        uow.commit()
        assert not again.blanked and not again.deleted
        assert uow.session.scalar(select(func.count()).select_from(Event)) == events


def test_retention_periods_come_from_the_environment_and_run_once_a_day(sqlite_system):
    assert Config.from_env({}).retention_private_months == 12 and Config.from_env({}).retention_plan_years == 5
    config = Config.from_env({"RETENTION_PRIVATE_MONTHS": "14", "RETENTION_PLAN_YEARS": "4"})
    assert (config.retention_private_months, config.retention_plan_years) == (14, 4)
    ids = _build_retention(sqlite_system)
    runtime = sqlite_system.runtime
    runtime.config = runtime.config.with_(retention_private_months=14, retention_plan_years=4)
    first = run_daily_retention(runtime)
    assert {p for p in first.blanked} == set() and set(first.deleted) == {ids["C"], ids["F"]}
    assert run_daily_retention(runtime) is None  # the same day: skipped
    delattr(runtime, DONE_ON)  # as after a restart: the events table remembers the run
    assert run_daily_retention(runtime) is None
    sqlite_system.clock.advance(timedelta(days=1))
    later = run_daily_retention(runtime)  # the next day it runs, and has nothing left to do
    assert later is not None and not later.blanked and not later.deleted
    assert len(_events(sqlite_system, "retention_deleted")) == 2
    with runtime.uow() as uow:
        runs = uow.session.scalars(select(Event).where(Event.kind == "retention_run").order_by(Event.id)).all()
        assert [r.data["pops_deleted"] for r in runs] == [2, 0]


def _cli(system, *args: str):
    env = {"DATABASE_URL": system.config.database_url, "BROKER_URL": "embedded", "SECRET_KEY": "test-secret"}
    return CliRunner().invoke(privacy_group, list(args), env=env, catch_exceptions=False)


def test_the_retention_command_and_its_dry_run(sqlite_system):
    ids = _build_retention(sqlite_system)
    dry = _cli(sqlite_system, "retention", "--dry-run", "--now", "2027-03-15 10:00")
    assert dry.exit_code == 0, dry.output
    reported = json.loads(dry.output)
    assert reported["dry_run"] and reported["pops_blanked"] == 3 and reported["pops_deleted"] == 1
    assert _answers(sqlite_system, ids["A"])["employee"]["strengths"]["text"] == "private-A"  # nothing changed
    assert _rows(sqlite_system, ids["C"])["agreements"] == 1 and not _events(sqlite_system, "retention_run")
    real = json.loads(_cli(sqlite_system, "retention", "--now", "2027-03-15 10:00").output)
    # C: 2 signatures, its progress, the agreement, an agenda point, the evaluation, 2 preparations.
    assert real["answers_blanked"] == 7 and real["rows_deleted"] == 8
    assert _answers(sqlite_system, ids["A"])["employee"]["strengths"]["text"] == ""
    assert json.loads(_cli(sqlite_system, "retention", "--now", "2027-03-15 10:00").output)["rows_deleted"] == 0


# -- export and erase -------------------------------------------------------------------------
JAN = "jan.zqxvelde@voorbeeld.nl"
MARIEKE = "marieke@voorbeeld.nl"
MARKER = "zqx"  # in Jan's name, address, number and everything he wrote


def _conversation(system) -> int:
    """Jan Zqxvelde and Marieke prepare, answer, agree and sign, and Jan evaluates: POP in action."""
    clock = system.clock
    with system.runtime.uow() as uow:
        marieke = Person(name="Marieke de Vries", email=MARIEKE)
        jan = Person(name="Jan Zqxvelde", email=JAN, manager=marieke, employee_number="ZQX-4711")
        uow.session.add_all([marieke, jan])
        add_hr(uow)
        pop = scheduling.schedule_meeting(uow, clock.now(), employee_email=JAN, start=MEETING_UTC, actor="test").pop
        meeting = uow.session.scalar(select(Meeting))
        record_answer(
            uow,
            clock.now(),
            Answer(
                uid=meeting.uid,
                sequence=meeting.sequence,
                attendee=JAN,
                partstat="ACCEPTED",
                stamp=clock.now(),
                via="link",
            ),
        )
        for person, answers in (
            (
                jan,
                {
                    "strengths": {"text": "ZQXJANPRIV", "share": False},
                    "enjoy_most": {"text": "ZQXJANSHARED", "share": True},
                },
            ),
            (
                marieke,
                {
                    "growth_options": {"text": "MARIEKEPRIVQ over Zqxvelde", "share": False},
                    "competence_profile_fit": {"text": "MARIEKESHAREDQ", "share": True},
                },
            ),
        ):
            commands.save_preparation(
                uow,
                clock.now(),
                pop,
                person,
                answers=answers,
                potential="high",
                willingness="high",
                submit=True,
                loaded_version=None,
            )
        agenda_commands.save_agenda(
            uow, clock.now(), pop, jan, [agenda_commands.PointInput("ZQXJANAGENDA")], set(), None
        )
        agenda_commands.save_agenda(
            uow, clock.now(), pop, marieke, [agenda_commands.PointInput("Loopbaan van Jan Zqxvelde")], set(), None
        )
        uow.commit()
        pop_id = pop.id
    system.settle()
    clock.set(MEETING_UTC + timedelta(hours=2))
    system.tick()
    system.settle()
    assert state(system, pop_id) == "agreements"
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        commands.save_agreements(
            uow,
            clock.now(),
            pop,
            pop.employee,
            [
                commands.AgreementInput(
                    what="Cursus ZQXAGREEMENT volgen", owner="Jan Zqxvelde", measurable_result="Certificaat"
                )
            ],
            None,
        )
        for signer in (pop.employee, pop.manager):
            commands.sign_plan(uow, clock.now(), pop, signer, plan_hash(commands.current_plan(uow, pop), pop.plan_goal))
        uow.commit()
    system.settle()
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        plan_commands.save_evaluation(
            uow, clock.now(), pop, pop.employee, {"conversation_experience": "ZQXJANEVAL"}, "v1"
        )
        uow.commit()
    assert state(system, pop_id) == "action"
    return pop_id


def _person_id(system, email: str) -> int:
    with system.runtime.uow() as uow:
        return uow.session.scalar(select(Person.id).where(Person.email == email))


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_export_shows_own_answers_and_only_what_the_other_shared(sqlite_system):
    _conversation(sqlite_system)
    jan, marieke = _person_id(sqlite_system, JAN), _person_id(sqlite_system, MARIEKE)
    with sqlite_system.runtime.uow() as uow:
        mine, hers = export_person(uow, jan), export_person(uow, marieke)
        pdfs = plan_pdfs(uow, jan, "nl", partial(plan_pdf, base_url="http://popflow.test"))
    text = json.dumps(mine, ensure_ascii=False)  # JSON-ready as it is
    assert mine["profile"]["email"] == JAN and mine["profile"]["manager"]["email"] == MARIEKE
    assert "ZQXJANPRIV" in text and "ZQXJANSHARED" in text and "MARIEKESHAREDQ" in text
    assert "MARIEKEPRIVQ" not in text  # the manager's private answer is not Jan's to see
    pop = mine["pops"][0]
    assert pop["role"] == "employee" and pop["my_evaluation"]["answers"] == {"conversation_experience": "ZQXJANEVAL"}
    assert [a["what"] for a in pop["agreements"]] == ["Cursus ZQXAGREEMENT volgen"]
    assert {s["role"] for s in pop["signatures"]} == {"employee", "manager"}
    assert pop["meetings"][0]["my_answer"] == "ACCEPTED"
    assert {m["kind"] for m in mine["mails"]} >= {"invitation", "plan_signed"}
    assert {"preparation_submitted", "plan_signed", "meeting_answered"} <= {e["kind"] for e in mine["events"]}
    other = json.dumps(hers, ensure_ascii=False)
    assert "MARIEKEPRIVQ" in other and "ZQXJANSHARED" in other and "ZQXJANPRIV" not in other
    assert hers["pops"][0]["my_evaluation"] is None  # Jan's evaluation is his
    ((name, pdf),) = pdfs.items()
    assert name.endswith(".pdf") and "Cursus ZQXAGREEMENT volgen" in _pdf_text(pdf)


def _every_text_with(engine, needle: str) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text or JSON value in the database that contains needle.

    Not in one-way digests (`*_hash`): their random salt may spell the needle by chance,
    and no text of the person can be read back from them."""
    found = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if not c.name.endswith("_hash")
                and (isinstance(c.type, String | JSON) or isinstance(getattr(c.type, "impl", None), String | JSON))
            ]
            for row in conn.execute(select(*columns)) if columns else ():
                for column, value in zip(columns, row, strict=True):
                    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                    if value is not None and needle.lower() in shown.lower():
                        found.append((table.name, column.name, shown))
    return found


def _states(system) -> dict[str, int]:
    with system.runtime.uow() as uow:
        return dict(uow.session.execute(select(Pop.state, func.count()).group_by(Pop.state)).all())


def test_erasing_a_person_leaves_nothing_to_find_but_the_counts(system):
    """On every backend, through the real flow: prepare, answer, sign, evaluate, leave, erase."""
    pop_id = _conversation(system)
    jan, marieke = _person_id(system, JAN), _person_id(system, MARIEKE)
    with system.runtime.uow() as uow:
        with pytest.raises(ErasureRefused) as refused:
            erase_person(uow, system.clock.now(), jan)
        assert refused.value.code == "open_pops"  # let him leave first: no mail to an erased address
        with pytest.raises(ErasureRefused) as refused:
            erase_person(uow, system.clock.now(), marieke)
        assert refused.value.code == "manager_has_reports" and refused.value.details == {"reports": 1}
        plan_commands.person_left(uow, system.clock.now(), uow.session.get(Person, jan), "test")
        uow.commit()
    system.settle()
    assert state(system, pop_id) == "cancelled"
    assert _every_text_with(system.runtime.engine, MARKER)  # the marker is there to be found
    before = _states(system)
    with system.runtime.uow() as uow:
        agreements = uow.session.scalar(select(func.count()).select_from(Agreement))
        report = erase_person(uow, system.clock.now(), jan, actor="hr:1")
        uow.commit()
    assert report.preparations == 2 and report.evaluations == 1 and report.agenda_points == 1
    assert report.agreements_blanked == 1 and report.mails >= 3
    assert _every_text_with(system.runtime.engine, MARKER) == []
    assert _every_text_with(system.runtime.engine, "MARIEKEPRIVQ") == []  # her assessment of him
    assert _states(system) == before
    with system.runtime.uow() as uow:
        s = uow.session
        person = s.get(Person, jan)
        assert (person.name, person.email, person.employee_number, person.active) == (
            "Verwijderd",
            f"erased-{jan}@invalid",
            None,
            False,
        )
        assert s.scalar(select(func.count()).select_from(Agreement)) == agreements  # counted, not read
        assert s.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.recipient_id == jan)) == 0
        assert s.scalar(select(AgendaPoint.text)) == "Loopbaan van Verwijderd"  # hers stays, without his name
        erased = s.scalar(select(Event).where(Event.kind == "person_erased"))
        assert erased.pop_id is None and erased.data["person_id"] == jan and erased.actor == "hr:1"
    client = system.app().test_client()
    for mail in mail_to(system.sink.directory, JAN):
        assert client.get(mail.home_path).status_code == 404  # every old link is dead


def test_a_manager_is_erased_only_once_their_reports_are_reassigned(sqlite_system):
    with sqlite_system.runtime.uow() as uow:
        boss = Person(name="Marieke de Vries", email=MARIEKE)
        other = Person(name="Bert Bakker", email="bert@voorbeeld.nl")
        uow.session.add_all([boss, other, Person(name="Piet Pol", email="piet@voorbeeld.nl", manager=boss)])
        uow.commit()
        boss_id, other_id = boss.id, other.id
    refused = _cli(sqlite_system, "erase", MARIEKE, "--yes")
    assert refused.exit_code == 2 and "manager_has_reports" in refused.output
    assert _cli(sqlite_system, "erase", MARIEKE).exit_code == 2  # no --yes, nothing happens
    with sqlite_system.runtime.uow() as uow:
        uow.session.scalar(select(Person).where(Person.email == "piet@voorbeeld.nl")).manager_id = other_id
        uow.commit()
    done = _cli(sqlite_system, "erase", MARIEKE, "--yes")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["person_id"] == boss_id
    assert _every_text_with(sqlite_system.runtime.engine, "Marieke") == []


def test_the_export_command_writes_the_json_and_the_signed_plan(sqlite_system, tmp_path):
    _conversation(sqlite_system)
    result = _cli(sqlite_system, "export", JAN.upper(), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"]
    assert len(files) == 2 and files[0].endswith(".json")
    data = json.loads((tmp_path / "out" / files[0]).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == JAN and "MARIEKEPRIVQ" not in json.dumps(data)
    assert "ZQXAGREEMENT" in _pdf_text((tmp_path / "out" / files[1]).read_bytes())
    assert _cli(sqlite_system, "export", "nobody@voorbeeld.nl", "--out", str(tmp_path)).exit_code == 2
