"""The editor's rows (intake/question_editor.py) and format 2's required and shared flags:
v1 and v2 ask as before; a posted form becomes the same content it was made from; an own
question's id comes from its text once; moves keep every question."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intake import question_editor
from intake.question_sets import library_content
from shared.questions import from_content, load_question_set
from shared.questionset_export import as_content
from shared.questionset_format import FormatError

CONTENT = library_content(
    {"employee": ["strengths", "most_satisfied", "energy_sources"], "manager": ["growth_options"]}
)


def _form(rows: question_editor.Rows) -> dict[str, str]:
    """The fields a browser posts for these rows (a ticked box sends "1", an unticked none)."""
    form: dict[str, str] = {}
    for role, themes in rows.items():
        for t, theme in enumerate(themes):
            form.update({f"{role}-{t}-{k}": theme[k] for k in ("id", *question_editor.THEME_TEXTS)})
            if theme["department"]:
                form[f"{role}-{t}-department"] = "1"
            for n, q in enumerate(theme["questions"]):
                form.update({f"{role}-{t}-{n}-{k}": q[k] for k in ("id", "source", *question_editor.QUESTION_TEXTS)})
                form.update({f"{role}-{t}-{n}-{flag}": "1" for flag in question_editor.FLAGS if q[flag]})
    return form


def test_the_shipped_sets_ask_nothing_required_and_share_nothing_beforehand():
    for version in ("v1", "v2"):
        assert not any(q.required or q.shared for q in load_question_set(version).all_questions())


def test_required_and_shared_are_kept_through_content_and_refused_when_not_true_or_false():
    content = as_content(load_question_set("v2"))
    question = content["roles"]["employee"]["themes"][0]["questions"][0]
    question.update(required=True, shared=True)
    qs = from_content(content, "x")
    assert (qs.employee[0].required, qs.employee[0].shared) == (True, True)
    assert as_content(qs)["roles"]["employee"]["themes"][0]["questions"][0]["shared"] is True
    question["shared"] = "ja"
    try:
        from_content(content, "x")
    except FormatError as exc:
        assert (exc.code, exc.path) == ("qs_not_boolean", "roles.employee.themes[0].questions[0].shared")
    else:
        raise AssertionError("a flag that is no boolean was taken")


def test_a_posted_form_gives_back_the_content_it_shows():
    rows = question_editor.rows_of(CONTENT)
    again = question_editor.content_of(question_editor.rows_from_form(_form(rows)), CONTENT)
    assert from_content(again, "x", complete=False) == from_content(CONTENT, "x", complete=False)


def test_an_own_question_gets_an_id_from_its_text_once():
    assert question_editor.new_id("Waar ben je trots op?", set()) == "waar_ben_je_trots_op"
    assert question_editor.new_id("Wat één ding?", {"wat_een_ding"}) == "wat_een_ding_2"
    assert question_editor.new_id("???", set()) == "vraag"
    rows = question_editor.rows_of(CONTENT)
    form = {"new-employee-text_nl": "Waar ben je trots op?", "new-employee-theme": "1"}
    anchor = question_editor.apply_action("add:employee", rows, form, {"strengths"})
    assert anchor == "employee-1-1" and rows["employee"][1]["questions"][1]["id"] == "waar_ben_je_trots_op"
    rows["employee"][1]["questions"][1]["text_nl"] = "Iets anders"  # the id stays
    assert question_editor.content_of(rows, CONTENT)["roles"]["employee"]["themes"][1]["questions"][1]["id"] == (
        "waar_ben_je_trots_op"
    )


ACTIONS = st.lists(
    st.builds(
        lambda kind, t, q: f"{kind}:employee:{t}:{q}",
        st.sampled_from(["up", "down", "theme_up", "theme_down"]),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    max_size=12,
)


@given(ACTIONS)
def test_moving_up_and_down_keeps_every_question(actions):
    rows = question_editor.rows_of(CONTENT)
    before = sorted(q["id"] for t in rows["employee"] for q in t["questions"])
    for action in actions:
        theme_move = action.startswith("theme_")
        question_editor.apply_action(action.rsplit(":", 1)[0] if theme_move else action, rows, {}, set())
    assert sorted(q["id"] for t in rows["employee"] for q in t["questions"]) == before
