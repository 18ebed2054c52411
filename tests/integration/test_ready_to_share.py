"""A preparation people finish: a short v2 form, drafts saved in the background, and
'ready to share' that can be undone until the points are exchanged."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import select, update

from shared.models import Event, Pop, Preparation
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, pass_the_exchange, schedule, seed, state, text_of
from tests.mails import mail_to

AUTOSAVE = {"X-Autosave": "1"}


class _VisibleBoxes(HTMLParser):
    """Text boxes a reader sees on opening the page: not those inside a closed <details>."""

    def __init__(self):
        super().__init__()
        self.closed_depth = 0  # closed <details> we are inside
        self.stack: list[bool] = []
        self.visible = 0
        self.folded = 0

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            closed = "open" not in dict(attrs)
            self.stack.append(closed)
            self.closed_depth += closed
        elif tag == "textarea":
            if self.closed_depth:
                self.folded += 1
            else:
                self.visible += 1

    def handle_endtag(self, tag):
        if tag == "details" and self.stack:
            self.closed_depth -= self.stack.pop()


def _boxes(page: str) -> tuple[int, int]:
    parser = _VisibleBoxes()
    parser.feed(page)
    return parser.visible, parser.folded


def _links(system) -> tuple[str, str, int]:
    seed(system)
    pop_id = schedule(system)
    employee = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    manager = mail_to(system.sink.directory, MANAGER)[0].home_path
    return employee, manager, pop_id


def test_the_v2_preparation_opens_short_with_the_rest_folded(sqlite_system):
    employee, manager, _pop = _links(sqlite_system)
    client = sqlite_system.app().test_client()
    page = text_of(client.get(employee + "/prepare"))
    visible, folded = _boxes(page)
    assert 5 <= visible <= 8 and folded >= 10
    assert "Waar ben ik goed in?" in page and "Sterke punten: meer vragen (3)" in page
    assert 'src="/static/autosave.js"' in page and "<script>" not in page  # the CSP allows no inline script
    assert "Klaar om te delen" in page and "Insturen" not in page
    # What the button does, said before pressing it: who sees what, and when.
    assert "Op maandag 29 maart 2027 om 10:00 krijgt Marieke de Vries de antwoorden te zien" in page
    # The manager: the questions about the employee first, the rest and the department folded.
    visible, folded = _boxes(text_of(client.get(manager + "/prepare")))
    assert visible == 5 and folded == 4 + 8


def test_a_draft_saved_in_the_background_survives_a_reload(sqlite_system):
    employee, _manager, _pop = _links(sqlite_system)
    client = sqlite_system.app().test_client()
    first = client.post(employee + "/prepare", data={"answer_strengths": "Plannen", "version": ""}, headers=AUTOSAVE)
    assert first.status_code == 200 and first.get_json() == {"saved": True, "version": 1}
    # The next save carries the version the first one answered with (the script puts it in the form).
    second = client.post(
        employee + "/prepare",
        data={"answer_strengths": "Plannen en overzicht", "share_strengths": "y", "version": "1"},
        headers=AUTOSAVE,
    )
    assert second.get_json() == {"saved": True, "version": 2}
    reloaded = text_of(client.get(employee + "/prepare"))
    assert "Plannen en overzicht</textarea>" in reloaded and 'name="version" type="hidden" value="2"' in reloaded
    # A background save from a page that is out of date overwrites nothing, and says so.
    stale = client.post(employee + "/prepare", data={"answer_strengths": "Oud", "version": "1"}, headers=AUTOSAVE)
    assert stale.status_code == 409 and stale.get_json()["saved"] is False
    assert "Plannen en overzicht</textarea>" in text_of(client.get(employee + "/prepare"))
    # A background save never makes it ready, even if a button's name came along.
    client.post(employee + "/prepare", data={"answer_strengths": "X", "submit": "1", "version": "2"}, headers=AUTOSAVE)
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Preparation.submitted_at)).one() is None


def test_ready_to_share_can_be_undone_before_the_exchange_and_not_after(sqlite_system):
    employee, manager, pop_id = _links(sqlite_system)
    client, boss = sqlite_system.app().test_client(), sqlite_system.app().test_client()
    data = {"answer_strengths": "Plannen", "share_strengths": "y", "version": "", "submit": "1"}
    ready = client.post(employee + "/prepare", data=data)
    assert ready.status_code == 302 and ready.headers["Location"].endswith("/prepare")
    page = text_of(client.get(employee + "/prepare"))
    assert "klaargezet om te delen" in page and "Toch nog aanpassen" in page
    assert "Op maandag 29 maart 2027 om 10:00 krijgt Marieke de Vries de gemarkeerde antwoorden te zien" in page
    sqlite_system.settle()
    assert state(sqlite_system, pop_id) == "announcement" and "Plannen" not in text_of(boss.get(manager))

    # Undone: a draft again, to edit; the workflow sees the side as not ready.
    undone = client.post(employee + "/prepare/reopen")
    assert undone.status_code == 302
    page = text_of(client.get(employee + "/prepare"))
    assert "Je voorbereiding is weer een concept" in page and "Plannen</textarea>" in page
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Preparation.submitted_at)).one() is None
        kinds = list(uow.session.scalars(select(Event.kind).order_by(Event.id)))
        assert kinds[-2:] == ["preparation_submitted", "preparation_reopened"]

    # Ready again with an edit; at the exchange the manager reads it, and it can no longer be undone.
    client.post(employee + "/prepare", data={**data, "answer_strengths": "Plannen, beter", "version": "2"})
    pass_the_exchange(sqlite_system, pop_id)
    assert "Plannen, beter" in text_of(boss.get(manager))
    page = text_of(client.get(employee + "/prepare"))
    assert "Toch nog aanpassen" not in page
    refused = client.post(employee + "/prepare/reopen", follow_redirects=True)
    assert "De punten zijn al uitgewisseld" in text_of(refused)
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Preparation.submitted_at)).one() is not None


def test_no_undo_once_the_exchange_moment_passed_even_before_the_worker_acts(sqlite_system):
    employee, _manager, pop_id = _links(sqlite_system)
    client = sqlite_system.app().test_client()
    client.post(employee + "/prepare", data={"answer_strengths": "Plannen", "version": "", "submit": "1"})
    sqlite_system.settle()
    sqlite_system.clock.set(MEETING_UTC - timedelta(days=7))  # the exchange moment; no tick yet
    assert state(sqlite_system, pop_id) == "announcement"
    assert "Toch nog aanpassen" not in text_of(client.get(employee + "/prepare"))
    client.post(employee + "/prepare/reopen")
    with sqlite_system.runtime.uow() as uow:
        assert uow.session.scalars(select(Preparation.submitted_at)).one() is not None


def test_ready_without_an_answer_keeps_the_draft(sqlite_system):
    employee, _manager, _pop = _links(sqlite_system)
    client = sqlite_system.app().test_client()
    data = {"answer_strengths": "", "share_strengths": "y", "version": "", "submit": "1"}
    response = client.post(employee + "/prepare", data=data)
    assert response.status_code == 422
    assert "Beantwoord minstens één vraag voordat je je voorbereiding klaarzet" in text_of(response)
    with sqlite_system.runtime.uow() as uow:
        prep = uow.session.scalars(select(Preparation)).one()
        assert prep.submitted_at is None and prep.answers["strengths"]["share"] is True


def test_a_v1_pop_still_renders_and_saves(sqlite_system):
    employee, _manager, pop_id = _links(sqlite_system)
    with sqlite_system.runtime.uow() as uow:  # a POP from before v2: it keeps its question set
        uow.session.execute(update(Pop).where(Pop.id == pop_id).values(question_set="v1"))
        uow.commit()
    client = sqlite_system.app().test_client()
    page = text_of(client.get(employee + "/prepare"))
    assert "Vragen over jezelf en je werk" in page and _boxes(page) == (22, 0)
    assert "Waar zie ik erg tegen op?" in page and "Waar liggen mijn ambities op de langere termijn?" in page
    saved = client.post(
        employee + "/prepare", data={"answer_long_term_ambitions": "Teamleider", "version": ""}, headers=AUTOSAVE
    )
    assert saved.get_json() == {"saved": True, "version": 1}
    ready = client.post(
        employee + "/prepare", data={"answer_long_term_ambitions": "Teamleider", "version": "1", "submit": "1"}
    )
    assert ready.status_code == 302
    with sqlite_system.runtime.uow() as uow:
        prep = uow.session.scalars(select(Preparation)).one()
        assert prep.question_set == "v1" and prep.answers["long_term_ambitions"]["text"] == "Teamleider"
    assert "Teamleider" in text_of(client.get(employee + "/prepare"))
