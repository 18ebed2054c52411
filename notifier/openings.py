"""HR's own opening paragraph of each kind of mail (organisation-wide, nl and en).

Only the first paragraph is HR's: the rest of the mail (times, links, the calendar part)
stays the system's. Which placeholders a kind knows is read from the kind's own words
(mail_words.py) and the names every mail has, so a new kind brings its own. A text is
checked when HR saves it and again when a mail is rendered: one that no longer fits (a
later release dropped a placeholder) gives the system's paragraph, never a failed mail.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import select

from notifier.compose import ComposedMail, MailContext, compose
from notifier.mail_words import BUILDERS, meeting_label, service_name, words_of
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_fact
from shared.i18n import N_, translations
from shared.localtime import format_date, format_until, format_when
from shared.models import MailOpening

LIMIT = 1000  # characters: a paragraph, not a letter
_HELD = "notifier.openings.held"  # key in Session.info
ROLES = ("employee", "manager")
# Every mail has these, whatever its kind.
NAMES = ("recipient_name", "employee_name", "manager_name", "other_name", "sender", "org_name")
# What HR reads beside each placeholder.
PLACEHOLDER_HELP = {
    "recipient_name": N_("de naam van wie de e-mail krijgt"),
    "employee_name": N_("de naam van de medewerker"),
    "manager_name": N_("de naam van de leidinggevende"),
    "other_name": N_("de naam van de ander in het gesprek"),
    "sender": N_("de afzender"),
    "org_name": N_("de naam van de organisatie"),
    "when": N_("datum en tijd van het gesprek"),
    "until": N_("hoe laat het gesprek eindigt"),
    "where": N_("de plaats, tussen haakjes"),
    "exchange_when": N_("wanneer de gesprekspunten worden uitgewisseld"),
    "meeting_label": N_("het soort gesprek"),
    "number": N_("een aantal"),
    "total": N_("hoeveel voortgangsgesprekken er zijn"),
    "names": N_("de namen van de medewerkers"),
    "round_name": N_("de naam van de ronde"),
    "period": N_("de periode van de ronde"),
    "deadline": N_("de laatste dag om te plannen"),
    "agreement": N_("de afspraak"),
    "due": N_("de einddatum van de afspraak"),
    "reason": N_("de reden"),
}

KINDS = tuple(BUILDERS)  # in the order of mail_words.py: the order of a POP's life
TO_MANAGERS = frozenset({"schedule_request", "planning_reminder"})  # a round's mails: a preview to Marieke


def reader(kind: str, audience: str) -> str:
    """Whose mail a preview shows: the audience's, or who gets this kind."""
    return audience or ("manager" if kind in TO_MANAGERS else "employee")


def _sample(kind: str, role: str, lang: str = "nl", opening: str = "", **more) -> MailContext:
    """A mail of this kind to Jan (the employee) or Marieke (the manager), with believable facts."""
    start = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
    employee, manager = "Jan Jansen", "Marieke de Vries"
    t = translations(lang)
    values = dict(
        kind=kind,
        language=lang,
        role=role,
        recipient_name=employee if role == "employee" else manager,
        employee_name=employee,
        manager_name=manager,
        other_name=manager if role == "employee" else employee,
        when=format_when(start, lang, "Europe/Amsterdam"),
        until=format_until(start, start.replace(hour=10), lang, "Europe/Amsterdam"),
        exchange_when=format_when(start.replace(day=8), lang, "Europe/Amsterdam"),
        location="Kamer 2.14",
        link="https://pop.voorbeeld.nl/p/…",
        number=2,
        total=4,
        names=(employee, "Emma Clarke"),
        meeting_label=meeting_label("conversation", lang),
        round_name="Ronde 2027",
        period=t.gettext("{first} tot en met {last}").format(
            first=format_date(start.date(), lang), last=format_date(start.date().replace(month=6, day=30), lang)
        ),
        deadline=format_date(start.date().replace(month=6, day=16), lang),
        agreement="Excel-cursus",  # what someone typed: in no catalogue
        due=format_date(start.date().replace(month=9, day=1), lang),
        sender=service_name(lang),
        opening=opening,
    )
    values.update(more)
    return MailContext(**values)  # type: ignore[arg-type]  # each field its own type


def _variants(kind: str, role: str) -> list[MailContext]:
    """The contexts a builder branches on: role, one or more, a series or not, the ratings."""
    return [
        _sample(kind, role, number=number, total=total, dates=dates, ratings=ratings)
        for number in (1, 2)
        for total in (0, 4)
        for dates in ((), ("x",))
        for ratings in (True, False)
    ]


