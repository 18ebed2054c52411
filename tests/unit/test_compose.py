"""Every e-mail kind in both languages: the same words in text and HTML, nothing left unfilled."""

import dataclasses

import pytest

from notifier.compose import MailContext, compose
from notifier.mail_words import BUILDERS


def context(kind: str, lang: str, role: str = "employee", points=None) -> MailContext:
    return MailContext(
        kind=kind,
        language=lang,
        role=role,
        recipient_name="Jan Jansen",
        employee_name="Jan Jansen",
        manager_name="Marieke de Vries",
        other_name="Marieke de Vries",
        when="dinsdag 8 december 2026 om 10:00",
        exchange_when="dinsdag 1 december 2026 om 10:00",
        location="Kamer 2.14",
        link="https://pop.example/p/abc",
        number=2,
        points=points,
    )


@pytest.mark.parametrize("kind", sorted(BUILDERS))
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("role", ["employee", "manager"])
def test_every_kind_renders_in_both_languages(kind, lang, role):
    mail = compose(context(kind, lang, role, points=[] if kind == "exchange" else None))
    assert mail.subject and "{" not in mail.subject
    assert "{" not in mail.text and "{" not in mail.html
    assert "https://pop.example/p/abc" in mail.text and 'href="https://pop.example/p/abc"' in mail.html
    greeting = "Dear Jan Jansen," if lang == "en" else "Beste Jan Jansen,"
    assert mail.text.startswith(greeting) and greeting in mail.html
    assert f'<html lang="{lang}">' in mail.html


def test_dutch_is_the_default_for_an_unknown_language():
    assert compose(context("invitation", "fr")).subject.startswith("Uitnodiging POP-gesprek")


def test_invitations_say_when_the_meeting_ends():
    ctx = dataclasses.replace(context("invitation", "nl", "manager"), until="–11:00")
    assert "staat gepland op dinsdag 8 december 2026 om 10:00–11:00 (Kamer 2.14)." in compose(ctx).text


def test_reminder_subjects_name_the_date_not_a_distance_a_round_may_change():
    due = dataclasses.replace(context("due_reminder", "nl"), agreement="Cursus Excel", due="dinsdag 1 juni 2027")
    assert compose(due).subject == "Klaar op dinsdag 1 juni 2027: Cursus Excel"
    review = compose(context("review_reminder", "en"))
    assert review.subject == "Coming up: POP progress review on dinsdag 8 december 2026 om 10:00"


def test_exchange_lists_the_shared_points_and_escapes_html():
    mail = compose(context("exchange", "nl", points=[("Waar ben ik goed in?", "Plannen <b>& organiseren</b>")]))
    assert "Waar ben ik goed in?" in mail.text and "Plannen <b>& organiseren</b>" in mail.text
    assert "Plannen &lt;b&gt;&amp; organiseren&lt;/b&gt;" in mail.html


def test_exchange_without_points_says_so():
    mail = compose(context("exchange", "en", points=[]))
    assert "has not sent a preparation (yet)" in mail.text
