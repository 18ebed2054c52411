"""HR's search (/hr/?q=, the API's ?q=, the manager filter by name), the people list, and
the exports as Dutch Excel opens them: ';', a BOM, real date cells, the list's filters."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from intake.api.tokens import create_token, find_hr_user
from shared.models import Attendee, Meeting, Person, Pop, Round
from tests.integration.helpers import HR_EMAIL, add_hr, hr_client, text_of

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
MEETING = NOW + timedelta(days=6)  # 7 March 2027, 10:00 in Amsterdam
BOTH = pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+redis"])


def _build(system) -> dict[str, int]:
    """Two managers, four reports with a POP each; Jan's conversation is planned. Returns
    the POP ids by the employee's first name."""
    with system.runtime.uow() as uow:
        add_hr(uow)
        rnd = Round(name="Ronde 2027", created_at=NOW)
        boss = Person(name="Ångström de Baas", email="chef@voorbeeld.nl", department="Directie", employee_number="B-1")
        kees = Person(name="Kees Visser", email="kees@voorbeeld.nl", department="Directie", employee_number="B-2")
        reports = [
            Person(
                name="Jan Jansen", email="jan@voorbeeld.nl", employee_number="1002", manager=boss, department="Zorg"
            ),
            Person(
                name="Émile Zola", email="emile@voorbeeld.nl", employee_number="1003", manager=boss, department="Zorg"
            ),
            Person(name="Piet 100% Puk", email="piet_puk@voorbeeld.nl", employee_number="1004", manager=kees),
            Person(name="Sanne de Boer", email="sanne@voorbeeld.nl", employee_number="2001", manager=kees),
        ]
        pops = {
            p.name.split()[0]: Pop(
                round=rnd,
                employee=p,
                manager=p.manager,
                department=p.department,
                state="planning",
                question_set="v1",
                created_at=NOW,
                state_changed_at=NOW,
            )
            for p in reports
        }
        uow.session.add_all([rnd, boss, kees, *reports, *pops.values()])
        uow.session.flush()
        jan = pops["Jan"]
        uow.session.add(
            Meeting(
                pop_id=jan.id,
                round_id=rnd.id,
                kind="conversation",
                uid=f"m{jan.id}@popflow",
                starts_at=MEETING,
                ends_at=MEETING + timedelta(hours=1),
                location="",
                created_at=NOW,
                attendees=[
                    Attendee(person_id=jan.employee_id, role="employee"),
                    Attendee(person_id=jan.manager_id, role="manager"),
                ],
            )
        )
        uow.commit()
        return {name: pop.id for name, pop in pops.items()}


def _found(client, query: str) -> set[int]:
    page = text_of(client.get(f"/hr/?{query}"))
    return {int(n) for n in re.findall(r'href="/hr/pop/(\d+)"', page)}


@BOTH
def test_the_search_finds_pops_by_either_persons_name_address_or_number(system):
    system.clock.set(NOW)
    ids = _build(system)
    client = hr_client(system.app())
    assert _found(client, "q=jansen") == {ids["Jan"]}
    assert _found(client, "q=JAN+JAN") == {ids["Jan"]}  # a part, any case
    assert _found(client, "q=%C3%A9MILE") == {ids["Émile"]}  # "éMILE": case in any script
    assert _found(client, "q=1003") == {ids["Émile"]}
    assert _found(client, "q=%C3%A5ngstr%C3%B6m") == {ids["Jan"], ids["Émile"]}  # the manager's name
    assert _found(client, "q=kees%40voor") == {ids["Piet"], ids["Sanne"]}  # the manager's address
    assert _found(client, "q=b-2") == {ids["Piet"], ids["Sanne"]}  # the manager's number
    # Wildcards of SQL are letters here: only Piet has a '%' and a '_'.
    assert _found(client, "q=%25") == {ids["Piet"]} and _found(client, "q=_") == {ids["Piet"]}
    page = text_of(client.get("/hr/?q=niemand-heet-zo"))
    assert "0 POP's gevonden." in page and "Geen POP's met deze filters." in page
    assert 'value="niemand-heet-zo"' in page  # the search stays in the box
    # The manager filter takes a name or a part of it, and still an exact address.
    assert _found(client, "manager=visser") == {ids["Piet"], ids["Sanne"]}
    assert _found(client, "manager=CHEF%40voorbeeld.nl") == {ids["Jan"], ids["Émile"]}
    assert _found(client, "manager=visser&q=sanne") == {ids["Sanne"]}
    # The API takes the same search, documented.
    token = _api_token(system)
    answer = system.app().test_client().get("/api/v1/pops?q=ZOLA", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and [row["id"] for row in answer.json["items"]] == [ids["Émile"]]
    assert answer.json["total"] == 1
    twice = system.app().test_client().get("/api/v1/pops?q=a&q=b", headers={"Authorization": f"Bearer {token}"})
    assert twice.status_code == 400
    document = system.app().test_client().get("/api/v1/openapi.json").json
    names = [p["name"] for p in document["paths"]["/pops"]["get"]["parameters"]]
    assert "q" in names


def _api_token(system) -> str:
    with system.runtime.uow() as uow:
        _token, secret = create_token(uow, system.clock.now(), find_hr_user(uow, HR_EMAIL), "script")
        uow.commit()
        return secret


SEARCHES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300) | st.sampled_from(
    ["%", "_", "%%", "\\", "/", "/%", "'", '"', "\x00", "a\x00b", "\r\n", "x" * 5000, "[a-z]", "*"]
)


