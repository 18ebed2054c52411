"""A manager's personal link leads to the POPs of all their reports."""

from __future__ import annotations

import re
from datetime import timedelta

from intake.scheduling import schedule_meeting
from shared.models import Person
from tests.integration.helpers import MANAGER, MEETING_UTC, schedule, seed
from tests.mails import mail_to

HOUR = timedelta(hours=1)


def test_the_manager_reaches_every_report_from_one_link(sqlite_system):
    system = sqlite_system
    seed(system)
    with system.runtime.uow() as uow:
        manager = uow.session.query(Person).filter_by(email=MANAGER).one()
        uow.session.add(Person(name="Emma Clarke", email="emma@voorbeeld.nl", language="en", manager=manager))
        uow.commit()
    schedule(system)
    with system.runtime.uow() as uow:
        # An hour after Jan's: the manager cannot be in two conversations at once.
        schedule_meeting(
            uow, system.clock.now(), employee_email="emma@voorbeeld.nl", start=MEETING_UTC + HOUR, actor="test"
        )
        uow.commit()
    system.settle()
    client = system.app().test_client()
    first = mail_to(system.sink.directory, MANAGER)[0]
    page = client.get(first.home_path).get_data(as_text=True)
    assert "Mijn medewerkers" in page
    other = re.search(r'<a href="(/p/[^"]+)">(?:Emma Clarke|Jan Jansen)</a>', page).group(1)
    opened = client.get(other).get_data(as_text=True)
    assert opened.count("<h1>Het POP van ") == 1 and "Je bent ingelogd via je persoonlijke link als Marieke" in opened
    assert other != first.home_path
    # The employee sees only their own POP.
    employee_page = client.get(mail_to(system.sink.directory, "emma@voorbeeld.nl")[0].home_path)
    assert "My reports" not in employee_page.get_data(as_text=True)
