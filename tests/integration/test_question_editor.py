"""HR's question-set editor over HTTP: a set of six questions (two of HR's own, one optional)
built from the library, previewed, published and asked in a round; the English left empty is
listed; a stale tab is told so and keeps what it typed; hostile text gets a Dutch answer."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from intake.rounds import RoundInput, create_round, launch_round
from shared.models import Pop, QuestionSetVersion
from shared.questions import load_question_set
from tests.integration.helpers import EMPLOYEE, hr_client, schedule, seed, text_of
from tests.mails import mail_to

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
LIBRARY = {"employee": ["strengths", "energy_sources"], "manager": ["growth_options", "development_necessity"]}


class _Fields(HTMLParser):
    """What a browser would send with a button of the editor's form: its fields as filled in."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("class") == "qs-editor":
            self._in_form = True
        if not self._in_form or not a.get("name"):
            if tag == "option" and self._select and ("selected" in a or self._select not in self.fields):
                self.fields[self._select] = a.get("value") or ""
            return
        if tag == "input" and a.get("type") == "checkbox":
            if "checked" in a:
                self.fields[a["name"]] = a.get("value") or "on"
        elif tag == "input":
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        if tag == "select":
            self._select = None


def fields_of(page_html: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(page_html)
    return parser.fields


def press(client, path: str, action: str, **changes: str | None) -> object:
    """The editor's form as shown, with `changes` typed (None: a box unticked), sent with a button."""
    fields = fields_of(client.get(path).get_data(as_text=True))
    for name, value in changes.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    return client.post(path, data={**fields, "action": action})


def question_field(page_html: str, text: str) -> str:
    """The place ("employee-0-1") of the question whose Dutch text is `text`."""
    m = re.search(r'name="((?:employee|manager)-\d+-\d+)-text_nl" value="' + re.escape(text) + '"', page_html)
    assert m, text
    return m.group(1)


def build_six(client) -> str:
    """The set of the acceptance: four from the library, two of HR's own, one optional; its editor."""
    made = client.post("/hr/question-sets/new", data={"name": "Zorgvragen", **LIBRARY, "evaluation": []})
    assert made.status_code == 302, made.get_data(as_text=True)[:500]
    editor = made.headers["Location"].split("#")[0]
    assert press(client, editor, "add:employee", **{"new-employee-text_nl": "Waar ben je trots op?"}).status_code == 302
    added = press(
        client,
        editor,
        "add:manager",
        **{"new-manager-text_nl": "Welke steun heeft je team nodig?", "new-manager-text_en": "What support?"},
    )
    assert added.status_code == 302
    page = client.get(editor).get_data(as_text=True)
    optional = question_field(page, "Waar ben je trots op?")
    assert press(client, editor, "save", **{f"{optional}-core": None}).status_code == 302
    return editor


def test_hr_builds_six_questions_previews_publishes_and_the_round_asks_exactly_those(sqlite_system):
    system = sqlite_system
    system.clock.set(NOW)
    seed(system)
    client = hr_client(system.app())
    assert "Vragenlijsten" in client.get("/hr/").get_data(as_text=True)  # in HR's navigation
    editor = build_six(client)
    page = text_of(client.get(editor))
    # The own question's id comes from its text, and stays when the text changes.
    assert 'value="waar_ben_je_trots_op"' in page
    place = question_field(page, "Waar ben je trots op?")
    press(client, editor, "save", **{f"{place}-text_nl": "Waar ben je het meest trots op?"})
    page = text_of(client.get(editor))
    assert 'value="waar_ben_je_trots_op"' in page and "Waar ben je het meest trots op?" in page
    # English left empty is listed, with the Dutch that shows instead.
    assert "Teksten zonder Engels: 1" in page and "Waar ben je het meest trots op?" in page.split("Engels: 1")[1]

    draft_id = int(editor.rsplit("/", 1)[1])
    preview = client.get(f"/hr/question-sets/preview/employee?draft={draft_id}")
    shown = text_of(preview)
    assert preview.status_code == 200 and 'method="post"' not in shown.split("<main", 1)[1]
    assert "Waar ben ik goed in?" in shown and "Waar ben je het meest trots op?" in shown
    assert "meer vragen (1)" in shown  # the optional one behind the fold
    manager_view = text_of(client.get(f"/hr/question-sets/preview/manager?draft={draft_id}"))
    assert "Welke steun heeft je team nodig?" in manager_view and "Waar ben ik goed in?" not in manager_view

    confirm = text_of(client.get(f"/hr/question-sets/drafts/{draft_id}/publish"))
    assert "niet meer veranderen" in confirm and "houden de vragen die ze hebben" in confirm
    done = client.post(f"/hr/question-sets/drafts/{draft_id}/publish")
    assert done.status_code == 302
    listing = text_of(client.get("/hr/question-sets"))
    assert "Gepubliceerd als versie s1" in listing and "s1" in listing
    assert client.get(editor).status_code == 404  # published: no longer a draft to edit
    exported = client.get("/hr/question-sets/s1/export")
    assert exported.status_code == 200 and exported.get_json()["name"] == "Zorgvragen"

    launched(system, "s1")
    with system.runtime.uow() as uow:
        assert uow.session.scalars(select(Pop.question_set)).all() == ["s1"]
        asked = load_question_set("s1", uow.session)
    assert [q.nl for q in asked.for_role("employee")] == [
        "Waar ben ik goed in?",
        "Waar ben je het meest trots op?",  # added to the first theme, the page's choice
        "Waar krijg ik energie van?",
    ]
    assert len(asked.for_role("employee")) + len(asked.for_role("manager")) == 6
    assert [q.core for q in asked.for_role("employee")] == [True, False, True]


def launched(system, version: str) -> None:
    with system.runtime.uow() as uow:
        rnd = create_round(
            uow,
            system.clock.now(),
            RoundInput(
                name="Voorjaar", meetings_from=date(2027, 3, 1), meetings_until=date(2027, 4, 30), question_set=version
            ),
            "hr:1",
        )
        launch_round(uow, system.clock.now(), rnd.id, "hr:1")
        uow.commit()


def test_a_stale_tab_is_told_and_keeps_what_it_typed(sqlite_system):
    system = sqlite_system
    system.clock.set(NOW)
    seed(system)
    client = hr_client(system.app())
    editor = build_six(client)
    stale = fields_of(client.get(editor).get_data(as_text=True))
    press(client, editor, "save", name="Zorgvragen 2027")  # another tab saves first
    stale["name"] = "Mijn naam"
    stale["employee-0-0-text_nl"] = "Mijn eigen versie van de vraag"
    answer = client.post(editor, data={**stale, "action": "save"})
    page = text_of(answer)
    assert answer.status_code == 409
    assert "Iemand anders heeft dit concept intussen opgeslagen" in page
    assert "Mijn eigen versie van de vraag" in page and 'value="Mijn naam"' in page
    assert "Zorgvragen 2027" in text_of(client.get("/hr/question-sets"))  # theirs was not overwritten
    # A second save from the page that was told replaces it, knowingly.
    again = fields_of(answer.get_data(as_text=True))
    assert client.post(editor, data={**again, "action": "save"}).status_code == 302
    assert "Mijn eigen versie van de vraag" in text_of(client.get(editor))


def test_moving_removing_and_a_new_theme(sqlite_system):
    system = sqlite_system
    system.clock.set(NOW)
    seed(system)
    client = hr_client(system.app())
    editor = build_six(client)
    page = client.get(editor).get_data(as_text=True)
    assert question_field(page, "Waar krijg ik energie van?") == "employee-1-0"
    press(client, editor, "up:employee:1:0")  # the first of its theme joins the theme before, at the end
    page = client.get(editor).get_data(as_text=True)
    assert question_field(page, "Waar krijg ik energie van?") == "employee-0-2"
    press(client, editor, "add_theme:employee", **{"newtheme-employee-title_nl": "Samenwerken"})
    assert 'value="Samenwerken"' in client.get(editor).get_data(as_text=True)
    press(client, editor, "remove:employee:0:2")
    assert "Waar krijg ik energie van?" not in client.get(editor).get_data(as_text=True)
    empty = press(client, editor, "add:employee", **{"new-employee-text_nl": ""})
    assert empty.status_code == 422 and "typ eerst de vraag in het Nederlands" in text_of(empty)


HOSTILE = st.one_of(
    st.text(st.characters(categories=["Cc", "Zl", "Zp"]), min_size=1, max_size=5).map(lambda s: "Vraag" + s),
    st.sampled_from(["", " ", "a" * 301, "\x00", "Regel\nnog een", '"><script>alert(1)</script>' + "x" * 300]),
)


def test_hostile_text_gets_a_dutch_error_never_a_500(sqlite_system):
    system = sqlite_system
    system.clock.set(NOW)
    seed(system)
    client = hr_client(system.app())
    editor = build_six(client)

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=HOSTILE, part=st.sampled_from(["employee-0-0-text_nl", "manager-0-0-text_en", "employee-0-title_nl"]))
    def send(text, part):
        assume(text.strip() or not part.endswith("_en"))  # an empty English text is allowed: the Dutch shows
        answer = press(client, editor, "save", **{part: text})
        body = text_of(answer)
        assert answer.status_code == 422, (text, answer.status_code)
        assert "Controleer het formulier" in body and '<html lang="nl">' in body
        assert "<script>alert(1)" not in answer.get_data(as_text=True)  # escaped as typed

    send()
    with system.runtime.uow() as uow:  # nothing hostile was stored
        row = uow.session.scalars(select(QuestionSetVersion)).one()
        assert row.revision == 4


