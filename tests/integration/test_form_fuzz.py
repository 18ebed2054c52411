"""R5: every POST form the page tour reaches, fuzzed with hypothesis over the real app
(CSRF on, a valid token and session): random text with control characters and NUL,
huge strings, numbers and dates out of range or malformed, missing, repeated and
unknown fields. Never a 5xx; always a Dutch page or a local redirect; a page with
errors keeps what was typed in the other fields.

The tour runs once per module; each form is posted to on a copy of the database as the
tour showed it, put back before every example (tests/form_tour.py).
"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.form_tour import Form, collect_forms, open_form, send
from tests.page_tour import foreign_texts

# Every POST form of the tour by the page that shows it, and two it walks past: the
# signing form (the overview once there is a plan) and the expired link's one click.
FORMS = (
    "hr-login",
    "link-request",
    "employee-prepare",
    "manager-prepare",
    "employee-agenda",
    "employee-answer",
    "manager-move",
    "manager-schedule",
    "manager-offer",
    "employee-pick",
    "manager-offer-picks",
    "manager-cancel",
    "hr-rounds",
    "hr-round",
    "hr-reminders",
    "hr-round-settings",
    "hr-mail-text",
    "hr-question-sets",  # copy a version into a draft
    "hr-question-sets-import",
    "hr-question-sets-defaults",
    "hr-question-library",
    "hr-question-draft",
    "hr-question-publish",
    "hr-people",
    "hr-pop",
    "hr-schedule",
    "hr-password",
    "employee-agreements",
    "employee-followup",
    "employee-progress",
    "employee-evaluation",
    "employee-sign",
    "link-renew",
    "hr-failed-mails",
    "hr-failed-mails-resend",
    # overview: a new feed URL, and ending one's links
    "employee-overview",
    "manager-overview",
    "employee-overview-end",
    "manager-overview-end",
)
ANSWERS = {200, 302, 303, 400, 404, 409, 410, 422}
ERROR_SIGNS = ("error-summary", 'class="flash error"', 'class="errors"')
KEEPS_TYPING = {"text", "textarea", "email", "number", "date", "time"}  # shown again as typed after an error
SCRIPT = '"><script>alert(1)</script>'


@pytest.fixture(scope="module")
def forms(tmp_path_factory, sqlite_template):
    return collect_forms(tmp_path_factory.mktemp("fuzz"), sqlite_template)


# -- what hypothesis types ------------------------------------------------------------------

DATES = [
    "2027-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2027-13-01",
    "2027/04/05",
    "05-04-2027",
    "2027-04-05T10:00",
    " 2027-04-05 ",
]
TIMES = ["25:99", "24:00", "-1:00", "10:00:00", "10.00", "9", "23:59:60", "tien uur"]
NUMBERS = [
    "-1",
    "0",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "1_000",
    "0x10",
    "١٢",
    "１２",
    "²",
    "-0",
    "3.5",
    "1,5",
    "99999999999999999999999999999",
]
TRICKS = [SCRIPT, "' OR '1'='1", "{{7*7}}", "%s%n", "\x00", "\r\n", "../../etc/passwd", "\u202e", "\ufeff", " "]
FUZZ = st.one_of(
    st.text(max_size=40),  # any code point but surrogates: NUL, controls, emoji, right-to-left
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=10),
    st.integers(-(10**25), 10**25).map(str),
    st.sampled_from(DATES + TIMES + NUMBERS + TRICKS),
    st.dates().map(lambda d: d.isoformat()),
    st.times().map(lambda t: t.strftime("%H:%M")),
)
# One huge value per post, under the 1 MB request limit once URL-encoded.
HUGE = st.sampled_from([("a", 250_000), ("é", 100_000), ("\x00", 200_000), ("<", 200_000), ("€\n", 40_000)]).map(
    lambda piece: piece[0] * piece[1]
)
PLAIN = st.text("abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=10).map(lambda s: "Kx" + s)
CSV_CELL = st.one_of(PLAIN, FUZZ.filter(lambda s: "," not in s), st.just("jan@voorbeeld.nl"))
UPLOAD = st.tuples(
    st.one_of(
        st.binary(max_size=2000),
        st.lists(st.lists(CSV_CELL, min_size=1, max_size=6), max_size=8).map(
            lambda rows: "\n".join(
                ["name,email,manager_email,department,language"] + [",".join(row) for row in rows]
            ).encode("utf-8", "surrogatepass")
        ),
        st.binary(max_size=500).map(lambda tail: b"PK\x03\x04" + tail),  # a broken XLSX
        st.just(b"name,email\n" + b"a,b\n" * 150_000),
    ),
    st.one_of(
        st.sampled_from(
            [
                "people.csv",
                "people.xlsx",
                "people.CSV",
                "people.exe",
                "",
                ".csv",
                "../../people.csv",
                "mensen lijst.xlsx",
                "naam\x00.csv",
            ]
        ),
        st.text(max_size=20).map(lambda s: s + ".csv"),
    ),
)


def _list_fields(form: Form) -> list[tuple[str, str]]:
    return sorted({(m.group(1), m.group(2)) for name in form.fields if (m := re.fullmatch(r"(\w+)-\d+-(\w+)", name))})


def _extra_names(form: Form):
    """Unknown fields: any name, or a list entry numbered oddly ("points-99999999-text", "points-²-text")."""
    index = st.one_of(
        st.integers(0, 10**12).map(str), st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=3)
    )
    lists = _list_fields(form)
    named = (
        st.builds(lambda entry, i: f"{entry[0]}-{i}-{entry[1]}", st.sampled_from(lists), index)
        if lists
        else st.nothing()
    )
    return st.one_of(st.text(min_size=1, max_size=15), named).filter(
        lambda name: name not in form.fields and name != "csrf_token"
    )


def _draw_post(data, form: Form) -> tuple[dict, dict[str, str]]:
    """The post, and the fields that got one plain value (to look for after an error)."""
    post, plain = {}, {}
    names = [name for name in form.fields if name != "csrf_token"]
    huge = data.draw(st.none() | st.sampled_from(names), label="huge field") if names else None
    for name in names:
        f = form.fields[name]
        if f.kind == "file":
            if data.draw(st.booleans(), label=f"send {name}"):
                content, filename = data.draw(UPLOAD, label=name)
                post[name] = (BytesIO(content), filename)
            continue
        if name == huge:
            post[name] = data.draw(HUGE, label=name)
            continue
        ways = ["missing", "plain", "fuzz", "repeated"] + (["choice"] if f.choices else [])
        how = data.draw(st.sampled_from(ways), label=f"{name}: how")
        if how == "plain":
            post[name] = plain[name] = data.draw(PLAIN, label=name)
        elif how == "fuzz":
            post[name] = data.draw(FUZZ, label=name)
        elif how == "repeated":
            post[name] = data.draw(st.lists(FUZZ | PLAIN, min_size=2, max_size=3), label=name)
        elif how == "choice":
            post[name] = data.draw(st.sampled_from(f.choices), label=name)
    post.update(data.draw(st.dictionaries(_extra_names(form), FUZZ, max_size=3), label="unknown fields"))
    return post, plain


def _check(form: Form, response, post: dict, plain: dict[str, str]) -> None:
    assert response.status_code in ANSWERS, (form.name, response.status_code)
    if response.status_code in (302, 303):
        assert response.headers["Location"].startswith("/"), response.headers["Location"]  # stays on this site
        return
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert '<html lang="nl">' in body, body[:300]
    assert foreign_texts(body, "nl") == []
    assert "<script>alert(1)" not in body  # what was typed is escaped
    shown_errors = response.status_code in (409, 422) or any(sign in body for sign in ERROR_SIGNS)
    if not shown_errors or response.status_code == 400:
        return
    for name, value in plain.items():
        row = re.fullmatch(r"(\w+-\d+)-\w+", name)
        if form.fields[name].kind not in KEEPS_TYPING or row and _row_gone(form, post, row.group(1)):
            continue  # not shown again by design (a password, a choice), or a row the post undid
        assert value in body, (form.name, name, value)


def _row_gone(form: Form, post: dict, row: str) -> bool:
    """A list row the post removed, or whose hidden key it changed (no POP to show it for)."""
    if post.get(f"{row}-remove"):
        return True
    return any(
        f.kind == "hidden" and name.startswith(row + "-") and post.get(name) not in f.choices
        for name, f in form.fields.items()
    )


@pytest.mark.parametrize("name", FORMS)
def test_random_input_to_every_form_gets_a_dutch_page_never_a_5xx(forms, name):
    fuzz, form, token = open_form(forms, name)

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def post_random(data):
        fuzz.reset()
        post, plain = _draw_post(data, form)
        _check(form, send(fuzz.client, form.action, {**post, "csrf_token": token}), post, plain)

    try:
        post_random()  # a 500 raises here (the app runs with testing=True), shrunk to its smallest post
    finally:
        fuzz.runtime.close()


def test_the_tour_reaches_every_form_fuzzed_here(forms):
    """A new form on a page of the tour must join FORMS (and so the fuzzing)."""
    found, _base, _folder = forms
    assert sorted(found) == sorted(FORMS), sorted(set(found) ^ set(FORMS))
    assert all(form.fields for form in found.values())


# -- what the fuzzing found, kept as plain examples --------------------------------------------

FOUND = [  # (form, post, status, text on the page); each was a 500 before
    ("employee-agenda", {"points-²-text": "Werkdruk", "points-0-text": "Planning", "save": "1"}, 302, None),
    ("employee-agreements", {"agreements-³-what": "Cursus", "save": "1"}, 422, "Controleer het formulier"),
    ("employee-agreements", {f"agreements-{'9' * 5000}-what": "Cursus", "save": "1"}, 422, "Controleer het formulier"),
    ("employee-prepare", {"version": "9" * 5000, "answer_strengths": "Plannen", "save": "1"}, 302, None),
    ("manager-schedule", {"slots-0-pop_id": "9" * 5000, "slots-0-day": "2027-05-03"}, 422, None),
    ("employee-prepare", {"version": "1e3", "answer_strengths": "Plannen", "save": "1"}, 302, None),
    ("manager-schedule", {"slots-0-pop_id": "drie", "slots-0-day": "2027-05-03", "slots-0-time": "10:00"}, 422, None),
    ("manager-prepare", {"potential": "middel", "willingness": "hoog", "save": "1"}, 422, "Controleer het formulier"),
]


@pytest.mark.parametrize("name, post, status, text", FOUND, ids=[f"{case[0]}-{i}" for i, case in enumerate(FOUND)])
def test_what_fuzzing_found_is_answered_not_a_500(forms, name, post, status, text):
    fuzz, form, token = open_form(forms, name)
    try:
        response = fuzz.client.post(form.action, data={**post, "csrf_token": token})
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        if text:
            assert text in response.get_data(as_text=True)
    finally:
        fuzz.runtime.close()


def test_a_stale_or_unreadable_version_never_overwrites_a_saved_preparation(forms):
    """A version field that is no number counts as stale: told (409), nothing overwritten."""
    fuzz, form, token = open_form(forms, "employee-prepare")
    try:
        first = fuzz.client.post(form.action, data={"csrf_token": token, "answer_strengths": "Eerste", "save": "1"})
        assert first.status_code == 302
        tampered = fuzz.client.post(
            form.action, data={"csrf_token": token, "version": "één", "answer_strengths": "Tweede", "save": "1"}
        )
        assert tampered.status_code == 409 and "Tweede" in tampered.get_data(as_text=True)
        assert "Eerste" in fuzz.client.get(form.page).get_data(as_text=True)
    finally:
        fuzz.runtime.close()


def test_a_request_over_the_size_limit_gets_a_dutch_page(forms):
    fuzz, form, token = open_form(forms, "link-request")
    try:
        response = fuzz.client.post(form.action, data={"csrf_token": token, "email": "a" * 1_100_000})
        body = response.get_data(as_text=True)
        assert response.status_code == 413 and '<html lang="nl">' in body and "Het verzoek is te groot." in body
    finally:
        fuzz.runtime.close()


def test_a_people_file_over_one_megabyte_is_checked_not_refused(forms):
    """The import takes files up to 20 MB; the 1 MB limit of every other form must not apply."""
    fuzz, form, token = open_form(forms, "hr-people")
    rows = [
        f"Persoon {i:05d} {'van der ' * 8}Achternaam,p{i}@voorbeeld.nl,,Afdeling {i % 40},nl" for i in range(12_000)
    ]
    csv = "\n".join(["name,email,manager_email,department,language", *rows]).encode()
    assert len(csv) > 1024 * 1024
    try:
        response = send(
            fuzz.client, form.action, {"csrf_token": token, "check": "1", "file": (BytesIO(csv), "mensen.csv")}
        )
        body = response.get_data(as_text=True)
        assert response.status_code == 200, body[:500]
        assert "Het bestand is in orde" in body and "Bij importeren: 12000 nieuw" in body
    finally:
        fuzz.runtime.close()


def test_the_hr_list_ignores_a_round_number_it_cannot_read(forms):
    """Found beside the forms: the list's round filter took "²" and 5000 nines for numbers (a 500)."""
    fuzz, _form, _token = open_form(forms, "hr-rounds")
    try:
        for value in ("²", "٣", "9" * 5000, "-1"):
            page = fuzz.client.get(f"/hr/?round={value}")
            assert page.status_code == 200 and '<html lang="nl">' in page.get_data(as_text=True), value
    finally:
        fuzz.runtime.close()