@pytest.mark.parametrize("backend", ["postgresql+redis"])
def test_any_search_text_answers_a_page_never_an_error(system):
    """Controls, NUL, wildcards, quotes, any script, very long text: a page (or an empty
    one), on PostgreSQL, which refuses a NUL in a query."""
    system.clock.set(NOW)
    ids = _build(system)
    client = hr_client(system.app())

    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(q=SEARCHES)
    def search(q):
        for path in ("/hr/", "/hr/people", "/hr/pops.csv"):
            answer = client.get(path, query_string={"q": q})
            assert answer.status_code == 200, (path, q)
        page = text_of(client.get("/hr/", query_string={"q": q}))
        shown = {int(n) for n in re.findall(r'href="/hr/pop/(\d+)"', page)}
        assert shown <= set(ids.values())
        if q and set(q) <= set("%_"):  # wildcards only: nobody but Piet has one
            assert shown <= {ids["Piet"]}

    search()


@BOTH
def test_the_people_list_searches_and_shows_manager_department_and_pops(system):
    system.clock.set(NOW)
    ids = _build(system)
    client = hr_client(system.app())
    everyone = text_of(client.get("/hr/people"))
    assert "Personen importeren" in everyone and 'name="file"' in everyone  # the import stays on the page
    names = re.findall(r"<tr><td data-label=\"Naam\"><span>([^<]+)<br>", everyone)
    assert names == sorted(names) and len(names) == 6  # by name
    found = text_of(client.get("/hr/people?q=zola"))
    assert "1 personen gevonden." in found
    row = re.search(r"<tr><td data-label=\"Naam\">.*?</tr>", found, re.S).group(0)
    assert "Émile Zola" in row and "emile@voorbeeld.nl" in row and "1003" in row and "Zorg" in row
    assert "Ångström de Baas" in row and f'href="/hr/pop/{ids["Émile"]}"' in row
    by_number = text_of(client.get("/hr/people?q=B-2"))
    assert "Kees Visser" in by_number and "2 als leidinggevende" in by_number
    assert re.search(r'href="/hr/\?manager=kees(@|%40)voorbeeld.nl"', by_number)
    none = text_of(client.get("/hr/people?q=%25"))
    assert "Piet 100% Puk" in none and "Sanne" not in none
    assert "Niemand gevonden" in text_of(client.get("/hr/people?q=xyzzy"))


def test_the_people_list_pages_by_name_without_skipping_anyone(sqlite_system):
    sqlite_system.clock.set(NOW)
    with sqlite_system.runtime.uow() as uow:
        add_hr(uow)
        # Two of the same name: the page edge between them must not lose one.
        uow.session.add_all([Person(name=f"Mens {n % 60:02d}", email=f"mens{n}@voorbeeld.nl") for n in range(120)])
        uow.commit()
    client = hr_client(sqlite_system.app())
    seen, path, pages = [], "/hr/people?q=mens", 0
    while path:
        page = text_of(client.get(path))
        seen += re.findall(r"(mens\d+)@voorbeeld.nl", page)
        link = re.search(r'href="(/hr/people\?[^"]*after=\d+[^"]*)"', page)
        path = link.group(1).replace("&amp;", "&") if link else None
        pages += 1
    assert pages == 3 and len(seen) == 120 and len(set(seen)) == 120


@BOTH
def test_the_exports_open_right_in_dutch_excel_with_the_lists_filters(system):
    system.clock.set(NOW)
    _build(system)
    client = hr_client(system.app())
    answer = client.get("/hr/pops.csv?q=de+baas")
    assert answer.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:4] == ["POP", "Fase", "Ronde", "Medewerker"]
    assert sorted(row[3] for row in rows[1:]) == ["Jan Jansen", "Émile Zola"]  # only the filter's
    jan = next(row for row in rows if row[3] == "Jan Jansen")
    assert jan[8] == "2027-03-07 10:00"
    english = client.get("/hr/pops.csv?manager=visser&lang=en").data.decode("utf-8-sig")
    assert english.startswith('"POP","Phase"') and len(english.strip().splitlines()) == 3
    assert client.get("/hr/pops.csv?sep=comma&lang=nl").data.decode("utf-8-sig").startswith('"POP","Fase"')
    book = load_workbook(io.BytesIO(client.get("/hr/pops.xlsx?q=jansen").data))
    sheet = list(book.active.iter_rows())
    assert len(sheet) == 2 and sheet[1][3].value == "Jan Jansen"
    start = sheet[1][8]
    assert start.value == datetime(2027, 3, 7, 10, 0) and start.is_date and start.number_format == "dd-mm-yyyy hh:mm"
    assert isinstance(sheet[1][0].value, int)  # the POP's number is a number
    unplanned = list(load_workbook(io.BytesIO(client.get("/hr/pops.xlsx?q=sanne").data)).active.iter_rows())
    assert unplanned[1][8].value is None
