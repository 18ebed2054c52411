"""The signed plan as a PDF: attached to the 'signed' e-mail, downloadable by both and by HR."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.integration.helpers import EMPLOYEE, agree_and_sign, hr_client, to_agreements
from tests.mails import mail_to


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_signed_mail_carries_the_plan_and_both_can_download_it(sqlite_system):
    employee_home, manager_home = to_agreements(sqlite_system)
    client = sqlite_system.app().test_client()
    early = client.get(employee_home + "/plan.pdf", follow_redirects=True)
    assert "nog niet door jullie allebei ondertekend" in early.data.decode()  # not before both signed
    agree_and_sign(sqlite_system, "Cursus projectleiding volgen", goal="Doorgroeien naar projectleider")
    (signed,) = [m for m in mail_to(sqlite_system.sink.directory, EMPLOYEE) if "ondertekend" in m.subject]
    assert signed.attachments == (f"ontwikkelplan-{1}.pdf",)
    text = _text(signed.attachment("ontwikkelplan-1.pdf"))
    assert "Persoonlijk ontwikkelingsplan" in text and "Cursus projectleiding volgen" in text
    assert "Gewenste ontwikkeling\nDoorgroeien naar projectleider" in text  # signed with the agreements
    assert "Jan Jansen" in text and "Marieke de Vries" in text
    pdf_hash = re.sub(r"\s", "", text)
    page = client.get(employee_home).data.decode()
    assert "Het ondertekende plan als PDF" in page
    shown = re.search(r"<code>([0-9a-f]{12})</code>", page).group(1)
    assert shown in pdf_hash  # the content hash on the page is the one in the PDF
    for home in (employee_home, manager_home):
        response = client.get(home + "/plan.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert "Cursus projectleiding volgen" in _text(response.data)
    english = client.get(employee_home + "/plan.pdf?lang=en")
    assert "Personal development plan" in _text(english.data)
    hr = hr_client(sqlite_system.app())
    assert "Het ondertekende plan als PDF" in hr.get("/hr/pop/1").data.decode()
    assert "Cursus projectleiding volgen" in _text(hr.get("/hr/pop/1/plan.pdf").data)
    assert hr.get("/hr/pop/999/plan.pdf").status_code == 404
