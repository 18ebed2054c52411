"""Issue 20: past a round's planning deadline the unplanned POPs are overdue everywhere HR
looks; the tick reminds each manager once per moment in one mail listing every waiting
report; the dashboard's table per manager, sorted; HR's reminder with preview, once a day."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from intake import scheduling
from intake.rounds import RoundInput, create_round, launch_round, round_summary
from popflow.processes import tick_once
from shared.models import Event, Person, Pop
from tests.integration.helpers import add_hr, hr_client, text_of
from tests.mails import mail_to

LAUNCH = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
PERIOD = (date(2027, 3, 1), date(2027, 4, 30))  # deadline: 16 April
PAST_DEADLINE = datetime(2027, 4, 20, 10, 0, tzinfo=UTC)  # in the d0 window (16 April 9:00 to the d+7)
ANNA, KEES = "anna.baas@voorbeeld.nl", "kees.baas@voorbeeld.nl"


def _launched(system) -> int:
    """Anna manages three reports and plans one; Kees manages two and plans none."""
    system.clock.set(LAUNCH)
    with system.runtime.uow() as uow:
        add_hr(uow)
        anna = Person(name="Anna Baas", email=ANNA)
        kees = Person(name="Kees Baas", email=KEES)
        uow.session.add_all([anna, kees])
        for name in ["Bea", "Cas", "Dex"]:
            uow.session.add(Person(name=f"{name} Aap", email=f"{name.lower()}@voorbeeld.nl", manager=anna))
        for name in ["Eef", "Fer"]:
            uow.session.add(Person(name=f"{name} Noot", email=f"{name.lower()}@voorbeeld.nl", manager=kees))
        rnd = create_round(
            uow, LAUNCH, RoundInput(name="Ronde 2027", meetings_from=PERIOD[0], meetings_until=PERIOD[1]), "test"
        )
        uow.commit()
        launch_round(uow, LAUNCH, rnd.id, "test")
        uow.commit()
        round_id = rnd.id
        scheduling.schedule_meeting(
            uow, LAUNCH, employee_email="bea@voorbeeld.nl", start=datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
        )
        uow.commit()
    system.settle()
    return round_id


def _past_deadline(system) -> None:
    system.clock.set(PAST_DEADLINE)
    tick_once(system.runtime, inline=True)
    system.settle()


def _reminders(system, address):
    return [m for m in mail_to(system.sink.directory, address) if "Herinnering: plan" in m.subject]


@pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"], indirect=True)
def test_past_the_deadline_the_unplanned_are_overdue_and_each_manager_gets_one_reminder(system):
    round_id = _launched(system)
    with system.runtime.uow() as uow:
        before = round_summary(uow, round_id)
    assert before.overdue["planning"] == 0 and before.planning_deadline == date(2027, 4, 16)

    _past_deadline(system)
    _past_deadline(system)  # a second tick in the same window sends nothing again
    (anna_mail,) = _reminders(system, ANNA)
    (kees_mail,) = _reminders(system, KEES)
    assert "Cas Aap" in anna_mail.text and "Dex Aap" in anna_mail.text and "Bea Aap" not in anna_mail.text
    assert "Eef Noot" in kees_mail.text and "Fer Noot" in kees_mail.text
    assert "/schedule" in anna_mail.text and "16 april 2027" in anna_mail.text

    with system.runtime.uow() as uow:
        summary = round_summary(uow, round_id)
    assert summary.overdue["planning"] == 4 and summary.overdue_kinds["planning"] == 4
    managers = {m.email: m for m in summary.managers}
    # Bea's conversation was held on 10 March; her plan is unsigned since, overdue too.
    assert (managers[ANNA].reports, managers[ANNA].planned, managers[ANNA].held, managers[ANNA].overdue) == (3, 1, 1, 3)
    assert (managers[KEES].reports, managers[KEES].planned, managers[KEES].overdue) == (2, 0, 2)

    client = hr_client(system.app())
    dashboard = text_of(client.get(f"/hr/rounds/{round_id}"))
    assert (
        "nog niet gepland: 4" in dashboard and "Alle gesprekken gepland uiterlijk op vrijdag 16 april 2027" in dashboard
    )
    listed = text_of(client.get(f"/hr/?round={round_id}&phase=planning&overdue=1"))
    assert all(name in listed for name in ["Cas Aap", "Dex Aap", "Eef Noot", "Fer Noot"])
    assert "nog niet gepland" in listed and "Bea Aap" not in listed

    from popflow.cli import main

    env = {"DATABASE_URL": system.runtime.config.database_url, "BROKER_URL": "embedded"}
    result = CliRunner().invoke(main, ["round", "summary", str(round_id), "--json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["planning_deadline"] == "2027-04-16" and data["overdue"]["planning"] == 4
    assert {m["email"]: m["overdue"] for m in data["managers"]} == {ANNA: 3, KEES: 2}


def test_the_table_per_manager_sorts_by_any_column(sqlite_system):
    system = sqlite_system
    round_id = _launched(system)
    _past_deadline(system)
    client = hr_client(system.app())
    by_name = text_of(client.get(f"/hr/rounds/{round_id}/managers"))
    table = by_name[by_name.index("<h1>Per leidinggevende") :]
    assert table.index("Anna Baas") < table.index("Kees Baas")
    assert "33%" not in table  # nobody signed: 0% done
    by_planned = text_of(client.get(f"/hr/rounds/{round_id}/managers?sort=planned&dir=asc"))
    table = by_planned[by_planned.index("<h1>Per leidinggevende") :]
    assert table.index("Kees Baas") < table.index("Anna Baas")  # 0 planned before 1
    assert (
        "sort=planned&amp;dir=desc" in client.get(f"/hr/rounds/{round_id}/managers?sort=planned&dir=asc").data.decode()
    )
    assert "(loopt achter)" in table


def _managers_table(client, path: str) -> str:
    page = text_of(client.get(path))
    return page[page.index("<h1>Per leidinggevende") :]


def test_a_round_of_many_managers_shows_them_a_page_at_a_time_and_who_is_behind(sqlite_system):
    """60 managers beside Anna and Kees, each with one report planned: 50 a page, the
    counts of the whole round above it, and a filter to only those behind (Anna and Kees)."""
    system = sqlite_system
    system.clock.set(LAUNCH)
    with system.runtime.uow() as uow:
        for i in range(60):
            boss = Person(name=f"Leider {i:02d}", email=f"leider{i}@voorbeeld.nl")
            uow.session.add_all([boss, Person(name=f"Werker {i:02d}", email=f"werker{i}@voorbeeld.nl", manager=boss)])
        uow.commit()
    round_id = _launched(system)
    with system.runtime.uow() as uow:
        for i in range(60):
            start = datetime(2027, 4, 28, 8, 0, tzinfo=UTC)  # after the deadline, not yet due
            scheduling.schedule_meeting(uow, LAUNCH, employee_email=f"werker{i}@voorbeeld.nl", start=start)
        uow.commit()
    _past_deadline(system)
    client = hr_client(system.app())
    dashboard = text_of(client.get(f"/hr/rounds/{round_id}"))
    part = dashboard[dashboard.index("Per leidinggevende") : dashboard.index("Uitnodigingen")]
    assert "Leidinggevenden die achterlopen: 2." in part and "Wie het meest achterloopt" in part
    assert part.index("Anna Baas") < part.index("Kees Baas") and "Leider" not in part  # only those behind
    assert f"/hr/rounds/{round_id}/managers" in part
    first = _managers_table(client, f"/hr/rounds/{round_id}/managers")
    assert "Leidinggevenden: 62, van wie 2 achterlopen." in first and "Pagina 1 van 2" in first
    assert "Anna Baas" in first and "Leider 47" in first and "Leider 48" not in first  # by name: Anna, Kees, Leider…
    second = _managers_table(client, f"/hr/rounds/{round_id}/managers?mpage=2")
    assert "Leider 48" in second and "Leider 59" in second and "Anna Baas" not in second
    behind = _managers_table(client, f"/hr/rounds/{round_id}/managers?behind=1")
    assert "Leidinggevenden die achterlopen: 2." in behind and "Pagina" not in behind
    assert "Anna Baas" in behind and "Kees Baas" in behind and "Leider" not in behind
    worst = _managers_table(client, f"/hr/rounds/{round_id}/managers?sort=overdue&dir=desc")
    assert worst.index("Anna Baas") < worst.index("Kees Baas") < worst.index("Leider 00")  # 3, 2, then 0 overdue
    for odd in ("?mpage=999", "?mpage=-1", "?mpage=x", "?sort=nonsense&dir=up", "?behind=ja"):
        assert client.get(f"/hr/rounds/{round_id}/managers{odd}").status_code == 200, odd


def test_hr_reminds_a_manager_after_a_preview_once_a_day_in_the_timeline(sqlite_system):
    system = sqlite_system
    round_id = _launched(system)
    system.clock.set(PAST_DEADLINE + timedelta(days=1))
    client = hr_client(system.app())
    with system.runtime.uow() as uow:
        kees_id = uow.session.scalar(select(Person.id).where(Person.email == KEES))
    preview = text_of(client.get(f"/hr/rounds/{round_id}/reminders?manager={kees_id}"))
    assert "Zo ziet de e-mail eruit" in preview and "Eef Noot" in preview and "Fer Noot" in preview
    assert _reminders(system, KEES) == []  # a preview sends nothing

    sent = client.post(f"/hr/rounds/{round_id}/reminders?manager={kees_id}", follow_redirects=True)
    assert "Herinnering verstuurd aan Kees Baas" in text_of(sent)
    again = client.post(f"/hr/rounds/{round_id}/reminders?manager={kees_id}", follow_redirects=True)
    assert "Kees Baas kreeg vandaag al een herinnering" in text_of(again)
    system.settle()
    (mail,) = _reminders(system, KEES)
    assert "Eef Noot" in mail.text and "Fer Noot" in mail.text

    with system.runtime.uow() as uow:
        pops = uow.session.scalars(select(Pop.id).where(Pop.manager_id == kees_id)).all()
        kinds = uow.session.scalars(select(Event.pop_id).where(Event.kind == "planning_reminded")).all()
    assert sorted(kinds) == sorted(pops)
    timeline = text_of(client.get(f"/hr/pop/{pops[0]}"))
    assert "Leidinggevende herinnerd om het gesprek te plannen" in timeline

    everyone = text_of(client.get(f"/hr/rounds/{round_id}/reminders"))
    assert "Anna Baas" in everyone and "Kees Baas" in everyone  # both behind: unplanned past the deadline
    done = text_of(client.post(f"/hr/rounds/{round_id}/reminders", follow_redirects=True))
    assert "Herinnering verstuurd aan Anna Baas" in done and "Kees Baas kreeg vandaag al een herinnering" in done
