"""A tour of every page of the web app, through one POP's life, for the language and
accessibility tests (test client and browser alike).

`tour(system)` moves the POP on between pages and yields a Visit per page; the caller
opens it (and, with `bad`, submits it with wrong input) before asking for the next.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from babel.messages.pofile import read_po
from sqlalchemy import select, update

from intake import commands
from intake.i18n import catalog_path
from intake.rounds import RoundInput, create_round, launch_round
from shared.models import Meeting, OutboxMail, Person, PlanVerification, Pop
from shared.questions import load_question_set
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, agree_and_sign, schedule, seed
from tests.mails import mail_to


@dataclass
class Visit:
    name: str
    path: str
    status: int = 200
    hr: bool = False
    # Fields to fill before submitting with `button` (its name attribute; None: the form's only
    # button): the page must answer with its errors, not a 500.
    bad: dict[str, str] | None = None
    button: str | None = None
    bad_status: int = 422
    extra: dict[str, str] = field(default_factory=dict)  # other fields a bare POST needs


def tour(system) -> Iterator[Visit]:
    seed(system)
    schedule(system)
    employee = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    manager = mail_to(system.sink.directory, MANAGER)[0].home_path
    with system.runtime.uow() as uow:
        pop_id = uow.session.scalars(select(Pop.id)).one()
        meeting_id = uow.session.scalars(select(Meeting.id)).one()
        # A second report, waiting in a launched round: the manager's planning page has a row.
        manager_person = uow.session.get(Pop, pop_id).manager
        uow.session.add(
            Person(name="Piet Pieters", email="piet@voorbeeld.nl", manager=manager_person, department="Verkoop")
        )
        rnd = create_round(
            uow,
            system.clock.now(),
            RoundInput(name="Ronde 2027", meetings_from=date(2027, 3, 1), meetings_until=date(2027, 6, 30)),
            "tour",
        )
        launch_round(uow, system.clock.now(), rnd.id, "tour")
        uow.commit()
        round_id, manager_id = rnd.id, manager_person.id
        waiting_id = uow.session.scalar(select(Pop.id).where(Pop.round_id == round_id))

    yield Visit("hr-login", "/hr/login", bad={"email": "hr@voorbeeld.nl", "password": "fout"})
    yield Visit("link-request", "/link/request", bad={"email": "geen adres"})
    yield Visit("not-found", "/p/niet-geldig", status=404)
    yield Visit("employee-overview", employee)
    yield Visit("employee-prepare", employee + "/prepare", bad={}, button="submit")
    yield Visit("manager-prepare", manager + "/prepare", bad={"answer_growth_options": "Genoeg"}, button="submit")
    yield Visit(
        "employee-agenda",
        employee + "/agenda",
        bad={"points-0-text": "Werkdruk", "points-0-minutes": "9999"},
        button="save",
        extra={"points-0-priority": "2", "loaded_hash": ""},
    )
    yield Visit("employee-answer", f"{employee}/meetings/{meeting_id}/answer?partstat=DECLINED")
    yield Visit(
        "manager-move",
        f"{manager}/meetings/{meeting_id}",
        bad={"day": "2020-01-06", "time": "10:00"},
        extra={"minutes": "60"},
    )
    yield Visit("manager-overview", manager)
    yield Visit(
        "manager-schedule",
        manager + "/schedule",
        bad={"slots-0-day": "2020-01-06", "slots-0-time": "10:00"},
        extra={"slots-0-pop_id": str(waiting_id), "slots-0-minutes": "60"},
    )
    yield Visit("manager-planned", manager + "/schedule/planned")
    yield Visit(
        "manager-offer",
        manager + "/offer",
        bad={"slots-0-day": "2020-01-06", "slots-0-time": "10:00"},
        button="save",
        extra={"reports": str(waiting_id), "slots-0-minutes": "60"},
    )
    with system.runtime.uow() as uow:  # Piet may pick one of two times: his page lists them
        from intake.slot_offers import SlotInput, make_offer

        waiting = uow.session.get(Pop, waiting_id)
        make_offer(
            uow,
            system.clock.now(),
            waiting.manager,
            [waiting],
            [SlotInput(MEETING_UTC + timedelta(days=k), 45, "Kamer 2.14") for k in (1, 2)],
            system.config.timezone,
        )
        uow.commit()
    system.settle()
    yield Visit("employee-pick", mail_to(system.sink.directory, "piet@voorbeeld.nl")[0].link_path)
    yield Visit("manager-offer-picks", manager + "/offer")
    yield Visit("manager-cancel", manager + "/cancel", bad={"reason": ""})
    yield Visit("hr-list", "/hr/", hr=True)
    yield Visit("hr-list-filtered", "/hr/?phase=planning&overdue=1", hr=True)
    yield Visit("hr-list-search", "/hr/?q=jan", hr=True)
    yield Visit(
        "hr-rounds",
        "/hr/rounds",
        hr=True,
        bad={"name": "", "meetings_from": "2027-05-01", "meetings_until": "2027-04-01"},
        extra={"review_every_months": "3", "plan_months": "12"},
    )
    yield Visit("hr-round", f"/hr/rounds/{round_id}", hr=True)
    yield Visit("hr-round-managers", f"/hr/rounds/{round_id}/managers?sort=overdue&dir=desc", hr=True)
    yield Visit("hr-reminders", f"/hr/rounds/{round_id}/reminders?manager={manager_id}", hr=True)
    yield Visit(
        "hr-round-settings",
        f"/hr/rounds/{round_id}/settings",
        hr=True,
        bad={"review_every_months": "99", "planning_reminder_days": "-7, x"},
        extra={
            "type_high_high_nl": "Jullie praten over groeien en over de doelen die je samen kiest "
            "voor het komende jaar in je werk."
        },
    )
    yield Visit("hr-mail-texts", "/hr/mail-texts", hr=True)
    yield Visit(
        "hr-mail-text",
        "/hr/mail-texts/invitation",
        hr=True,
        bad={"text_employee_nl": "Hoi {naam}", "text_manager_en": "Hi {when"},
        button="save",
    )
    with system.runtime.uow() as uow:  # HR's own set: a draft of six questions beside a published copy
        from intake import question_sets

        made = question_sets.draft_from_library(
            uow,
            system.clock.now(),
            "tour",
            "Zorgvragen",
            {"employee": ["strengths", "most_satisfied", "energy_sources"], "manager": ["growth_options"]},
        )
        question_sets.publish(uow, system.clock.now(), "tour", made.id)
        draft_id = question_sets.copy_to_draft(uow, system.clock.now(), "tour", "s1").id
        uow.commit()
    yield Visit("hr-question-sets", "/hr/question-sets", hr=True)
    yield Visit("hr-question-library", "/hr/question-sets/new", hr=True, bad={"name": ""})
    yield Visit(
        "hr-question-draft",
        f"/hr/question-sets/drafts/{draft_id}",
        hr=True,
        bad={"employee-0-0-text_nl": "", "new-employee-text_nl": "Waar ben je trots op?"},
    )
    yield Visit("hr-question-preview", f"/hr/question-sets/preview/employee?draft={draft_id}", hr=True)
    yield Visit("hr-question-preview-manager", f"/hr/question-sets/preview/manager?draft={draft_id}", hr=True)
    yield Visit("hr-question-publish", f"/hr/question-sets/drafts/{draft_id}/publish", hr=True)
    yield Visit("hr-people", "/hr/people", hr=True, bad={}, button="check")
    yield Visit("hr-people-search", "/hr/people?q=jan", hr=True)
    yield Visit("hr-pop", f"/hr/pop/{pop_id}", hr=True)
    yield Visit("hr-password", "/hr/password", hr=True, bad={"current": "fout", "new": "kort", "repeat": "kort"})
    yield Visit(
        "hr-schedule", "/hr/schedule", hr=True, bad={"day": "2020-01-06", "time": "10:00"}, extra={"minutes": "60"}
    )

    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        for role, person in (("employee", pop.employee), ("manager", pop.manager)):
            ids = [q.id for q in load_question_set(pop.question_set).for_role(role)]
            commands.save_preparation(
                uow,
                system.clock.now(),
                pop,
                person,
                answers={ids[0]: {"text": f"Gedeeld punt van {person.name}", "share": True}},
                potential="high" if role == "manager" else None,
                willingness="low" if role == "manager" else None,
                submit=True,
                loaded_version=None,
            )
        uow.commit()
    system.clock.set(MEETING_UTC - timedelta(days=7) + timedelta(hours=1))
    system.tick()
    system.settle()
    yield Visit("employee-overview-exchanged", employee)
    yield Visit("employee-preparation-sent", employee + "/prepare")

    system.clock.set(MEETING_UTC + timedelta(hours=2))
    system.tick()
    system.settle()
    yield Visit(
        "employee-agreements",
        employee + "/agreements",
        button="save",
        extra={"loaded_hash": "", "agreements-0-kind": ""},
        bad={"agreements-0-what": "Cursus", "agreements-0-cost_eur": "-5"},
    )
    yield Visit(
        "employee-followup", employee + "/followup", bad={"day": "2020-01-06", "time": "10:00"}, extra={"minutes": "45"}
    )
    agree_and_sign(system, "Cursus projectleiding", pop_id=pop_id)
    yield Visit("employee-overview-action", employee)
    yield Visit("employee-progress", employee + "/progress")
    yield Visit("employee-evaluation", employee + "/evaluation")
    yield Visit("hr-pop-action", f"/hr/pop/{pop_id}", hr=True)
    with system.runtime.uow() as uow:  # the signed mail carried the PDF: its code leads to the public page
        code = uow.session.scalars(select(PlanVerification.code)).one()
    yield Visit("verify", f"/verify/{code}")
    yield Visit("verify-not-found", "/verify/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", status=404)

    yield Visit("hr-failed-mails-none", "/hr/mails/failed", hr=True)
    with system.runtime.uow() as uow:  # the server refused one mail: HR's list has a row to show
        first = uow.session.scalar(select(OutboxMail.id).where(OutboxMail.pop_id == pop_id).order_by(OutboxMail.id))
        uow.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == first)
            .values(status="failed", attempts=1, last_error="550 5.1.1 No such user")
        )
        uow.commit()
    yield Visit("hr-failed-mails", "/hr/mails/failed", hr=True)
    yield Visit("hr-pop-failed-mail", f"/hr/pop/{pop_id}", hr=True)


def with_language(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def visible_text(page_html: str) -> str:
    """What a reader sees: no tags, no URLs in attributes; whitespace folded."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


