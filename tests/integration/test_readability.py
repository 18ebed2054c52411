"""Every page and every mail of one POP's life reads as plain Dutch: Flesch reading ease
with Douma's formula (tests/readability.py) at or above a floor, per page and per mail.

Mails and the pages of employees and managers: 60, where plain (B1) Dutch starts. HR's pages
(tables, filters, settings for people who run rounds): 50. A text below says which page or
mail and its score; `POPFLOW_READABILITY=1 pytest -s` lists every score, hardest first.
"""

from __future__ import annotations

import os

from tests.integration.helpers import hr_client
from tests.mails import all_mail
from tests.page_tour import tour, with_language
from tests.readability import mail_reading_ease, page_reading_ease

PEOPLE_FLOOR, HR_FLOOR = 60.0, 50.0


def test_every_page_and_mail_reads_plainly(sqlite_system):
    app = sqlite_system.app()
    people, hr = app.test_client(), None
    scores: dict[str, float] = {}
    floors: dict[str, float] = {}
    for visit in tour(sqlite_system):
        if visit.hr and hr is None:
            hr = hr_client(app)
        page = (hr if visit.hr else people).get(with_language(visit.path, "nl"))
        floors[f"page {visit.name}"] = HR_FLOOR if visit.path.startswith("/hr") else PEOPLE_FLOOR
        scores[f"page {visit.name}"] = page_reading_ease(page.data.decode())
    for mail in all_mail(sqlite_system.sink.directory):
        if mail.language == "nl":
            floors[f"mail {mail.subject}"] = PEOPLE_FLOOR
            scores[f"mail {mail.subject}"] = mail_reading_ease(mail.text)
    if os.environ.get("POPFLOW_READABILITY"):
        for name, score in sorted(scores.items(), key=lambda item: item[1]):
            print(f"{score:6.1f}  {name}")
    assert len(scores) > 30
    hard = {name: f"{score:.0f} < {floors[name]:.0f}" for name, score in scores.items() if score < floors[name]}
    assert hard == {}, f"hard to read (Flesch–Douma): {hard}"
