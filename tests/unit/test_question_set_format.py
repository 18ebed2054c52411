"""What a question set file may hold (format 2, as HR's sets and imports are checked): hostile
text of any kind is refused with a code and the place, or kept exactly; never a crash."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.i18n import ERRORS, QUESTION_SET_ERRORS, translate
from shared.question_library import EVALUATION, TOPICS_004, library
from shared.questions import available_versions, from_content, load_question_set
from shared.questionset_export import as_content, as_file
from shared.questionset_format import HELP_LIMIT, MAX_QUESTIONS, FormatError
from shared.safe_text import refused_character

V2 = as_file(load_question_set("v2"), "Standaard")
PLACES = [
    ("roles", "employee", "themes", 0, "questions", 0, "text", "nl"),
    ("roles", "employee", "themes", 0, "title", "en"),
    ("roles", "manager", "themes", 1, "questions", 2, "source"),
    ("evaluation", 0, "text", "nl"),
    ("conversation_types", "high_low", "explain_nl"),
]


def _with(place: tuple, value) -> dict:
    data = copy.deepcopy(V2)
    target = data
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    return data


def _path(place: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in place).lstrip(".")


@given(place=st.sampled_from(PLACES), text=st.text(max_size=400))
def test_any_text_is_kept_exactly_or_refused_with_its_place(place, text):
    try:
        qs = from_content(_with(place, text), "draft")
    except FormatError as refused:
        assert refused.code in QUESTION_SET_ERRORS
        assert refused.path == _path(place)
        assert translate(ERRORS[refused.code], "en", path=refused.path, **refused.details)  # says it in English too
        return
    written = as_content(qs)
    target = written
    for step in place:
        target = target[step]
    assert target == text.strip()  # kept as typed, only the spaces around it gone
    assert refused_character(text) is None and len(text) <= HELP_LIMIT


@given(st.sampled_from(PLACES), st.sampled_from(["\n", "\r", "\t", "\x00", "\x1b", "\x85", "\u2028", "\u2029"]))
def test_control_characters_are_refused(place, char):
    with pytest.raises(FormatError) as refused:
        from_content(_with(place, f"Een{char}vraag"), "draft")
    assert refused.value.code == "qs_control_character" and refused.value.path == _path(place)


@given(st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=120))
def test_text_in_any_script_is_kept(text):
    if not text.strip():
        return
    qs = from_content(_with(PLACES[0], text), "draft")
    assert qs.employee[0].nl == text.strip()


def test_huge_texts_and_too_many_questions_are_refused():
    with pytest.raises(FormatError) as long:
        from_content(_with(PLACES[0], "waarom " * 1000), "draft")
    assert long.value.code == "qs_text_too_long"
    many = copy.deepcopy(V2)
    question = many["roles"]["employee"]["themes"][0]["questions"][0]
    many["roles"]["employee"]["themes"][0]["questions"] = [
        {**question, "id": f"vraag_{n}"} for n in range(MAX_QUESTIONS + 1)
    ]
    with pytest.raises(FormatError) as counted:
        from_content(many, "draft")
    assert counted.value.code == "qs_count"


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
        max_leaves=20,
    )
)
def test_any_json_is_a_set_or_a_format_error(data):
    for candidate in (data, {**V2, "roles": data}, {**V2, "evaluation": data}, {**V2, "conversation_types": data}):
        try:
            from_content(candidate, "draft")
        except FormatError as refused:
            assert refused.code in QUESTION_SET_ERRORS


def test_english_may_be_empty_and_then_the_dutch_shows():
    qs = from_content(_with(PLACES[0], "Waar ben ik goed in?") | {}, "draft")
    empty = from_content(_with(("roles", "employee", "themes", 0, "questions", 0, "text", "en"), ""), "draft")
    assert empty.employee[0].text("en") == qs.employee[0].text("nl") == "Waar ben ik goed in?"
    with pytest.raises(FormatError):  # empty is allowed; leaving the key out is not (a typo)
        from_content(_with(("roles", "employee", "themes", 0, "questions", 0, "text"), {"nl": "x"}), "draft")


def test_unknown_keys_are_refused_so_a_typo_is_found():
    with pytest.raises(FormatError) as refused:
        from_content(_with(("roles", "employee", "themes", 0, "questions", 0, "hlep"), {"nl": "x", "en": ""}), "d")
    assert (refused.value.code, refused.value.path) == ("qs_unknown_key", "roles.employee.themes[0].questions[0].hlep")


@pytest.mark.parametrize("version", available_versions())
def test_the_shipped_sets_export_in_the_same_format_and_read_back_the_same(version):
    shipped = load_question_set(version)
    again = from_content(json.loads(json.dumps(as_file(shipped, "x"))), version)
    assert again.all_questions() == shipped.all_questions()
    assert dict(again.themes) == dict(shipped.themes)
    assert dict(again.conversation_types) == dict(shipped.conversation_types)


def test_the_library_holds_every_shipped_question_once_by_role_and_theme():
    """And the eight subjects of seed 004 step 2, for the employee, each in both languages."""
    ids = [q.id for group in library() for q in group.questions]
    assert len(ids) == len(set(ids))
    shipped = {q.id for v in available_versions() for q in load_question_set(v).all_questions()}
    topics = {q.id for q in TOPICS_004.questions}  # seed 004 step 2's subjects, in no shipped set
    assert set(ids) == shipped | topics and not shipped & topics
    assert {group.role for group in library()} == {"employee", "manager", EVALUATION}
    assert all(q.source for group in library() for q in group.questions)


def test_a_set_of_seed_004s_subjects_is_a_valid_set():
    """The library's topics make a set as they are: ids, both languages, and B1 plain."""
    from intake.question_sets import checked, library_content
    from shared.readability import hints

    content = library_content({"employee": [q.id for q in TOPICS_004.questions], "manager": ["growth_options"]})
    _stored, qs = checked(content, complete=True)
    assert [q.id for q in qs.for_role("employee")] == [q.id for q in TOPICS_004.questions]
    assert all(q.en and not hints(q.nl) for q in TOPICS_004.questions)


def test_every_shipped_set_is_a_file_in_the_export_format():
    """The shipped files are what `popflow questions export` writes, so HR can start from them."""
    from importlib import resources

    for version in available_versions():
        raw = json.loads((resources.files("shared") / "questionsets" / f"{version}.json").read_text("utf-8"))
        assert raw["format"] == 2, version
        written = as_file(load_question_set(version), "x")
        assert {k: v for k, v in written.items() if k != "name"} == raw, version