def test_required_and_shared_flags_reach_the_preparation(sqlite_system):
    system = sqlite_system
    system.clock.set(NOW)
    seed(system)
    client = hr_client(system.app())
    editor = build_six(client)
    press(client, editor, "save", **{"employee-0-0-required": "1", "employee-0-0-shared": "1"})
    draft_id = int(editor.rsplit("/", 1)[1])
    assert client.post(f"/hr/question-sets/drafts/{draft_id}/publish").status_code == 302
    launched(system, "s1")
    schedule(system)  # Jan's POP of the round
    link = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    person = system.app().test_client()
    page = text_of(person.get(link + "/prepare"))
    assert re.search(r'<input checked[^>]*name="share_strengths"', page)  # starts as shared
    assert not re.search(r'<input checked[^>]*name="share_energy_sources"', page)
    assert "Deze vraag moet je beantwoorden" in page
    refused = person.post(link + "/prepare", data={"answer_energy_sources": "Mensen", "submit": "1"})
    assert refused.status_code == 422
    assert "Beantwoord deze vraag om je voorbereiding klaar te zetten." in text_of(refused)
    ready = person.post(link + "/prepare", data={"answer_strengths": "Plannen", "submit": "1"})
    assert ready.status_code == 302


def test_a_long_or_stiff_question_gets_a_b1_hint_and_is_still_saved(sqlite_system):
    """The readability hints of shared/readability.py beside each Dutch text HR writes."""
    system = sqlite_system
    system.clock.set(NOW)
    seed(system)
    client = hr_client(system.app())
    editor = build_six(client)
    page = client.get(editor).get_data(as_text=True)
    place = question_field(page, "Waar ben je trots op?")
    stiff = "Welke werkzaamheden worden door jou middels extra inzet uitgevoerd ten behoeve van het team?"
    assert press(client, editor, "save", **{f"{place}-text_nl": stiff}).status_code == 302  # a hint never refuses
    shown = text_of(client.get(editor))
    assert stiff in shown
    assert "Moeilijk woord ('middels'): schrijf 'met'." in shown
    assert "Moeilijk woord ('ten behoeve van'): schrijf 'voor'." in shown
    assert "Lijdende vorm ('worden … uitgevoerd'): zeg wie het doet." in shown
    # The seed's own questions get theirs too; the plain ones none.
    assert re.findall(r'class="advice">([^<]*)', shown) == [
        "Lijdende vorm ('worden … uitgevoerd'): zeg wie het doet.",
        "Moeilijk woord ('middels'): schrijf 'met'.",
        "Moeilijk woord ('ten behoeve van'): schrijf 'voor'.",
        "Lang woord ('mogelijkheden'): kies een korter woord.",
        "Lang woord ('ontwikkelnoodzaak'): kies een korter woord.",
    ]


