"""HR imports people on a web page: a check first, every problem with its row and column."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from shared.models import Person
from tests.integration.helpers import hr_client, seed, text_of

GOOD = (
    "naam,e-mail,leidinggevende,afdeling,taal\n"
    "Karin Kok,karin@voorbeeld.nl,,Keuken,nl\n"
    "Lars Lam,lars@voorbeeld.nl,karin@voorbeeld.nl,Keuken,en\n"
)
BAD = (
    "naam,e-mail,leidinggevende,afdeling,taal\n"
    "Karin Kok,karin@voorbeeld.nl,niemand@voorbeeld.nl,Keuken,nl\n"
    "Lars Lam,lars@voorbeeld.nl,karin@voorbeeld.nl,Keuken,fr\n"
)


def _upload(client, text: str, button: str, name: str = "mensen.csv"):
    return client.post(
        "/hr/people", data={button: "1", "file": (io.BytesIO(text.encode()), name)}, content_type="multipart/form-data"
    )


def _people(system) -> int:
    with system.runtime.uow() as uow:
        return uow.session.scalar(select(func.count(Person.id)))


def test_check_then_import_then_nothing_changes_the_second_time(sqlite_system):
    seed(sqlite_system)
    client = hr_client(sqlite_system.app())
    before = _people(sqlite_system)
    bad = _upload(client, BAD, "save")
    assert bad.status_code == 422
    page = text_of(bad)
    assert "Er is niets geïmporteerd" in page
    assert "rij 2, kolom" in page and "niemand@voorbeeld.nl" in page and "rij 3, kolom" in page
    assert _people(sqlite_system) == before
    checked = _upload(client, GOOD, "check")
    assert checked.status_code == 200 and "Bij importeren: 2 nieuw, 0 gewijzigd, 0 ongewijzigd." in text_of(checked)
    assert _people(sqlite_system) == before  # a check writes nothing
    done = _upload(client, GOOD, "save")
    assert done.status_code == 302
    assert "Geïmporteerd: 2 nieuw, 0 gewijzigd, 0 ongewijzigd." in text_of(client.get("/hr/people"))
    again = _upload(client, GOOD, "save")
    assert again.status_code == 302
    assert "Geïmporteerd: 0 nieuw, 0 gewijzigd, 2 ongewijzigd." in text_of(client.get("/hr/people"))
    assert _people(sqlite_system) == before + 2


def test_a_wrong_file_is_told_in_the_readers_language(sqlite_system):
    seed(sqlite_system)
    client = hr_client(sqlite_system.app())
    empty = client.post("/hr/people?lang=en", data={"check": "1"}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Choose a file." in text_of(empty)
    pdf = _upload(client, "%PDF-1.4", "check", name="mensen.pdf")
    assert pdf.status_code == 422 and "Only .csv or .xlsx." in text_of(pdf)


def test_the_example_file_passes_the_check_in_both_languages(sqlite_system):
    seed(sqlite_system)
    client = hr_client(sqlite_system.app())
    assert 'href="/hr/people/example.csv"' in text_of(client.get("/hr/people"))
    for lang, header in (("nl", "naam;e-mail;leidinggevende;afdeling;taal"), ("en", "name;email;manager_email")):
        example = client.get(f"/hr/people/example.csv?lang={lang}")
        assert example.status_code == 200 and example.mimetype == "text/csv"
        text = example.data.decode("utf-8-sig")
        assert text.startswith(header)
        checked = client.post(
            "/hr/people",
            data={"check": "1", "file": (io.BytesIO(example.data), "example.csv")},
            content_type="multipart/form-data",
        )
        assert checked.status_code == 200, text_of(checked)
        assert ("Bij importeren: 3 nieuw" if lang == "nl" else "On import: 3 new") in text_of(checked)
