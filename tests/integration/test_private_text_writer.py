"""Private text belongs to the person who wrote it, not to a role: after a manager change the
new manager starts empty and never reads the former manager's text; subject export and
erase follow the writer (issue 17)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from intake import commands
from intake.department_answers import earlier_department_answers
from intake.people import import_people
from intake.scheduling import schedule_meeting
from shared.db import UnitOfWork
from shared.models import Base, Evaluation, Person, Pop, Preparation, Round
from shared.subject_access import erase_person, export_person
from tests.integration.helpers import (
    EMPLOYEE,
    MANAGER,
    MEETING_UTC,
    agree_and_sign,
    schedule,
    seed,
    state,
    text_of,
    to_agreements,
)
from tests.mails import mail_to

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
NEW_MANAGER, OTHER_REPORT = "kees@voorbeeld.nl", "piet@voorbeeld.nl"
# What the former manager wrote: about Jan (private), about the department (shared).
ABOUT_JAN, DEPARTMENT = "Marieke-privé: twijfel over Jan", "Marieke-afdeling: drie vacatures"


def _people(jan_manager: str) -> list[dict]:
    def row(name, email, manager):
        return {
            "name": name,
            "email": email,
            "manager_email": manager,
            "department": "",
            "language": "nl",
        }

    return [
        row("Marieke de Vries", MANAGER, ""),
        row("Kees Visser", NEW_MANAGER, ""),
        row("Jan Jansen", EMPLOYEE, jan_manager),
        row("Piet Bakker", OTHER_REPORT, NEW_MANAGER),
    ]


def _import(system, jan_manager: str) -> None:
    with system.runtime.uow() as uow:
        assert import_people(uow, _people(jan_manager), system.clock.now()).problems == []
        uow.commit()
    system.settle()


def _home(system, address: str, about: str) -> str:
    """The POP page in the newest mail to `address` that names `about`."""
    return [m for m in mail_to(system.sink.directory, address) if about in m.text][-1].home_path


def _exported(system, email: str) -> str:
    with system.runtime.uow() as uow:
        person = uow.session.scalar(select(Person).where(Person.email == email))
        return json.dumps(export_person(uow, person.id), ensure_ascii=False)


def test_a_manager_change_after_private_drafts(system):
    seed(system)
    _import(system, MANAGER)  # Kees manages Piet; Jan still reports to Marieke
    jan_pop = schedule(system)
    with system.runtime.uow() as uow:
        schedule_meeting(
            uow,
            system.clock.now(),
            employee_email=OTHER_REPORT,
            start=MEETING_UTC + timedelta(days=1),
            minutes=60,
            location="",
            actor="test",
        )
        uow.commit()
    system.settle()
    app = system.app()
    client = app.test_client()  # each person's browser of their own: a message shown once is not another's
    kees_browser = app.test_client()
    jan, marieke = _home(system, EMPLOYEE, "Marieke"), _home(system, MANAGER, "Jan Jansen")
    saved = client.post(jan + "/prepare", data={"answer_strengths": "Jan-privé: plannen", "save": "1"})
    assert saved.status_code == 302
    assert (
        client.post(
            marieke + "/prepare",
            data={
                "answer_competence_profile_fit": ABOUT_JAN,
                "answer_expected_developments": DEPARTMENT,
                "share_expected_developments": "y",
                "potential": "high",
                "save": "1",
            },
        ).status_code
        == 302
    )

    _import(system, NEW_MANAGER)  # Jan now reports to Kees: the POP follows him
    kees = _home(system, NEW_MANAGER, "Jan Jansen")
    for path in (kees, kees + "/prepare"):
        page = text_of(kees_browser.get(path))
        assert ABOUT_JAN not in page and DEPARTMENT not in page, path
        assert "Overgenomen uit" not in page and "concept is opgeslagen" not in page, path
    # His first look at Piet's preparation brings no department answers of Marieke's either.
    piet = text_of(kees_browser.get(_home(system, NEW_MANAGER, "Piet Bakker") + "/prepare"))
    assert DEPARTMENT not in piet and "Overgenomen uit" not in piet
    assert client.get(marieke).status_code == 404  # her link no longer opens the POP
    assert "Jan-privé: plannen" in text_of(client.get(jan + "/prepare"))  # Jan's draft is still his

    # Kees writes his own; both preparations exist, each with its writer.
    assert (
        client.post(
            kees + "/prepare",
            data={
                "answer_competence_profile_fit": "Kees: eerste indruk",
                "share_competence_profile_fit": "y",
                "save": "1",
            },
        ).status_code
        == 302
    )
    page = text_of(client.get(kees + "/prepare"))
    assert "Kees: eerste indruk" in page and ABOUT_JAN not in page
    with system.runtime.uow() as uow:
        email_of = dict(uow.session.execute(select(Person.id, Person.email)).all())
        writers = {(p.role, email_of[p.author_id]) for p in uow.session.scalars(select(Preparation))}
    assert writers == {("employee", EMPLOYEE), ("manager", MANAGER), ("manager", NEW_MANAGER)}

    # Both submit: the exchange brings Jan Kees's shared point, never Marieke's.
    assert (
        client.post(
            jan + "/prepare", data={"answer_strengths": "Jan-gedeeld", "share_strengths": "y", "submit": "1"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            kees + "/prepare",
            data={
                "answer_competence_profile_fit": "Kees: eerste indruk",
                "share_competence_profile_fit": "y",
                "potential": "low",
                "willingness": "high",
                "submit": "1",
            },
        ).status_code
        == 302
    )
    system.settle()
    assert state(system, jan_pop) == "alignment"
    page = text_of(client.get(jan))
    assert "Kees: eerste indruk" in page and DEPARTMENT not in page and ABOUT_JAN not in page
    exchange = [m for m in mail_to(system.sink.directory, EMPLOYEE) if "Kees: eerste indruk" in m.text]
    assert exchange and all(DEPARTMENT not in m.text for m in mail_to(system.sink.directory, EMPLOYEE))

    # Export follows the writer: Marieke's text is in her export only.
    mine = json.loads(_exported(system, MANAGER))
    (handed,) = mine["written_before_handover"]
    assert ABOUT_JAN in json.dumps(handed, ensure_ascii=False) and handed["with"]["name"] == "Jan Jansen"
    assert ABOUT_JAN not in _exported(system, NEW_MANAGER) and "Kees: eerste indruk" in _exported(system, NEW_MANAGER)
    assert ABOUT_JAN not in _exported(system, EMPLOYEE) and DEPARTMENT not in _exported(system, EMPLOYEE)

    # So does erasure: Marieke's text goes with her, Kees's stays.
    with system.runtime.uow() as uow:
        marieke_id = uow.session.scalar(select(Person.id).where(Person.email == MANAGER))
        report = erase_person(uow, system.clock.now(), marieke_id)
        uow.commit()
    assert report.preparations == 1
    with system.runtime.uow() as uow:
        left = [
            p.answers.get("competence_profile_fit", {}).get("text")
            for p in uow.session.scalars(select(Preparation).where(Preparation.role == "manager"))
        ]
    assert left == ["Kees: eerste indruk"]


def test_a_former_managers_submitted_preparation_does_not_count_for_the_new_one(sqlite_system):
    """The POP waits for the preparation of whoever manages it now."""
    system = sqlite_system
    seed(system)
    _import(system, MANAGER)
    schedule(system)
    client = system.app().test_client()
    marieke = _home(system, MANAGER, "Jan Jansen")
    assert (
        client.post(
            marieke + "/prepare",
            data={
                "answer_competence_profile_fit": ABOUT_JAN,
                "potential": "high",
                "willingness": "high",
                "submit": "1",
            },
        ).status_code
        == 302
    )
    system.settle()
    _import(system, NEW_MANAGER)
    jan = _home(system, EMPLOYEE, "Marieke")
    assert client.post(jan + "/prepare", data={"answer_strengths": "Jan", "submit": "1"}).status_code == 302
    system.settle()
    assert state(system) == "announcement"  # Marieke's submission is not Kees's
    page = text_of(client.get(_home(system, NEW_MANAGER, "Jan Jansen")))
    assert "Nog niet klaar om te delen." in page and ABOUT_JAN not in page


def test_an_evaluation_stays_with_its_writer_after_a_manager_change(sqlite_system):
    system = sqlite_system
    employee_home, manager_home = to_agreements(system)
    agree_and_sign(system, "Cursus Excel")
    client = system.app().test_client()
    assert (
        client.post(
            manager_home + "/evaluation",
            data={"answer_" + _first_evaluation_question(system): "Marieke-evaluatie: goed gesprek", "shared": "y"},
        ).status_code
        == 302
    )
    assert "Marieke-evaluatie" in text_of(client.get(employee_home))  # shared with Jan while she manages
    _import(system, NEW_MANAGER)
    # Kees hears of Jan's plan with the first review's invitation, four weeks before it.
    system.clock.set(datetime(2027, 6, 7, 12, 0, tzinfo=UTC))
    system.tick()
    system.settle()
    kees = _home(system, NEW_MANAGER, "Jan Jansen")
    assert "Marieke-evaluatie" not in text_of(client.get(kees + "/evaluation"))
    assert "Marieke-evaluatie" not in text_of(client.get(employee_home))  # it was hers, not the role's
    assert "Marieke-evaluatie" in _exported(system, MANAGER)
    with system.runtime.uow() as uow:
        evaluation = uow.session.scalars(select(Evaluation)).one()
        pop = uow.session.scalars(select(Pop)).one()
        assert evaluation.author_id != pop.manager_id and evaluation.author_id == uow.session.scalar(
            select(Person.id).where(Person.email == MANAGER)
        )


def _first_evaluation_question(system) -> str:
    from shared.questions import load_question_set

    with system.runtime.uow() as uow:
        return load_question_set(uow.session.scalars(select(Pop)).one().question_set).evaluation[0].id


# -- any order of drafts and manager changes ----------------------------------------------------

MANAGERS = ("m0", "m1", "m2")
steps = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.sampled_from(["employee", "manager"])),
        st.tuples(st.just("handover"), st.sampled_from(MANAGERS)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(steps)
def test_whatever_the_order_of_drafts_and_handovers_each_manager_reads_only_their_own(plan):
    """Drafts by either side and manager changes in any order: a role's page opens with what
    its present holder wrote last, the department answers a manager is offered are their own,
    and each manager's export holds their own text and nobody else's."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    try:
        with UnitOfWork(sessionmaker(engine, expire_on_commit=False), publisher=None) as uow:
            s = uow.session
            people = {
                key: Person(name=f"Persoon {key}", email=f"{key}@voorbeeld.nl") for key in ("jan", "els", *MANAGERS)
            }
            rnd = Round(name="Ronde")
            s.add_all([*people.values(), rnd])
            s.flush()
            jan = Pop(round_id=rnd.id, employee_id=people["jan"].id, manager_id=people["m0"].id, state="announcement")
            # Each manager has a POP of their own to prepare next: what are they offered there?
            others = {
                m: Pop(round_id=rnd.id, employee_id=people["els"].id, manager_id=people[m].id, state="announcement")
                for m in MANAGERS
            }
            s.add_all([jan, *others.values()])
            s.flush()
            last: dict[int, str] = {}  # writer id -> the text they saved last on Jan's POP (manager side)
            for n, (what, arg) in enumerate(plan):
                if what == "handover":
                    jan.manager_id = people[arg].id
                    s.flush()
                    s.refresh(jan, ["manager"])
                    continue
                writer = jan.person_in(arg)
                text = f"{writer.email}-{n}"
                commands.save_preparation(
                    uow,
                    NOW,
                    jan,
                    writer,
                    answers={"expected_developments": {"text": text, "share": True}},
                    potential=None,
                    willingness=None,
                    submit=False,
                    loaded_version=None,
                )
                if arg == "manager":
                    last[writer.id] = text
            shown = commands.preparation_of(uow, jan, "manager")
            assert (shown.answers["expected_developments"]["text"] if shown else None) == last.get(jan.manager_id)
            for key in MANAGERS:
                offered = earlier_department_answers(uow, others[key], {"expected_developments"})
                # Their own last department answers, also from a POP handed over since; never another's.
                assert (offered[0]["expected_developments"]["text"] if offered else None) == last.get(people[key].id)
                exported = json.dumps(export_person(uow, people[key].id), ensure_ascii=False)
                written = {t for t in re.findall(r"[a-z0-9]+@voorbeeld\.nl-\d+", exported)}
                assert all(t.startswith(people[key].email) for t in written), (key, written)
                if people[key].id in last:
                    assert last[people[key].id] in written
    finally:
        engine.dispose()