@lru_cache(maxsize=1)
def _pairs() -> tuple[tuple[str, str], ...]:
    """(Dutch, English) for every catalog text and question whose two versions differ."""
    with catalog_path("en").open("rb") as source:
        pairs = []
        for m in read_po(source, locale="en"):
            if not m.id:
                continue
            # A plural entry: each Dutch form beside its English form.
            forms = zip(m.id, m.string, strict=True) if m.pluralizable else [(m.id, m.string)]
            pairs += [(dutch, english) for dutch, english in forms if english != dutch]
    questions = load_question_set("v1")
    pairs += [(q.nl, q.en) for q in questions.all_questions()]
    return tuple(pairs)


def _fragment(text: str) -> str:
    """The longest literal part of a text with {placeholders}."""
    return max(re.split(r"\{\w+\}", text), key=len).strip()


def foreign_texts(page_html: str, lang: str) -> list[str]:
    """Texts of the other language on a page: an untranslated string, or a translated one
    leaking into a Dutch page. Short words are left out (they occur in both languages). What
    the page marks as the other language (HR's English mail text, lang="en") is meant."""
    marked = re.compile(rf'<(span|pre|textarea)\b[^>]*\blang="(?!{lang}")[a-z]{{2}}"[^>]*>.*?</\1>', re.S)
    text = visible_text(marked.sub(" ", page_html))
    others = {_fragment(dutch if lang == "en" else english) for dutch, english in _pairs()}
    return sorted(other for other in others if len(other) >= 12 and other in text)
