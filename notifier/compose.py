"""E-mail text and HTML from one source of wording (wording.py) and two layouts."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

from notifier.wording import COMMON, REASONS, WORDING
from shared.safe_text import NAME_LIMIT, SUBJECT_LIMIT, multi_line, single_line


@dataclass(frozen=True)
class MailContext:
    kind: str
    language: str
    role: str
    recipient_name: str
    employee_name: str
    manager_name: str
    other_name: str = ""
    when: str = ""
    until: str = ""  # after `when` in the body: when the meeting ends ("–11:00")
    exchange_when: str = ""
    location: str = ""
    link: str = ""
    number: int = 0
    sender: str = "POP-gesprekken"
    agreement: str = ""   # due reminders: what was agreed
    due: str = ""         # due reminders: the due date, as the reader reads dates
    reason: str = ""      # cancellations: why (free text, or a code from REASONS)
    meeting_label: str = ""  # "POP-gesprek", "voortgangsgesprek", ... inside a sentence
    # Invitations: the page where a person whose calendar shows no buttons answers.
    answer_url: str = ""
    updated: bool = False  # a review or follow-up invite that moves an earlier one
    round_name: str = ""  # a round's launch: its name and the period of its meetings
    period: str = ""
    # Exchange only: (question, answer) the other side shared; None for other kinds.
    points: list[tuple[str, str]] | None = field(default=None)


# What people typed goes into sentences and the subject on one line; the longest a field
# takes (agreement texts: the agreements form; reasons: the cancel form), names NAME_LIMIT.
_TYPED_LIMITS = {"recipient_name": NAME_LIMIT, "employee_name": NAME_LIMIT, "manager_name": NAME_LIMIT,
                 "other_name": NAME_LIMIT, "location": 300, "sender": NAME_LIMIT, "agreement": 2000,
                 "reason": 500, "round_name": NAME_LIMIT}

# The answer links of an invitation: label in COMMON, and the PARTSTAT it records.
ANSWERS = (("yes", "ACCEPTED"), ("maybe", "TENTATIVE"), ("no", "DECLINED"))


@dataclass(frozen=True)
class ComposedMail:
    subject: str
    text: str
    html: str


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("notifier", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=None)  # the two layouts
def _template(name: str) -> Template:
    """A layout, compiled once. get_template asks the loader each time whether the file
    changed (a stat per mail and layout); the package's templates change only with a
    new release, which restarts the worker."""
    return _env().get_template(name)


def compose(ctx: MailContext) -> ComposedMail:
    lang = "en" if ctx.language == "en" else "nl"
    words = WORDING[ctx.kind][lang]
    common = COMMON[lang]
    values = dict(ctx.__dict__)
    values.update({name: single_line(values[name], limit) for name, limit in _TYPED_LIMITS.items()})
    values["where"] = common["where"].format(location=values["location"]) if values["location"] else ""
    reason = REASONS.get(values["reason"], {}).get(lang, values["reason"])
    values["reason"] = common["reason"].format(reason=reason) if reason else ""
    fill = lambda s: s.format(**values)  # noqa: E731 - one-line formatter
    paragraphs = [fill(p) for p in words.get(ctx.role, words.get("common", []))]
    page = dict(
        lang=lang,
        # One header line, whatever an agreement text holds (mime.py checks again).
        subject=single_line((common["changed"] if ctx.updated else "") + fill(words["subject"]), SUBJECT_LIMIT),
        greeting=fill(common["greeting"]),
        paragraphs=paragraphs,
        points=[(question, multi_line(answer, limit=None)) for question, answer in ctx.points]
        if ctx.points is not None else None,
        nothing=fill(words.get("nothing", "")),
        action_label=words["action"],
        answers_intro=common["answers"] if ctx.answer_url else "",
        answers=[(common[key], f"{ctx.answer_url}?partstat={partstat}") for key, partstat in ANSWERS]
        if ctx.answer_url else [],
        action_url=ctx.link,
        signoff=fill(common["signoff"]),
        footer=common["footer"],
    )
    return ComposedMail(
        subject=page["subject"],
        text=_template("mail.txt").render(page),
        html=_template("mail.html").render(page),
    )
