"""Subject access: everything popflow holds about one person (export), and forgetting them (erase).

The export shows a person what they may see anyway, by the rules of shared.access:
their own preparation with its private answers, of the other side only what was shared
with them. Erasure anonymises the person and removes what they wrote, but keeps every
POP with its state and dates, so HR's counts stay right.

Private text follows its writer (author_id), not the role: a former manager's preparation
and evaluation (and agenda points) of a POP that moved to a new manager are in the former manager's export
(under "written_before_handover") and go with their erasure, never with the new manager's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, delete, func, or_, select
from sqlalchemy.orm import Session, object_session

from shared.access import PopFacts, Viewer, visible_answers
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_fact
from shared.models import (
    AgendaPoint,
    Agreement,
    Evaluation,
    Event,
    Meeting,
    OutboxMail,
    Person,
    Pop,
    Preparation,
    Signature,
)
from shared.pop_states import FINAL
from shared.questions import load_question_set

ERASED_NAME = "Verwijderd"
EXPORT_FORMAT = "popflow-subject-access/1"


class ErasureRefused(Exception):
    """Erasing now would break something; `code` says what (the caller translates it)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(f"{code} {details}" if details else code)
        self.code = code
        self.details = details


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _pops_of(uow: UnitOfWork, person_id: int) -> list[Pop]:
    """The POPs they take part in now (as the employee or its present manager)."""
    return list(
        uow.session.scalars(
            select(Pop).where(or_(Pop.employee_id == person_id, Pop.manager_id == person_id)).order_by(Pop.id)
        )
    )


def _handed_over(uow: UnitOfWork, person_id: int) -> list[Pop]:
    """POPs they no longer take part in but wrote private text for (a team handed over)."""
    wrote = (
        select(Preparation.pop_id)
        .where(Preparation.author_id == person_id)
        .union(
            select(Evaluation.pop_id).where(Evaluation.author_id == person_id),
            select(AgendaPoint.pop_id).where(AgendaPoint.author_id == person_id),
        )
    )
    return list(
        uow.session.scalars(
            select(Pop)
            .where(Pop.id.in_(wrote), Pop.employee_id != person_id, Pop.manager_id != person_id)
            .order_by(Pop.id)
        )
    )


def _own_preparation(prep: Preparation, role: str, lang: str, texts: dict[str, str]) -> dict:
    questions = _question_texts(prep, role, lang)
    return {
        "submitted_at": _json(prep.submitted_at),
        "updated_at": _json(prep.updated_at),
        "potential": prep.potential,
        "willingness": prep.willingness,
        "answers": [
            {
                "question_id": qid,
                "question": questions.get(qid, qid),
                "text": text,
                "shared": bool((prep.answers.get(qid) or {}).get("share")),
            }
            for qid, text in texts.items()
        ],
    }


def _own_evaluation(evaluation: Evaluation | None) -> dict | None:
    return (
        None
        if evaluation is None
        else {
            "submitted_at": _json(evaluation.submitted_at),
            "shared": evaluation.shared,
            "answers": dict(evaluation.answers or {}),
        }
    )


def _handed_over_export(uow: UnitOfWork, pop: Pop, person: Person) -> dict:
    """What they wrote for a POP that has a new manager now: their own text, nothing else of it."""
    s = uow.session
    preps = s.scalars(select(Preparation).where(Preparation.pop_id == pop.id, Preparation.author_id == person.id))
    evaluation = s.scalar(select(Evaluation).where(Evaluation.pop_id == pop.id, Evaluation.author_id == person.id))
    return {
        "id": pop.id,
        "round": pop.round.name,
        "role": "manager",
        "with": {"role": "employee", "name": pop.employee.name},
        "my_preparations": [
            _own_preparation(
                p,
                p.role,
                person.language,
                {
                    qid: str((a or {}).get("text") or "")
                    for qid, a in (p.answers or {}).items()
                    if str((a or {}).get("text") or "").strip()
                },
            )
            for p in preps
        ],
        "my_evaluation": _own_evaluation(evaluation),
        "my_agenda_points": [
            _agenda_point(p, person)
            for p in s.scalars(
                select(AgendaPoint)
                .where(AgendaPoint.pop_id == pop.id, AgendaPoint.author_id == person.id)
                .order_by(AgendaPoint.position, AgendaPoint.id)
            )
        ],
    }


