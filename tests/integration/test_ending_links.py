"""A person ends their own personal links (review of issue 17, finding 8): a forwarded
invitation opens the POP no longer, and a fresh link reaches their own address; a new
e-mail address ends the links that went to the old one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from intake.app import create_app
from shared.models import Meeting, Person
from tests.integration.helpers import EMPLOYEE, MANAGER, schedule, seed, text_of
from tests.integration.test_link_security import _every_personal_path, _token
from tests.mails import mail_to

ENDED = {
    "nl": "Je oude links werken niet meer: een nieuwe link voor het POP met Marieke de Vries",
    "en": "Your old links no longer work: a new link for the POP with Marieke de Vries",
}


def _ended_mails(system, address: str) -> list:
    return [m for m in mail_to(system.sink.directory, address) if m.subject in ENDED.values()]


@pytest.mark.backend
def test_ending_my_links_closes_every_old_one_and_mails_me_a_working_one(system):
    seed(system)
    schedule(system)
    app = system.app()
    client = app.test_client()
    jan_home, marieke_home = (mail_to(system.sink.directory, who)[0].home_path for who in (EMPLOYEE, MANAGER))
    page = text_of(client.get(jan_home))
    assert "Maak mijn oude links ongeldig" in page
    assert client.get(jan_home + "/links/end").status_code == 405  # a GET (a link checker) ends nothing
    done = client.post(jan_home + "/links/end")
    assert done.status_code == 200 and "Je oude links werken niet meer" in text_of(done)
    system.settle()
    with system.runtime.uow() as uow:
        meeting_id = uow.session.scalar(select(Meeting.id))
    for path, method in _every_personal_path(app, _token(jan_home), meeting_id):
        assert client.open(path, method=method).status_code == 404, (path, method)
    (fresh,) = _ended_mails(system, EMPLOYEE)
    assert client.get(fresh.home_path).status_code == 200
    assert client.get(marieke_home).status_code == 200  # hers are her own
    # Pressed again from the fresh link: that one ends too, and the next one works.
    assert client.post(fresh.home_path + "/links/end").status_code == 200
    system.settle()
    assert client.get(fresh.home_path).status_code == 404
    assert client.get(_ended_mails(system, EMPLOYEE)[-1].home_path).status_code == 200


def test_in_english_and_only_with_our_form(sqlite_system):
    system = sqlite_system
    seed(system, employee_language="en")
    schedule(system)
    jan_home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    guarded = create_app(system.runtime, testing=True).test_client()  # CSRF stays on
    assert guarded.post(jan_home + "/links/end").status_code == 400
    assert guarded.get(jan_home).status_code == 200  # a post from elsewhere ended nothing
    client = system.app().test_client()
    assert "Make my old links invalid" in text_of(client.get(jan_home))
    done = client.post(jan_home + "/links/end")
    assert "Your old links no longer work" in text_of(done)
    system.settle()
    assert [m.subject for m in _ended_mails(system, EMPLOYEE)] == [ENDED["en"]]


def test_a_new_address_ends_the_links_sent_to_the_old_one(sqlite_system):
    system = sqlite_system
    seed(system)
    schedule(system)
    client = system.app().test_client()
    jan_home = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    with system.runtime.uow() as uow:
        jan = uow.session.scalar(select(Person).where(Person.email == EMPLOYEE))
        jan.email = "j.jansen@voorbeeld.nl"
        uow.commit()
    assert client.get(jan_home).status_code == 404


@settings(max_examples=40, deadline=None)
@given(old=st.emails(), new=st.emails())
def test_only_another_mailbox_counts_as_a_new_address(old, new):
    person = Person(name="Jan", email=old, link_epoch=0)
    person.email = new.upper() if new.lower() == old.lower() else new
    assert person.link_epoch == (0 if new.lower() == old.lower() else 1)
    person.email = person.email.lower()  # only the case: the same mailbox
    assert person.link_epoch == (0 if new.lower() == old.lower() else 1)
