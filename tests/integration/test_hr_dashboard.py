"""HR's dashboard and list against a hand-built data set: the numbers, the filters, paging,
the exports, and a fixed number of SQL statements per page whatever the size."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import event, insert, select

from shared.models import Attendee, Meeting, Person, Pop, Round
from tests.integration.helpers import add_hr, hr_client, text_of

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
# (department, state, overdue) -> how many: the hand-built truth the pages must show.
SHAPE = {
    ("Verkoop", "planning", ""): 7,
    ("Verkoop", "announcement", "preparation:employee"): 3,
    ("Verkoop", "announcement", ""): 5,
    ("IT", "alignment", ""): 4,
    ("IT", "agreements", "signature:manager"): 2,
    ("IT", "action", ""): 6,
    ("", "completed", ""): 1,
    ("Verkoop", "cancelled", ""): 2,
}


def _build(system, shape=SHAPE, scale: int = 1) -> int:
    with system.runtime.uow() as uow:
        add_hr(uow)
        rnd = Round(name="Ronde 2027", created_at=NOW)
        boss = Person(name="Baas Boven", email="baas@voorbeeld.nl", department="Directie")
        uow.session.add_all([rnd, boss])
        uow.session.flush()
        people, pops = [], []
        for (department, state, overdue), count in shape.items():
            for _ in range(count * scale):
                number = len(people)
                people.append(
                    {
                        "name": f"Mens {number}",
                        "email": f"mens{number}@voorbeeld.nl",
                        "department": department,
                        "manager_id": boss.id,
                        "language": "nl",
                        "active": True,
                        "link_epoch": 0,
                        "created_at": NOW,
                    }
                )
                pops.append((department, state, overdue))
        uow.session.execute(insert(Person), people)
        ids = uow.session.scalars(select(Person.id).where(Person.email.like("mens%")).order_by(Person.id)).all()
        uow.session.execute(
            insert(Pop),
            [
                {
                    "round_id": rnd.id,
                    "employee_id": pid,
                    "manager_id": boss.id,
                    "department": department,
                    "state": state,
                    "overdue": overdue,
                    "question_set": "v1",
                    "created_at": NOW,
                    "state_changed_at": NOW,
                }
                for pid, (department, state, overdue) in zip(ids, pops, strict=True)
            ],
        )
        # Two conversations next week: one declined by the employee, one not answered yet.
        first, second = uow.session.scalars(select(Pop).where(Pop.state == "announcement").limit(2)).all()
        for pop, answer in ((first, "DECLINED"), (second, "ACCEPTED")):
            meeting = Meeting(
                pop_id=pop.id,
                round_id=rnd.id,
                kind="conversation",
                uid=f"m{pop.id}@popflow",
                starts_at=NOW + timedelta(days=6),
                ends_at=NOW + timedelta(days=6, hours=1),
                location="",
                created_at=NOW,
                attendees=[
                    Attendee(person_id=pop.employee_id, role="employee", partstat=answer),
                    Attendee(person_id=pop.manager_id, role="manager"),
                ],
            )
            meeting.tally_answers()
            uow.session.add(meeting)
        uow.commit()
        return rnd.id


def test_the_dashboard_shows_the_hand_built_numbers(sqlite_system):
    sqlite_system.clock.set(NOW)
    round_id = _build(sqlite_system)
    page = text_of(hr_client(sqlite_system.app()).get(f"/hr/rounds/{round_id}"))
    assert "30 POP's in deze ronde." in page
    cells = re.findall(
        r'<td[^>]*><a href="[^"]*">([^<]+)</a></td>\s*<td class="n"[^>]*>(\d+)</td>\s*<td class="n"[^>]*>'
        r'(?:<a href="[^"]*">)?(\d+)',
        page,
    )
    phases = {name: (int(n), int(late)) for name, n, late in cells if name not in ("Verkoop", "IT")}
    assert phases == {
        "Te plannen": (7, 0),
        "Aankondiging": (8, 3),
        "Afstemming": (4, 0),
        "Afspraken": (2, 2),
        "Actie": (6, 0),
        "Afgerond": (1, 0),
        "Geannuleerd": (2, 0),
    }
    assert "voorbereiding medewerker ontbreekt: 3" in page and "leidinggevende heeft niet ondertekend: 2" in page
    # Both meetings wait for the manager's answer; one was declined by the employee.
    assert "Afgeslagen, nieuw moment nodig: 1" in page and "Nog niet beantwoord: 2" in page
    assert page.count("zondag 7 maart 2027 om 10:00") == 2  # both conversations of next week
    verkoop = re.search(r'>Verkoop</a></td>((?:\s*<td class="n"[^>]*>\d+</td>){7})', page).group(1)
    assert re.findall(r"\d+", verkoop) == ["7", "8", "0", "0", "0", "0", "2"]
    assert '<svg class="chart" role="img"' in page and '<title id="chart-title">Aantal POP\'s per fase</title>' in page


def test_the_list_filters_pages_and_exports_what_it_shows(sqlite_system):
    sqlite_system.clock.set(NOW)
    round_id = _build(sqlite_system, scale=4)  # 120 POPs
    client = hr_client(sqlite_system.app())
    everything = text_of(client.get("/hr/"))
    assert "120 POP's gevonden." in everything and everything.count('href="/hr/pop/') == 50
    second = client.get(re.search(r'href="(/hr/\?before=\d+)"', everything).group(1).replace("&amp;", "&"))
    third_link = re.search(r'href="(/hr/\?before=\d+)"', text_of(second)).group(1)
    third = text_of(client.get(third_link))
    assert third.count('href="/hr/pop/') == 20 and "Volgende pagina" not in third
    ids = set()
    for html in (everything, text_of(second), third):
        ids |= set(re.findall(r'href="/hr/pop/(\d+)"', html))
    assert len(ids) == 120  # no POP twice, none skipped
    filtered = text_of(client.get(f"/hr/?round={round_id}&phase=announcement&department=Verkoop&overdue=1"))
    assert "12 POP's gevonden." in filtered and filtered.count("achterstand</strong>") == 12
    assert filtered.count("voorbereiding medewerker ontbreekt") == 12  # what is overdue, not only that
    manager = text_of(client.get("/hr/?manager=BAAS@voorbeeld.nl&phase=completed"))
    assert "4 POP's gevonden." in manager
    # The export has exactly the filtered rows, in the reader's language.
    exported = client.get(f"/hr/pops.csv?round={round_id}&phase=announcement&department=Verkoop&overdue=1")
    assert exported.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["POP", "Fase", "Ronde"] and len(rows) == 13
    assert {row[1] for row in rows[1:]} == {"Aankondiging"} and {row[9] for row in rows[1:]} == {"preparation:employee"}
    book = load_workbook(io.BytesIO(client.get("/hr/pops.xlsx?department=IT").data), read_only=True)
    sheet = list(book.active.iter_rows(values_only=True))
    assert len(sheet) == 1 + 48 and {row[5] for row in sheet[1:]} == {"IT"}
    english = client.get("/hr/pops.csv?phase=action&lang=en").data.decode("utf-8-sig")
    assert english.splitlines()[0].startswith('"POP","Phase","Round","Employee"')


PAGES = (
    "/hr/",
    "/hr/rounds/1",
    "/hr/?department=IT&overdue=1",
    "/hr/?q=mens+1&manager=baas",
    "/hr/people",
    "/hr/people?q=mens",
)


def test_a_page_costs_the_same_statements_at_any_size(sqlite_system):
    sqlite_system.clock.set(NOW)
    _build(sqlite_system, scale=10)
    client = hr_client(sqlite_system.app())
    statements: list[str] = []
    engine = sqlite_system.runtime.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:

        def cost(path: str) -> int:
            statements.clear()
            assert client.get(path).status_code == 200
            return len(statements)

        small = tuple(cost(path) for path in PAGES)
        with sqlite_system.runtime.uow() as uow:  # ten times as many POPs
            rnd = uow.session.get(Round, 1)
            more = [
                {
                    "round_id": rnd.id,
                    "employee_id": p.employee_id,
                    "manager_id": p.manager_id,
                    "state": p.state,
                    "overdue": p.overdue,
                    "question_set": "v1",
                    "created_at": NOW,
                    "state_changed_at": NOW,
                }
                for p in uow.session.scalars(select(Pop))
            ] * 9
            uow.session.execute(insert(Pop), more)
            uow.commit()
        large = tuple(cost(path) for path in PAGES)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert small == large