def _agenda_point(point: AgendaPoint, person: Person) -> dict:
    return {
        "author": point.author_role,
        "mine": point.author_id == person.id,
        "text": point.text,
        "priority": point.priority,
        "minutes": point.minutes,
        "joint": point.joint,
    }


def _facts(pop: Pop) -> PopFacts:
    return PopFacts(pop_id=pop.id, employee_id=pop.employee_id, manager_id=pop.manager_id, state=pop.state)


def _question_texts(prep: Preparation, role: str, lang: str) -> dict[str, str]:
    qs = load_question_set(prep.question_set, object_session(prep))  # a set HR published: from the database
    return {q.id: q.text(lang) for q in qs.for_role(role)}


def _pop_export(uow: UnitOfWork, pop: Pop, person: Person) -> dict:
    s = uow.session
    role = pop.role_of(person.id)
    assert role is not None  # _pops_of reads only the POPs they hold a role in
    other = "manager" if role == "employee" else "employee"
    viewer = Viewer(role, person.id)  # what they may see in the app is what they get here
    # Each side's text as its present holder wrote it (a former manager's is theirs, not ours).
    preps = {
        p.role: p
        for p in s.scalars(select(Preparation).where(Preparation.pop_id == pop.id))
        if p.author_id == pop.person_id_in(p.role)
    }
    mine, theirs = preps.get(role), preps.get(other)
    my_prep = None
    if mine is not None:
        my_prep = _own_preparation(
            mine,
            role,
            person.language,
            visible_answers(
                viewer, _facts(pop), role, mine.answers, mine.submitted_at is not None, mine.shared_with_id
            ),
        )
    shared_with_me = []
    if theirs is not None:
        questions = _question_texts(theirs, other, person.language)
        texts = visible_answers(
            viewer, _facts(pop), other, theirs.answers, theirs.submitted_at is not None, theirs.shared_with_id
        )
        shared_with_me = [
            {"question_id": qid, "question": questions.get(qid, qid), "text": text} for qid, text in texts.items()
        ]
    evaluation = s.scalar(
        select(Evaluation).where(
            Evaluation.pop_id == pop.id, Evaluation.role == role, Evaluation.author_id == person.id
        )
    )
    meetings = s.scalars(select(Meeting).where(Meeting.pop_id == pop.id).order_by(Meeting.starts_at)).all()
    return {
        "id": pop.id,
        "round": pop.round.name,
        "role": role,
        "state": pop.state,
        "state_changed_at": _json(pop.state_changed_at),
        "created_at": _json(pop.created_at),
        "with": {"role": other, "name": pop.person_in(other).name},
        "my_preparation": my_prep,
        "shared_with_me": shared_with_me,
        "agenda": [
            _agenda_point(p, person)
            for p in s.scalars(
                select(AgendaPoint).where(AgendaPoint.pop_id == pop.id).order_by(AgendaPoint.position, AgendaPoint.id)
            )
        ],
        "agreements": [
            {
                name: _json(getattr(a, name))
                for name in (
                    "what",
                    "measurable_result",
                    "owner",
                    "due_date",
                    "kind",
                    "activity",
                    "cost_eur",
                    "hours",
                    "support",
                    "status",
                    "progress_note",
                    "progress_at",
                )
            }
            for a in s.scalars(
                select(Agreement).where(Agreement.pop_id == pop.id).order_by(Agreement.position, Agreement.id)
            )
        ],
        "signatures": [
            {
                "role": sig.role,
                "mine": sig.person_id == person.id,
                "signed_at": _json(sig.signed_at),
                "content_hash": sig.content_hash,
            }
            for sig in s.scalars(select(Signature).where(Signature.pop_id == pop.id).order_by(Signature.id))
        ],
        "my_evaluation": _own_evaluation(evaluation),
        "meetings": [
            {
                "kind": m.kind,
                "start": _json(m.starts_at),
                "end": _json(m.ends_at),
                "location": m.location,
                "cancelled": m.cancelled_at is not None,
                **_my_answer(m, person.id),
            }
            for m in meetings
        ],
    }


def _my_answer(meeting: Meeting, person_id: int) -> dict:
    mine = next((a for a in meeting.attendees if a.person_id == person_id), None)
    if mine is None:
        return {"my_answer": None}
    return {"my_answer": mine.partstat, "answered_at": _json(mine.answered_at)}


