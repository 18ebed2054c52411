"""HR's own mail openings (notifier/openings.py): which placeholders a kind knows, what is
refused, and that what is taken always composes into the mail's first paragraph."""

from hypothesis import given
from hypothesis import strategies as st

from notifier import openings
from notifier.compose import compose


def test_each_kind_knows_the_names_and_what_its_own_words_use():
    assert {"recipient_name", "manager_name", "when", "exchange_when"} <= set(openings.placeholders("invitation"))
    assert "agreement" in openings.placeholders("due_reminder")
    assert "agreement" not in openings.placeholders("invitation")


def test_only_the_invitation_has_an_opening_per_role():
    assert openings.audiences("invitation") == ("employee", "manager")
    assert openings.audiences("exchange") == ("",)


def test_unknown_malformed_and_clever_placeholders_are_refused():
    for text in ("{naam}", "{when", "when}", "{}", "{0}", "{when!r}", "{when:>40}", "{when.__class__}", "{when[0]}"):
        assert openings.problem("invitation", text) is not None, text
    assert openings.problem("invitation", "x" * (openings.LIMIT + 1)) is not None
    assert openings.problem("invitation", "Hoi {recipient_name}, tot {when}. {{geen veld}}") is None


def test_an_opening_replaces_the_first_paragraph_only():
    mail = openings.preview("prepare_reminder", "", "nl", "Let op, {recipient_name}.")
    assert "Let op, Jan Jansen." in mail.text and "Let op, Jan Jansen." in mail.html
    assert "Op maandag 8 maart 2027" in mail.text  # the second paragraph is still the system's
    assert "is nog niet klaar om te delen" not in mail.text


def test_an_opening_is_escaped_in_the_html():
    mail = openings.preview("exchange", "", "en", "<b>Hi</b> {recipient_name}")
    assert "<b>Hi</b>" not in mail.html and "&lt;b&gt;Hi&lt;/b&gt; Jan Jansen" in mail.html


@given(st.text(alphabet=st.sampled_from("{}!:.[]_ab0 \n"), max_size=30) | st.text(max_size=80))
def test_a_text_is_refused_or_composes_never_an_error(text):
    for kind in ("invitation", "schedule_request", "due_reminder"):
        cleaned = openings.cleaned(text)
        if openings.problem(kind, cleaned) is None:
            assert compose(openings._sample(kind, "employee", opening=cleaned)).text
