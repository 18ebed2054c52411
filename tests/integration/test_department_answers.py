"""A manager's doorstroom answers are about the department: the next report's preparation
opens with them, to change where this conversation differs."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from intake.scheduling import schedule_meeting
from shared.models import Person, Preparation
from tests.integration.helpers import MANAGER, MEETING_UTC, seed
from tests.mails import mail_to


def test_the_next_preparation_opens_with_the_department_answers_of_the_last(sqlite_system):
    seed(sqlite_system)
    with sqlite_system.runtime.uow() as uow:
        manager = uow.session.scalar(select(Person).where(Person.email == MANAGER))
        uow.session.add(Person(name="Els de Boer", email="els@voorbeeld.nl", manager=manager))
        uow.commit()
    with sqlite_system.runtime.uow() as uow:
        for n, email in enumerate(("jan@voorbeeld.nl", "els@voorbeeld.nl")):
            schedule_meeting(
                uow,
                sqlite_system.clock.now(),
                employee_email=email,
                start=MEETING_UTC + timedelta(days=n),
                minutes=60,
                location="",
                actor="test",
            )
        uow.commit()
    sqlite_system.settle()
    home = {
        name: m.home_path
        for m in mail_to(sqlite_system.sink.directory, MANAGER)
        for name in ("Jan Jansen", "Els de Boer")
        if f"gesprek met {name}" in m.text
    }
    first, second = home["Jan Jansen"], home["Els de Boer"]
    client = sqlite_system.app().test_client()
    assert "Overgenomen uit" not in client.get(first + "/prepare").data.decode()  # nothing earlier yet
    saved = client.post(
        first + "/prepare",
        data={
            "answer_expected_developments": "Vergrijzing: drie vacatures",
            "share_expected_developments": "y",
            "answer_competence_profile_fit": "Over deze persoon",
            "save": "1",
        },
    )
    assert saved.status_code == 302
    page = client.get(second + "/prepare").data.decode()
    assert "Overgenomen uit je voorbereiding voor Jan Jansen" in page
    assert re.search(r'name="answer_expected_developments"[^>]*>\s*Vergrijzing: drie vacatures</textarea>', page)
    assert re.search(
        r'checked[^>]*name="share_expected_developments"|name="share_expected_developments"[^>]*checked', page
    )
    assert "Over deze persoon" not in page  # answers about one employee stay with that employee
    # Nothing is saved for the second POP until the manager saves it.
    with sqlite_system.runtime.uow() as uow:
        assert len(uow.session.scalars(select(Preparation)).all()) == 1