def export_person(uow: UnitOfWork, person_id: int) -> dict:
    """Everything about one person as JSON-ready data; LookupError for an unknown id."""
    s = uow.session
    person = s.get(Person, person_id)
    if person is None:
        raise LookupError(f"no person {person_id}")
    pops = _pops_of(uow, person_id)
    pop_ids = [pop.id for pop in pops]
    events = s.scalars(
        select(Event).where(or_(Event.actor == f"person:{person_id}", Event.pop_id.in_(pop_ids))).order_by(Event.id)
    ).all()
    mails = s.scalars(select(OutboxMail).where(OutboxMail.recipient_id == person_id).order_by(OutboxMail.id)).all()
    return {
        "format": EXPORT_FORMAT,
        "profile": {
            "id": person.id,
            "name": person.name,
            "email": person.email,
            "department": person.department,
            "language": person.language,
            "timezone": person.timezone,
            "employee_number": person.employee_number,
            "active": person.active,
            "created_at": _json(person.created_at),
            "manager": None if person.manager is None else {"name": person.manager.name, "email": person.manager.email},
        },
        "pops": [_pop_export(uow, pop, person) for pop in pops],
        "written_before_handover": [_handed_over_export(uow, pop, person) for pop in _handed_over(uow, person_id)],
        "mails": [
            {
                "kind": m.kind,
                "pop_id": m.pop_id,
                "created_at": _json(m.created_at),
                "status": m.status,
                "sent_at": _json(m.sent_at),
            }
            for m in mails
        ],
        "events": [
            {"at": _json(e.created_at), "pop_id": e.pop_id, "kind": e.kind, "actor": e.actor, "data": e.data}
            for e in events
        ],
    }


# A POP's signed plan as (file name, PDF), or None: the notifier's plan_pdf, passed in by the
# CLI that composes the packages (arrows point into shared/, never out of it).
PlanPdf = Callable[[UnitOfWork, Pop, str, str], tuple[str, bytes] | None]


def plan_pdfs(uow: UnitOfWork, person_id: int, lang: str, plan_pdf: PlanPdf, tz: str | None = None) -> dict[str, bytes]:
    """{file name: PDF} of every plan signed by both in a POP the person takes part in."""
    person = uow.session.get(Person, person_id)
    if person is None:
        raise LookupError(f"no person {person_id}")
    files: dict[str, bytes] = {}
    for pop in _pops_of(uow, person_id):
        signed = plan_pdf(uow, pop, lang, tz or person.timezone or "Europe/Amsterdam")
        if signed is not None:
            files[signed[0]] = signed[1]
    return files


@dataclass
class ErasureReport:
    person_id: int
    pops_kept: int = 0
    preparations: int = 0
    evaluations: int = 0
    agenda_points: int = 0
    agreements_blanked: int = 0
    mails: int = 0
    texts_scrubbed: int = 0

    def as_json(self) -> dict:
        return asdict(self)


PARTICLES = {"van", "der", "den", "het", "ter", "ten", "von", "die", "des"}


def _needles(person: Person) -> re.Pattern[str] | None:
    """What to find in free text: the full name, the e-mail address, the employee number,
    and the first and last name on their own (as whole words, not inside "januari")."""
    words = [w for w in person.name.split() if len(w) >= 3 and w.lower() not in PARTICLES]
    found = {person.name, person.email, person.employee_number or "", *words[:1], *words[-1:]}
    found = {n.strip() for n in found if n and len(n.strip()) >= 3}
    if not found:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(found, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED_NAME, value)
    if isinstance(value, dict):
        return {key: _scrub(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, pattern) for item in value]
    return value


def _deleted(s: Session, statement: Delete) -> int:
    """How many rows a DELETE took. (A DELETE's result is a CursorResult, which Session.execute's
    types do not say.)"""
    return cast(CursorResult, s.execute(statement)).rowcount


def _scrub_rows(rows, fields: tuple[str, ...], pattern: re.Pattern[str] | None) -> int:
    """Replace the person's name and address in these fields; a new value, so JSON notices."""
    changed = 0
    for row in rows:
        for name in fields:
            before = getattr(row, name)
            after = _scrub(before, pattern) if pattern is not None else before
            if after != before:
                setattr(row, name, after)
                changed += 1
    return changed


