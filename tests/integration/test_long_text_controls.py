"""A long text (an answer, an agenda point, a progress note, an evaluation) keeps its lines
and tabs but refuses the other control characters, NUL first: PostgreSQL cannot store NUL
in a text column, so without the check one pasted character was a 500 there. The person
gets a message in their language and keeps what they typed; nothing is saved half.
And the CLI's single-line options refuse what the forms refuse."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared.models import AgendaPoint, Agreement, Evaluation, Preparation, Round
from tests.integration.helpers import EMPLOYEE, MEETING_UTC, agree_and_sign, schedule, seed, text_of
from tests.mails import mail_to

REFUSED = "Hier staat een onzichtbaar teken in dat niet mag. Typ de tekst opnieuw of plak hem zonder opmaak."
# Every control character a long text refuses: C0 but tab, LF and CR; DEL; C1; surrogates are
# not sent by a browser (they cannot be UTF-8).
CONTROLS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"]


@pytest.mark.backend
def test_a_control_character_in_a_long_text_is_told_and_what_was_typed_kept(system):
    seed(system)
    schedule(system)
    employee_home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    client = system.app().test_client()

    prepared = client.post(
        employee_home + "/prepare",
        data={
            "answer_strengths": "Plannen\x00 en overzicht",
            "answer_enjoy_most": "Met mensen\r\nwerken\tmag",
            "save": "1",
            "version": "",
        },
    )
    assert prepared.status_code == 422
    assert REFUSED in text_of(prepared) and "Met mensen" in text_of(prepared)
    agenda = client.post(
        employee_home + "/agenda",
        data={"loaded_hash": "", "points-0-text": "Werkdruk\x00", "points-0-priority": "2", "save": "1"},
    )
    assert agenda.status_code == 422 and REFUSED in text_of(agenda)

    system.clock.set(MEETING_UTC + timedelta(hours=2))
    system.tick()
    system.settle()
    agree_and_sign(system, "Cursus Excel")
    with system.runtime.uow() as uow:
        agreement_id = uow.session.scalars(select(Agreement.id)).one()
    progress = client.post(
        employee_home + "/progress",
        data={f"status_{agreement_id}": "open", f"note_{agreement_id}": "Ingeschreven\x00 voor mei"},
    )
    assert progress.status_code == 422
    assert REFUSED in text_of(progress) and "voor mei" in text_of(progress)
    evaluation = client.post(
        employee_home + "/evaluation",
        data={"answer_conversation_experience": "Open\x1b en prettig", "answer_next_time_differently": "Meer tijd"},
    )
    assert evaluation.status_code == 422
    page = text_of(evaluation)
    assert REFUSED in page and "Meer tijd" in page  # the other answer is kept as typed

    with system.runtime.uow() as uow:
        assert uow.session.scalars(select(Evaluation)).all() == []
        assert all(not a.progress_note for a in uow.session.scalars(select(Agreement)))
        assert all("\x00" not in p.text for p in uow.session.scalars(select(AgendaPoint)))
        for prep in uow.session.scalars(select(Preparation)):
            assert not any("\x00" in answer.get("text", "") for answer in prep.answers.values())

    # The same note without the control character is saved.
    saved = client.post(
        employee_home + "/progress",
        data={f"status_{agreement_id}": "open", f"note_{agreement_id}": "Ingeschreven voor mei\r\nTweede regel"},
    )
    assert saved.status_code == 302


def test_every_refused_control_character_is_told_in_a_preparation(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    home = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    client = sqlite_system.app().test_client()

    @settings(max_examples=30, deadline=None)
    @given(char=st.sampled_from(CONTROLS), before=st.text(max_size=20), after=st.text(max_size=20))
    def check(char, before, after):
        # A visible word too: an answer of only spaces (NEL and \x1c-\x1f count as spaces) is an empty one.
        answer = "".join(c for c in "Plannen" + before + char + after if unicodedata.category(c) != "Cs")
        response = client.post(
            home + "/prepare",
            data={"answer_strengths": answer, "answer_enjoy_most": "Mensen", "save": "1", "version": ""},
        )
        assert response.status_code == 422, repr(answer)
        page = text_of(response)
        assert REFUSED in page and "Mensen" in page

    check()
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Preparation)).all() == []


@settings(max_examples=25, deadline=None)
@given(char=st.sampled_from([*CONTROLS, "\t", "\n", "\r", "\u2028", "\u2029"]))
def test_the_cli_refuses_a_control_character_in_a_single_line_option(char, tmp_path_factory, sqlite_template):
    import shutil

    from popflow.cli import main
    from shared.db import make_engine

    path = tmp_path_factory.mktemp("cli") / "popflow.db"
    shutil.copy(sqlite_template, path)
    env = {"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "test-secret"}
    result = CliRunner().invoke(
        main, ["round", "create", "--name", f"Ronde{char}2027", "--from", "2027-01-11", "--to", "2027-03-26"], env=env
    )
    assert result.exit_code == 2
    assert f"U+{ord(char):04X}" in result.output
    result = CliRunner().invoke(
        main,
        [
            "pop",
            "schedule",
            "--employee",
            "jan@voorbeeld.nl",
            "--at",
            "2027-04-05 10:00",
            "--location",
            f"Kamer{char}2",
        ],
        env=env,
    )
    assert result.exit_code == 2 and f"U+{ord(char):04X}" in result.output
    engine = make_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        assert conn.execute(select(Round.id)).all() == []
    engine.dispose()


@pytest.mark.backend
def test_hr_filters_and_exports_ignore_a_control_character_in_the_query(system):
    """A NUL in ?department= or ?manager= names nothing: the filter is left out, like any
    value it cannot use (PostgreSQL refuses a NUL in a query: a 500, or a CSV cut off)."""
    from tests.integration.helpers import hr_client

    seed(system)
    schedule(system)
    client = hr_client(system.app())
    for query in ("department=%00", "manager=%00", "manager=a%00", "department=Zo%0Arg", "department=%1b%5b31m"):
        page = client.get(f"/hr/?{query}")
        assert page.status_code == 200 and "Jan Jansen" in text_of(page), query
        csv_text = client.get(f"/hr/pops.csv?{query}").get_data(as_text=True)
        assert "jan@voorbeeld.nl" in csv_text, query
        assert client.get(f"/hr/pops.xlsx?{query}").status_code == 200, query
