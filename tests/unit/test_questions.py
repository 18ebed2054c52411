"""The question sets must match the Dutch seed texts they were taken from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.questions import (
    LATEST_VERSION,
    Question,
    QuestionSet,
    conversation_type,
    load_question_set,
)

# The seed texts the sets are checked against ship with the tests (a fresh clone has no
# ../shared); test_shipped_seeds_are_the_source_texts keeps the copies true where it does.
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SOURCE_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _seed_text(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.fail(f"seed directory {SEEDS} is missing; the question sets are checked against it")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        pytest.fail(f"expected exactly one seed file {prefix}_*.txt in {SEEDS}, found {matches}")
    return matches[0].read_text(encoding="utf-8")


def _dash_lines(text: str, start: str, end: str) -> list[str]:
    """The '-' list items between the line starting with `start` and the one starting with `end`."""
    lines = text.splitlines()
    try:
        i = next(n for n, line in enumerate(lines) if line.strip().startswith(start))
        j = next(n for n, line in enumerate(lines) if n > i and line.strip().startswith(end))
    except StopIteration:
        pytest.fail(f"seed text changed: cannot find the section {start!r} .. {end!r}")
    items = [line.strip()[1:].strip() for line in lines[i + 1 : j] if line.strip().startswith("-")]
    assert items, f"no list items between {start!r} and {end!r}"
    return items


def test_shipped_seeds_are_the_source_texts():
    if not SOURCE_SEEDS.is_dir():
        pytest.skip(f"no source seeds beside the project ({SOURCE_SEEDS}); the shipped copies are used")
    for copy in sorted(SEEDS.glob("*.txt")):
        assert copy.read_bytes() == (SOURCE_SEEDS / copy.name).read_bytes(), copy.name


@pytest.fixture(scope="module")
def qs() -> QuestionSet:
    return load_question_set("v1")


@pytest.fixture(scope="module")
def seed_002() -> str:
    return _seed_text("002")


@pytest.fixture(scope="module")
def seed_000() -> str:
    return _seed_text("000")


def test_employee_starts_with_the_18_questions_of_002_in_order(qs, seed_002):
    expected = _dash_lines(seed_002, "Aankondiging:", "Blz. 199")
    assert len(expected) == 18
    from_002 = [q for q in qs.employee if q.source == "002"]
    assert [q.nl for q in qs.employee[:18]] == expected
    assert [q.nl for q in from_002] == expected


def test_employee_ends_with_the_000_additions(qs, seed_000, seed_002):
    step1 = _dash_lines(seed_000, "Stap 1", "Als leidinggevende")
    additions = qs.employee[18:]
    assert additions, "the questions of seed 000 step 1 are missing"
    assert all(q.source == "000" for q in additions)

    # Every sentence of an addition is a question from 000 step 1, verbatim.
    step1_set = set(step1)
    for q in additions:
        sentences = re.findall(r"[^?]+\?", q.nl)
        assert sentences and " ".join(s.strip() for s in sentences) == q.nl, q.id
        for sentence in sentences:
            assert sentence.strip() in step1_set, f"{q.id}: {sentence.strip()!r} not in seed 000"

    # The 000 questions that 002 does not already ask are all there.
    covered_by_002 = {
        "Wat zijn mijn verbeter- en ontwikkelpunten?",  # 002: te ontwikkelen punten
        "Waar liggen mijn ambities?",  # 002: ambities op de langere termijn
    }
    assert covered_by_002 <= step1_set
    addition_text = " ".join(q.nl for q in additions)
    for item in step1:
        if item in covered_by_002 or item == "Wat moet ik daarvoor doen?":
            continue
        assert item in addition_text, f"seed 000 question {item!r} missing"
    # Both 'what must I do for that' follow-ups are kept, attached to their question.
    assert sum("Wat moet ik daarvoor doen?" in q.nl for q in additions) == 2
    nl = {q.id: q.nl for q in additions}
    assert any("arbeidsmarktpositie" in text for text in nl.values())
    assert any("pensioen" in text for text in nl.values())
    assert any("doorgroeien naar een andere functie" in text for text in nl.values())
    assert any("deze positie te verbeteren" in text for text in nl.values())
    # None of the additions repeats a 002 question.
    from_002 = set(_dash_lines(seed_002, "Aankondiging:", "Blz. 199"))
    assert not from_002 & set(nl.values())


def test_manager_questions_match_002(qs, seed_002):
    expected = _dash_lines(seed_002, "Voorbereidingsvragen voor de leidinggevende", "Daarnaast denkt")
    assert len(expected) == 9
    assert [q.nl for q in qs.manager] == expected
    assert all(q.source == "002" for q in qs.manager)


def test_manager_flow_questions_match_002(qs, seed_002):
    expected = _dash_lines(seed_002, "Daarnaast denkt", "Informatiebronnen")
    assert len(expected) == 8
    assert [q.nl for q in qs.manager_flow] == expected
    assert all(q.source == "002" for q in qs.manager_flow)


def test_evaluation_has_two_or_three_questions(qs):
    assert 2 <= len(qs.evaluation) <= 3
    assert all(q.source == "004" for q in qs.evaluation)


def test_ids_unique_and_snake_case(qs):
    ids = [q.id for q in qs.all_questions()]
    assert len(ids) == len(set(ids))
    for qid in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", qid), qid


def test_every_question_has_both_languages(qs):
    for q in qs.all_questions():
        assert q.nl.strip() and q.en.strip(), q.id
        assert q.nl != q.en, q.id
        assert q.text("nl") == q.nl
        assert q.text("en") == q.en
        assert q.text("de") == q.nl


def test_for_role_and_lookup(qs):
    assert qs.for_role("employee") == qs.employee
    assert qs.for_role("manager") == qs.manager + qs.manager_flow
    with pytest.raises(ValueError):
        qs.for_role("hr")
    assert qs.question("strengths") == Question(
        id="strengths", nl="Waar ben ik goed in?", en="What am I good at?", source="002"
    )
    assert qs.question("no_such_question") is None
    for q in qs.all_questions():
        assert qs.question(q.id) is q


@pytest.mark.parametrize(
    ("potential", "willingness", "nl", "en"),
    [
        ("low", "low", "Voortgangsgesprek", "Progress conversation"),
        ("low", "high", "Bijstuurgesprek", "Course-correction conversation"),
        ("high", "low", "Motivatiegesprek", "Motivation conversation"),
        ("high", "high", "Ontwikkelgesprek", "Development conversation"),
    ],
)
def test_conversation_type_matrix(potential, willingness, nl, en, seed_002):
    assert nl in seed_002
    name_nl, explain_nl = conversation_type(potential, willingness, "nl")
    name_en, explain_en = conversation_type(potential, willingness, "en")
    assert name_nl == nl
    assert name_en == en
    assert explain_nl.strip() and explain_en.strip() and explain_nl != explain_en


def test_conversation_type_missing_or_invalid():
    assert conversation_type(None, "high", "nl") is None
    assert conversation_type("high", None, "en") is None
    assert conversation_type(None, None, "nl") is None
    with pytest.raises(ValueError):
        conversation_type("medium", "high", "nl")


def test_versions():
    assert LATEST_VERSION == "v2"  # new rounds get v2; a POP of v1 keeps v1
    assert load_question_set() is load_question_set("v2")
    assert load_question_set().version == "v2"
    assert load_question_set("v1").version == "v1"
    for bad in ("v0", "v999", "v3", "../v1", "latest", ""):
        with pytest.raises(ValueError):
            load_question_set(bad)
