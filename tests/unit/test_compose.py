"""Every e-mail kind in both languages: the same words in text and HTML, nothing left unfilled."""

import dataclasses

import pytest

from notifier.compose import MailContext, compose
from notifier.mail_words import BUILDERS

EMPLOYEE, MANAGER = "Jan Jansen", "Marieke de Vries"


def context(kind: str, lang: str, role: str = "employee", points=None) -> MailContext:
    return MailContext(
        kind=kind,
        language=lang,
        role=role,
        recipient_name=EMPLOYEE if role == "employee" else MANAGER,
        employee_name=EMPLOYEE,
        manager_name=MANAGER,
        other_name=MANAGER if role == "employee" else EMPLOYEE,
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
    name = EMPLOYEE if role == "employee" else MANAGER
    greeting = f"Dear {name}," if lang == "en" else f"Beste {name},"
    assert mail.text.startswith(greeting) and greeting in mail.html
    assert f'<html lang="{lang}">' in mail.html


# Every mail kind to both people, but a round's launch, which goes to managers only.
KIND_AND_ROLE = [
    (kind, role)
    for kind in sorted(BUILDERS)
    for role in ("employee", "manager")
    if not (kind in ("schedule_request", "planning_reminder") and role == "employee")
]


@pytest.mark.parametrize(("kind", "role"), KIND_AND_ROLE)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_subject_names_the_other_person(kind, lang, role):
    """Two reports' mails to one manager never look alike; an employee sees whom it is with."""
    ctx = context(kind, lang, role, points=[] if kind == "exchange" else None)
    if kind in ("schedule_request", "planning_reminder"):  # the reports still waiting, by name
        ctx = dataclasses.replace(ctx, number=1, names=(EMPLOYEE,))
    other = MANAGER if role == "employee" else EMPLOYEE
    assert other in compose(ctx).subject


def test_a_launch_names_up_to_three_reports_and_counts_the_rest():
    names = ("Anna Bos", "Bram de Wit", "Cor Smit", "Daan Mol", "Eva Kok")
    ctx = dataclasses.replace(context("schedule_request", "nl", "manager"), round_name="2027", number=5, names=names)
    assert compose(ctx).subject == "Plan je POP-gesprekken met Anna Bos, Bram de Wit, Cor Smit en 2 anderen (2027)"
    two = dataclasses.replace(ctx, language="en", number=2, names=names[:2])
    assert compose(two).subject == "Schedule your POP conversations with Anna Bos and Bram de Wit (2027)"
    none = dataclasses.replace(ctx, number=0, names=())  # all planned by the time it goes out
    assert compose(none).subject == "Plan de POP-gesprekken van 2027"


def test_a_review_is_one_of_the_plans_reviews_not_a_pop_of_its_own():
    ctx = dataclasses.replace(context("review_invite", "nl"), number=2, total=4)
    assert compose(ctx).subject == "Voortgangsgesprek 2 van 4 met Marieke de Vries op dinsdag 8 december 2026 om 10:00"
    moved = compose(dataclasses.replace(ctx, language="en", role="manager", other_name=EMPLOYEE, updated=True))
    assert moved.subject == "Changed: Progress review 2 of 4 with Jan Jansen on dinsdag 8 december 2026 om 10:00"


def test_dutch_is_the_default_for_an_unknown_language():
    assert compose(context("invitation", "fr")).subject.startswith("POP-gesprek met Marieke de Vries op")


def test_invitations_say_when_the_meeting_ends():
    ctx = dataclasses.replace(context("invitation", "nl", "manager"), until="–11:00")
    assert "staat gepland op dinsdag 8 december 2026 om 10:00–11:00 (Kamer 2.14)." in compose(ctx).text


def test_reminder_subjects_name_the_date_not_a_distance_a_round_may_change():
    due = dataclasses.replace(context("due_reminder", "nl"), agreement="Cursus Excel", due="dinsdag 1 juni 2027")
    assert compose(due).subject == "Klaar op dinsdag 1 juni 2027, afgesproken met Marieke de Vries: Cursus Excel"
    review = compose(dataclasses.replace(context("review_reminder", "en"), total=4))
    assert review.subject == (
        "Coming up: progress review 2 of 4 with Marieke de Vries on dinsdag 8 december 2026 om 10:00"
    )


def test_exchange_lists_the_shared_points_and_escapes_html():
    mail = compose(context("exchange", "nl", points=[("Waar ben ik goed in?", "Plannen <b>& organiseren</b>")]))
    assert "Waar ben ik goed in?" in mail.text and "Plannen <b>& organiseren</b>" in mail.text
    assert "Plannen &lt;b&gt;&amp; organiseren&lt;/b&gt;" in mail.html


def test_exchange_without_points_says_so():
    mail = compose(context("exchange", "en", points=[]))
    assert "has shared nothing with you (yet)" in mail.text


def test_the_signed_plan_names_the_reviews_and_asks_for_the_evaluation():
    """Signing is one mail (issue 19): the review dates as a list, then the evaluation's button."""
    dates = ("maandag 5 juli 2027 om 10:00", "dinsdag 5 oktober 2027 om 10:00")
    mail = compose(dataclasses.replace(context("plan_signed", "nl"), dates=dates))
    assert "Dit zijn jullie voortgangsgesprekken." in mail.text
    assert "* maandag 5 juli 2027 om 10:00\n* dinsdag 5 oktober 2027 om 10:00" in mail.text
    assert mail.text.index("dinsdag 5 oktober") < mail.text.index("Hoe vond je het POP-gesprek?")
    assert "<li" in mail.html and "dinsdag 5 oktober 2027 om 10:00" in mail.html
    assert "Naar de evaluatie" in mail.text
    # No reviews planned (no conversation to count from): no sentence about them.
    assert "voortgangsgesprekken" not in compose(context("plan_signed", "nl")).text


def test_the_html_mail_carries_the_organisation_and_its_colour():
    ctx = dataclasses.replace(context("invitation", "nl"), org_name="Zorggroep <Noord>", accent="#ffcc00")
    mail = compose(ctx)
    assert "Zorggroep &lt;Noord&gt;" in mail.html and "Zorggroep" not in mail.text.split("\n")[0]
    # A light accent: dark text on the button, links in a darker shade that reads on white.
    assert "background:#ffcc00;color:#1d2330;" in mail.html and "#ffcc00" not in mail.html.split("Ja, ik kom")[0][-80:]
