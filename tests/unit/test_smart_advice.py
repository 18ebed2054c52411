"""The SMART rules of an agreement (shared/smart.py): what each class of input is told."""

from __future__ import annotations

import string
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from intake.personal.forms import AgreementForm, smart_advice
from shared import smart

TODAY, PLAN_END = date(2027, 4, 5), date(2028, 4, 5)
COMPLETE = {
    "what": "Cursus projectleiding volgen",
    "measurable_result": "Certificaat behaald",
    "owner": "Jan",
    "due_date": date(2027, 9, 1),
}
SEPARATORS = " \t\n\r\u00a0\u2003\u3000,;:.!?()/-"
# Words that say nothing one can count or see.
VAGUE = st.sampled_from(["beter", "goed", "meer", "Beter", "GOED", "ervaring", "inzicht", "groeien", "better", "more"])
# Letters of any script, but never a separator: each run is one word.
ANY_SCRIPT_WORD = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters=SEPARATORS), min_size=1
)


def advice_for(**changes) -> dict[str, str]:
    fields = {**COMPLETE, **changes}
    return smart.advice(
        fields["what"], fields["measurable_result"], fields["owner"], fields["due_date"], TODAY, PLAN_END
    )


def test_a_complete_agreement_gets_no_advice():
    assert advice_for() == {}


@given(st.lists(VAGUE, min_size=1, max_size=5).map(" ".join))
def test_vague_words_are_not_a_measurable_result(result):
    assert advice_for(measurable_result=result) == {"measurable_result": "measurable"}


@given(st.text(), st.integers(min_value=0), st.text())
def test_a_number_in_digits_makes_any_result_measurable(before, number, after):
    assert smart.is_measurable(f"{before}{number}{after}")


@given(st.dates())
def test_a_date_makes_a_result_measurable(day):
    assert smart.is_measurable(f"klaar op {day.isoformat()}")
    assert smart.is_measurable(f"uiterlijk {day.day} {['maart', 'mei', 'september'][day.month % 3]}")


@given(
    st.sampled_from(["drie", "Twaalf", "afgerond", "certificaat", "Presentaties", "opgeleverd", "diploma", "examen"]),
    st.sampled_from(["", "de ", "een ", "(", "- "]),
)
def test_number_words_and_observable_words_count_in_any_case(word, before):
    assert smart.is_measurable(f"{before}{word}")


def test_een_is_an_article_not_a_number():
    assert not smart.is_measurable("een beter gevoel")
    assert not smart.is_measurable("onderwerpen")  # "twee" only as a whole word, "presenta" only at a word's start


@given(st.text(string.printable))
def test_ascii_case_does_not_change_the_advice(text):
    assert smart.is_measurable(text) == smart.is_measurable(text.swapcase())
    assert smart.word_count(text) == smart.word_count(text.swapcase())


@given(st.lists(ANY_SCRIPT_WORD, min_size=0, max_size=8), st.sampled_from([" ", ", ", "\n", "\u3000"]))
def test_words_of_any_script_are_counted(words, gap):
    assert smart.word_count(gap.join(words)) == len(words)
    specific = "what" not in advice_for(what=gap.join(words))
    assert specific == (len(words) >= smart.MIN_WORDS)


@given(st.text(SEPARATORS))
def test_empty_or_only_spaces_and_punctuation(blank):
    assert smart.advice(blank, blank, blank, None, TODAY, PLAN_END) == {}  # not started: nothing to say
    assert advice_for(owner=blank)["owner"] == "owner"
    assert advice_for(what=blank)["what"] == "specific"


@given(st.text(st.characters(categories=["Cc"])), st.text())
def test_control_characters_get_advice_not_an_error(controls, text):
    found = smart.advice(controls + text, text + controls, controls, None, TODAY, None)
    assert set(found) <= set(smart.FIELDS) and set(found.values()) <= set(smart.MESSAGES)


@given(st.dates())
def test_a_due_date_is_checked_against_today_and_the_plan_period(due):
    expected = "due_past" if due < TODAY else "due_after_period" if due > PLAN_END else None
    assert advice_for(due_date=due).get("due_date") == expected
    assert smart.due_advice(due, TODAY, None) == ("due_past" if due < TODAY else None)


def test_the_edges_of_the_period_are_fine():
    assert advice_for(due_date=TODAY) == {} and advice_for(due_date=PLAN_END) == {}
    assert advice_for(due_date=TODAY - timedelta(days=1)) == {"due_date": "due_past"}
    assert advice_for(due_date=None) == {"due_date": "due_missing"}


def test_the_form_shows_each_advice_as_a_tip_at_its_field():
    form = AgreementForm(data={**COMPLETE, "measurable_result": "beter", "owner": ""})
    assert smart_advice(form, TODAY, PLAN_END) == {
        "measurable_result": "Tip (opslaan kan ook zo): Meetbaar: noem een aantal, een datum of iets wat je kunt "
        "zien, zoals een certificaat of een presentatie.",
        "owner": "Tip (opslaan kan ook zo): Wie is eigenaar van deze afspraak?",
    }
