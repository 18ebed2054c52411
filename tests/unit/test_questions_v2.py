"""Question set v2: a short core per theme, the rest of the seed questions behind a fold."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.questions import _parse, load_question_set
from tests.unit.test_questions import _dash_lines, _seed_text

V2 = load_question_set("v2")
RAW = json.loads((resources.files("shared") / "questionsets" / "v2.json").read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip("?").lower()


def test_employee_core_is_short_and_covers_each_theme():
    themes = V2.themes["employee"]
    core = [q for t in themes for q in t.core]
    assert 5 <= len(core) <= 7
    assert [t.id for t in themes] == ["strengths", "energy", "development", "ambitions", "needs", "labour_market"]
    assert all(t.core for t in themes), "every theme opens with a core question"
    assert [q.id for q in core] == [
        "strengths",
        "energy_sources",
        "development_points",
        "ambitions",
        "career_wishes",
        "labour_market_position",
    ]


def test_themes_are_the_role_questions_in_order():
    for qs in (V2, load_question_set("v1")):
        for role in ("employee", "manager"):
            assert tuple(q for t in qs.themes[role] for q in t.questions) == qs.for_role(role)


def test_v1_keeps_its_layout():
    v1 = load_question_set("v1")
    assert [len(t.core) for t in v1.themes["employee"]] == [18, 4]
    department = v1.themes["manager"][-1]
    assert department.department and not department.core and department.more == v1.manager_flow


def test_manager_core_first_and_the_department_folded():
    employee_theme, department = V2.themes["manager"]
    assert employee_theme.title("nl", "Jan") == "Over Jan" and employee_theme.title("en", "Jan") == "About Jan"
    assert 4 <= len(employee_theme.core) <= 6 and employee_theme.more
    assert department.department and not department.core
    assert V2.manager_flow == department.questions


def test_every_v2_question_is_a_seed_question_or_a_merge_of_them():
    """Taken from 002 and 000 step 1; the two merged core questions name both seeds."""
    seeds = _dash_lines(_seed_text("002"), "Aankondiging:", "Blz. 199") + _dash_lines(
        _seed_text("000"), "Stap 1", "Als leidinggevende"
    )
    from_seeds = {_norm(line) for line in seeds}
    merged = {q.id for q in V2.employee if q.source == "000,002"}
    assert merged == {"development_points", "ambitions"}
    for q in V2.employee:
        if q.id not in merged:
            assert _norm(q.nl) in from_seeds or _norm(q.nl).split("? ")[0] in from_seeds, q.id


def test_no_question_twice_and_both_languages():
    texts = [_norm(q.nl) for q in V2.all_questions()]
    assert len(texts) == len(set(texts))
    for q in V2.all_questions():
        assert q.nl.strip() and q.en.strip() and q.nl != q.en
        assert bool(q.help_nl) == bool(q.help_en)
    for t in V2.themes["employee"] + V2.themes["manager"]:
        assert t.nl.strip() and t.en.strip() and bool(t.help_nl) == bool(t.help_en)


def test_core_and_help_read_from_the_file():
    strengths = V2.question("strengths")
    assert strengths.core and strengths.help("nl").startswith("Denk aan") and strengths.help("en").startswith("Think")
    assert not V2.question("dreads").core and V2.question("dreads").help("nl") == ""


def _broken(change) -> dict:
    data = copy.deepcopy(RAW)
    change(data)
    return data


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["roles"].pop("manager"),
        lambda d: d["roles"]["employee"].update(themes=[]),
        lambda d: d["roles"]["employee"]["themes"][0].update(questions=[]),
        lambda d: d["roles"]["employee"]["themes"][0]["questions"][0].update(core="yes"),
        lambda d: d["roles"]["employee"]["themes"][0]["questions"][0]["text"].pop("en"),
        lambda d: d["roles"]["employee"]["themes"][0]["questions"][0].update(id="Bad Id"),
        lambda d: d["roles"]["employee"]["themes"][1]["questions"][0].update(id="strengths"),
        lambda d: d["roles"]["employee"]["themes"][0].update(department=True),
        lambda d: d["roles"]["manager"]["themes"].reverse(),
        lambda d: d["roles"]["employee"]["themes"][0].update(title="Sterke punten"),
        lambda d: d.update(format=3),
    ],
)
def test_a_bad_file_is_refused_on_load(change):
    with pytest.raises(ValueError):
        _parse(_broken(change), "v2")


@given(st.lists(st.booleans(), min_size=21, max_size=21))
def test_any_choice_of_core_questions_loads_and_folds_the_rest(flags):
    """Whatever an editor marks as core, the form's core and fold split each theme in order."""
    data = copy.deepcopy(RAW)
    questions = [q for t in data["roles"]["employee"]["themes"] for q in t["questions"]]
    for q, flag in zip(questions, flags, strict=True):
        q["core"] = flag
    qs = _parse(data, "v2")
    for theme in qs.themes["employee"]:
        assert theme.core + theme.more == tuple(sorted(theme.questions, key=lambda q: not q.core))
    assert sum(q.core for q in qs.employee) == sum(flags)