def test_the_library_page_offers_seed_004s_subjects(sqlite_system):
    sqlite_system.clock.set(NOW)
    seed(sqlite_system)
    page = text_of(hr_client(sqlite_system.app()).get("/hr/question-sets/new"))
    assert "Onderwerpen van het gesprek" in page
    assert (
        "Hoe tevreden ben je over je huidige functie?" in page
        and "Kijk je ook naar werk bij een andere werkgever?" in page
    )


def test_hr_sets_a_departments_default_on_the_page_and_a_new_round_gets_it(sqlite_system):
    """Published s1 as Verkoop's default; a round for Verkoop alone picks it by itself; a
    tampered choice is told, not a 500; clearing it gives the newest shipped again."""
    from shared.models import Person
    from shared.questions import LATEST_VERSION

    system = sqlite_system
    system.clock.set(NOW)
    seed(system)
    with system.runtime.uow() as uow:
        uow.session.add(Person(name="Vera Verkoop", email="vera@voorbeeld.nl", department="Verkoop"))
        uow.commit()
    client = hr_client(system.app())
    editor = build_six(client)
    draft_id = editor.rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/hr/question-sets/drafts/{draft_id}/publish").status_code == 302
    page = client.get("/hr/question-sets").get_data(as_text=True)
    assert "Vaste vragenlijst per afdeling" in page and '<option value="Verkoop">' in page
    saved = client.post("/hr/question-sets/defaults", data={"department": "Verkoop", "version": "s1"})
    assert saved.status_code == 302
    assert "Verkoop krijgt voortaan s1 in een nieuwe ronde." in text_of(client.get("/hr/question-sets"))
    with system.runtime.uow() as uow:
        rnd = create_round(
            uow,
            NOW,
            RoundInput(
                name="Verkoop 2027",
                meetings_from=date(2027, 3, 1),
                meetings_until=date(2027, 4, 30),
                departments=["Verkoop"],
            ),
            "test",
        )
        assert rnd.question_set == "s1"
        uow.rollback()
    for odd in ({"department": "Bestaat niet", "version": "s1"}, {"department": "Verkoop", "version": "v999"}):
        told = client.post("/hr/question-sets/defaults", data=odd, follow_redirects=True)
        assert told.status_code == 200 and "Kies een afdeling en een vragenlijst uit de lijst." in text_of(told)
    client.post("/hr/question-sets/defaults", data={"department": "Verkoop", "version": ""})
    with system.runtime.uow() as uow:
        rnd = create_round(
            uow,
            NOW,
            RoundInput(
                name="Verkoop 2028",
                meetings_from=date(2027, 3, 1),
                meetings_until=date(2027, 4, 30),
                departments=["Verkoop"],
            ),
            "test",
        )
        assert rnd.question_set == LATEST_VERSION