@cache
def audiences(kind: str) -> tuple[str, ...]:
    """("employee", "manager") where the kind's first paragraph differs by role; else ("",)."""
    t = translations("nl")
    firsts = {role: words_of(kind, t, _sample(kind, role)).paragraphs[:1] for role in ROLES}
    return ROLES if firsts["employee"] != firsts["manager"] else ("",)


@cache
def placeholders(kind: str) -> tuple[str, ...]:
    """The placeholders an opening of this kind may use: the names, and what its own words use."""
    t, found = translations("nl"), dict.fromkeys(NAMES)
    for role in ROLES:
        for ctx in _variants(kind, role):
            words = words_of(kind, t, ctx)
            for text in (words.subject, *words.paragraphs, *words.closing, words.nothing):
                found.update(dict.fromkeys(name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name))
    return tuple(name for name in found if name in PLACEHOLDER_HELP)


def default_opening(kind: str, audience: str, lang: str) -> str:
    """The system's own first paragraph, placeholders unfilled."""
    words = words_of(kind, translations(lang), _sample(kind, reader(kind, audience), lang))
    return words.paragraphs[0] if words.paragraphs else ""


def cleaned(text: str | None) -> str:
    """One paragraph: whitespace and line breaks folded to single spaces."""
    return " ".join((text or "").split())


def problem(kind: str, text: str) -> tuple[str, dict[str, str]] | None:
    """Why this opening cannot be used (a Dutch msgid and its values), or None when it can."""
    if len(text) > LIMIT:
        return N_("Maximaal {limit} tekens."), {"limit": str(LIMIT)}
    if any(not ch.isprintable() for ch in text):
        return N_("Deze tekst bevat een teken dat niet in een e-mail past."), {}
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return (
            N_("Een accolade ({brace}) klopt niet. Schrijf een invulveld zo: {example}."),
            {"brace": "{ }", "example": "{employee_name}"},
        )
    known = placeholders(kind)
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in known or spec or conversion:
            shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            return (
                N_("Onbekend invulveld {field}. In deze e-mail kun je gebruiken: {known}."),
                {"field": shown, "known": ", ".join("{" + k + "}" for k in known)},
            )
    return None


def opening_for(uow: UnitOfWork, kind: str, role: str, lang: str) -> str:
    """HR's opening for this mail, or "" for the system's own (also for one that no longer fits)."""
    if kind not in BUILDERS:
        return ""
    audience = role if audiences(kind) == ROLES else ""
    text = _held(uow).get((kind, audience, lang), "")
    return text if text and problem(kind, text) is None else ""


def _held(uow: UnitOfWork) -> dict[tuple[str, str, str], str]:
    """Every opening HR wrote (a few dozen at most), read once per session: a worker's group
    of mails reads them once, the next group afresh (as notifier/mail_reads.py holds rows)."""
    held = uow.session.info.get(_HELD)
    if held is None:
        rows = uow.session.execute(
            select(MailOpening.kind, MailOpening.audience, MailOpening.language, MailOpening.text)
        )
        held = uow.session.info[_HELD] = {(kind, audience, lang): text for kind, audience, lang, text in rows}
    return held


def openings(uow: UnitOfWork, kind: str) -> dict[tuple[str, str], MailOpening]:
    """HR's rows of one kind, by (audience, language)."""
    rows = uow.session.scalars(select(MailOpening).where(MailOpening.kind == kind))
    return {(row.audience, row.language): row for row in rows}


def save_opening(uow: UnitOfWork, now: datetime, kind: str, audience: str, lang: str, text: str, actor: str) -> bool:
    """HR's text (checked by the caller), or back to the system's when empty; True if it changed.
    Each change is a fact in the audit trail: who, when, which mail."""
    row = openings(uow, kind).get((audience, lang))
    if (row.text if row is not None else "") == text:
        return False
    if not text:
        uow.session.delete(row)
    elif row is None:
        uow.session.add(
            MailOpening(kind=kind, audience=audience, language=lang, text=text, updated_at=now, updated_by=actor)
        )
    else:
        row.text, row.updated_at, row.updated_by = text, now, actor
    data = {"kind": kind, "audience": audience, "language": lang, "default": not text}
    record_fact(uow, now, None, EventKind.MAIL_TEXT_CHANGED, actor, data)
    return True


def preview(kind: str, audience: str, lang: str, text: str) -> ComposedMail:
    """The whole mail as it would go out with this opening, by the real composer."""
    return compose(_sample(kind, reader(kind, audience), lang, opening=text))
