"""A signed plan anyone can verify: exact names in the PDF, its code on a public page
without personal data, and `popflow plan verify` telling an issued PDF from a changed one."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from popflow.cli import main
from shared.models import Person
from tests.integration.helpers import EMPLOYEE, MANAGER, agree_and_sign, hr_client, to_agreements
from tests.mails import mail_to

LUKASZ, SUKRU = "Łukasz Żółć", "Şükrü Öztürk"
AGREEMENT = "Coaching door Zoë, ook over İzmir en Ærøskøbing"


def _text(data: bytes) -> str:
    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _signed_plan(system) -> bytes:
    """The acceptance plan, signed by both; its PDF as HR downloads it."""
    employee_home, _manager_home = to_agreements(system)
    with system.runtime.uow() as uow:
        people = {p.email: p for p in uow.session.scalars(select(Person))}
        people[EMPLOYEE].name, people[MANAGER].name = LUKASZ, SUKRU
        uow.commit()
    agree_and_sign(system, AGREEMENT)
    response = hr_client(system.app()).get("/hr/pop/1/plan.pdf")
    assert response.status_code == 200
    return response.data


def _verify(system, tmp_path, data: bytes, *options: str):
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    env = {"DATABASE_URL": system.config.database_url, "BROKER_URL": "embedded"}
    return CliRunner().invoke(main, ["plan", "verify", str(path), *options], env=env, catch_exceptions=False)


def _code(data: bytes) -> str:
    return re.search(r"Controlecode ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})", _text(data)).group(1)


def test_the_plan_pdf_reads_back_every_letter_and_its_code_verifies_without_personal_data(sqlite_system):
    data = _signed_plan(sqlite_system)
    text = _text(data)
    for exact in (f"Medewerker {LUKASZ}", f"Leidinggevende {SUKRU}", f"Wat {AGREEMENT}"):
        assert exact in text
    assert f"{LUKASZ} (medewerker)" in text and f"{SUKRU} (leidinggevende)" in text
    assert "Lukasz" not in text and "[U+" not in text
    code = _code(data)
    assert f"/verify/{code}" in text  # printed under its QR code
    page = sqlite_system.app().test_client().get(f"/verify/{code}")  # no login
    body = page.data.decode()
    assert page.status_code == 200 and "Ja: een plan met deze code is door medewerker en leidinggevende" in body
    content_hash = re.search(r'<code class="hash">([0-9a-f]{64})</code>', body).group(1)
    assert content_hash in re.sub(r"\s", "", text)  # the hash the PDF prints
    for private in ("Łukasz", "Żółć", "Şükrü", "Zoë", "Coaching", "Jan", "Marieke", "@"):
        assert private not in body
    assert sqlite_system.app().test_client().get(f"/verify/{code.replace('-', '').lower()}").status_code == 200


def test_the_command_verifies_the_issued_pdf_and_fails_a_changed_one(sqlite_system, tmp_path):
    data = _signed_plan(sqlite_system)
    result = _verify(sqlite_system, tmp_path, data)
    assert result.exit_code == 0 and result.output.startswith("geldig: dit is een ondertekend plan, ondertekend op")
    as_json = _verify(sqlite_system, tmp_path, data, "--json")
    assert as_json.exit_code == 0 and '"valid": true' in as_json.output
    # A text edited by a PDF tool: the title in its metadata says another name.
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.add_metadata({"/Title": "Persoonlijk ontwikkelingsplan - Lukasz Zolc"})
    edited = io.BytesIO()
    writer.write(edited)
    for changed in (
        edited.getvalue(),
        data.replace(b"/Creator (popflow)", b"/Creator (popflaw)"),  # one byte
        data + b"\n%%EOF\n",  # an update appended
        data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1 :],  # a bit inside
    ):
        assert changed != data
        result = _verify(sqlite_system, tmp_path, changed)
        assert result.exit_code == 1 and result.output.startswith("ongeldig:"), result.output
    assert "veranderd" in _verify(sqlite_system, tmp_path, data + b"\n").output  # it still names its code
    other = _verify(sqlite_system, tmp_path, b"%PDF-1.4 not a plan")
    assert other.exit_code == 1 and "geen ondertekend plan van popflow" in other.output


def test_every_copy_verifies_the_mailed_one_and_the_english_one_too(sqlite_system, tmp_path):
    _signed_plan(sqlite_system)
    (mail,) = [m for m in mail_to(sqlite_system.sink.directory, EMPLOYEE) if "ondertekend" in m.subject]
    mailed = mail.attachment("ontwikkelplan-1.pdf")
    english = hr_client(sqlite_system.app()).get("/hr/pop/1/plan.pdf?lang=en")
    assert _verify(sqlite_system, tmp_path, mailed).exit_code == 0
    assert _code(mailed) == _code(english.data)  # one signed version, one code
    assert _verify(sqlite_system, tmp_path, english.data).exit_code == 0
    assert (
        _verify(sqlite_system, tmp_path, mailed, "--json").output
        == _verify(sqlite_system, tmp_path, english.data, "--json").output
    )  # one signed version, one answer


def test_an_unknown_code_is_a_plain_not_found_page(sqlite_system):
    client = sqlite_system.app().test_client()
    page = client.get("/verify/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    assert page.status_code == 404 and "Niet gevonden: er is geen ondertekend plan met deze code." in page.data.decode()
    assert client.get("/verify/1").status_code == 404  # a POP id is no code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=200))
def test_whatever_is_typed_after_verify_is_never_an_error(sqlite_system, typed):
    from urllib.parse import quote

    response = sqlite_system.app().test_client().get("/verify/" + quote(typed, safe=""))
    assert response.status_code in (404, 308, 200) and response.status_code < 500