AGREEMENT_TEXT = ("what", "measurable_result", "owner", "activity", "support", "progress_note")


def erase_person(uow: UnitOfWork, now: datetime, person_id: int, actor: str = "cli") -> ErasureReport:
    """Anonymise a person and remove what they wrote; POPs, states and dates stay.

    Refused (ErasureRefused) while they manage active people ("manager_has_reports":
    reassign them first) or take part in an open POP ("open_pops": let them leave first,
    `popflow people leave`, and wait until the POPs are cancelled), so that no mail
    goes out to an erased address and no POP is left without its manager.
    """
    s = uow.session
    person = s.get(Person, person_id)
    if person is None:
        raise ErasureRefused("unknown_person", person_id=person_id)
    reports = s.scalar(select(func.count()).select_from(Person).where(Person.manager_id == person_id, Person.active))
    if reports:
        raise ErasureRefused("manager_has_reports", reports=reports)
    pops = _pops_of(uow, person_id)
    still_open = sum(1 for pop in pops if pop.state not in FINAL)
    if still_open:
        raise ErasureRefused("open_pops", pops=still_open)
    report = ErasureReport(person_id=person_id, pops_kept=len(pops))
    pattern = _needles(person)
    for pop in pops:
        role = pop.role_of(person_id)
        # Their own writing goes (below, with what they wrote before a handover). As the
        # employee, every manager's preparation goes too, a former one's included: it is an
        # assessment of them (ratings, growth room), personal data about nobody else.
        if role == "employee":
            report.preparations += _deleted(
                s, delete(Preparation).where(Preparation.pop_id == pop.id, Preparation.role == "manager")
            )
        agreements = s.scalars(select(Agreement).where(Agreement.pop_id == pop.id)).all()
        if role == "employee":
            # The plan is about them: its words go, its shape (how many, kind, status, dates,
            # cost and hours) stays for the counts.
            for agreement in agreements:
                for name in AGREEMENT_TEXT:
                    setattr(agreement, name, "")
                report.agreements_blanked += 1
        else:
            report.texts_scrubbed += _scrub_rows(agreements, AGREEMENT_TEXT, pattern)
        # What the other side wrote stays, without the erased person's name in it.
        report.texts_scrubbed += _scrub_rows(
            s.scalars(select(Preparation).where(Preparation.pop_id == pop.id)), ("answers",), pattern
        )
        report.texts_scrubbed += _scrub_rows(
            s.scalars(select(Evaluation).where(Evaluation.pop_id == pop.id)), ("answers",), pattern
        )
        report.texts_scrubbed += _scrub_rows(
            s.scalars(select(AgendaPoint).where(AgendaPoint.pop_id == pop.id)), ("text",), pattern
        )
        report.texts_scrubbed += _scrub_rows(
            s.scalars(select(Meeting).where(Meeting.pop_id == pop.id)), ("location",), pattern
        )
    report.preparations += _deleted(s, delete(Preparation).where(Preparation.author_id == person_id))
    report.evaluations += _deleted(s, delete(Evaluation).where(Evaluation.author_id == person_id))
    # Their agenda points, in handed-over POPs too (they follow the writer, not the role).
    report.agenda_points += _deleted(s, delete(AgendaPoint).where(AgendaPoint.author_id == person_id))
    report.mails = _deleted(s, delete(OutboxMail).where(OutboxMail.recipient_id == person_id))
    pop_ids = [pop.id for pop in pops]
    report.texts_scrubbed += _scrub_rows(
        s.scalars(select(OutboxMail).where(OutboxMail.pop_id.in_(pop_ids))), ("data", "last_error"), pattern
    )
    report.texts_scrubbed += _scrub_rows(
        s.scalars(select(Event).where(or_(Event.pop_id.in_(pop_ids), Event.actor == f"person:{person_id}"))),
        ("data", "outcome"),
        pattern,
    )
    # Attendance (accepted, declined) stays as a count; it says nothing once the name is gone.
    person.name, person.email, person.employee_number = ERASED_NAME, f"erased-{person_id}@invalid", None
    person.timezone, person.active = None, False
    person.link_epoch += 1  # every personal link and the calendar feed stop working
    record_fact(uow, now, None, EventKind.PERSON_ERASED, actor, report.as_json())
    s.flush()
    return report
