"""The B1 hints HR sees beside a text it writes (shared/readability.py)."""

from hypothesis import given
from hypothesis import strategies as st

from shared.readability import LONGEST_SENTENCE, hints, sentences, syllables


def _texts(text: str) -> list[str]:
    return [hint.text() for hint in hints(text)]


def test_plain_b1_dutch_gets_no_hint():
    assert _texts("Je krijgt een uitnodiging voor je POP-gesprek. Bereid je goed voor.") == []
    assert _texts("Je leidinggevende plant een voortgangsgesprek.") == []


def test_a_long_sentence_is_told_with_its_number_of_words():
    long = " ".join(["woord"] * 24) + "."
    assert _texts(long) == ["Lange zin (24 woorden): maak hem korter."]
    assert _texts(" ".join(["woord"] * LONGEST_SENTENCE) + ".") == []


def test_each_sentence_is_counted_on_its_own():
    text = " ".join(["kort"] * 10) + ". " + " ".join(["kort"] * 10) + "."
    assert _texts(text) == []
    assert len(sentences(text)) == 2


def test_a_long_word_is_named_once():
    assert _texts("Bespreek je ontwikkelingsmogelijkheden. Ook ontwikkelingsmogelijkheden.") == [
        "Lang woord ('ontwikkelingsmogelijkheden'): kies een korter woord."
    ]


def test_the_parts_of_a_hyphenated_word_count_apart():
    assert _texts("Accepteer de agenda-uitnodiging.") == []


def test_the_passive_and_office_words_are_named():
    assert _texts("Je wordt uitgenodigd.") == ["Lijdende vorm ('wordt … uitgenodigd'): zeg wie het doet."]
    assert _texts("Vul middels de knop je antwoorden in.") == ["Moeilijk woord ('middels'): schrijf 'met'."]


def test_a_placeholder_reads_as_one_short_word():
    assert _texts("{manager_name} nodigt je uit voor je POP-gesprek op {when}{until}{where}.") == []


def test_syllables_are_counted_roughly():
    assert syllables("gesprek") == 2
    assert syllables("bij") == 1
    assert syllables("ontwikkelbereidheid") >= 5


@given(st.text(max_size=400))
def test_any_text_gets_a_list_of_hints_never_an_error(text):
    for hint in hints(text):
        assert hint.text()
