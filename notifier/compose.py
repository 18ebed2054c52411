"""E-mail text and HTML from one source of words (mail_words.py, in the catalogue) and two layouts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

from notifier.mail_words import Words, words_of
from shared.brand import DEFAULT_ACCENT, accent_colour, palette
from shared.i18n import N_, translations
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
    total: int = 0  # progress reviews: how many the plan has ("2 of 4")
    names: tuple[str, ...] = ()  # a round's launch: the reports still waiting for a meeting
    sender: str = "POP-gesprekken"
    # The organisation (ORG_NAME, ORG_ACCENT): a header line and the button's colour in the HTML.
    org_name: str = ""
    accent: str = DEFAULT_ACCENT
    agreement: str = ""  # due reminders: what was agreed
    due: str = ""  # due reminders: the due date, as the reader reads dates
    reason: str = ""  # cancellations: why (free text, or a code from REASONS)
    meeting_label: str = ""  # "POP-gesprek", "voortgangsgesprek", ... inside a sentence
    # Invitations: the page where a person whose calendar shows no buttons answers.
    answer_url: str = ""
    updated: bool = False  # a review or follow-up invite that moves an earlier one
    round_name: str = ""  # a round's launch: its name and the period of its meetings
    period: str = ""
    deadline: str = ""  # a planning reminder: the round's last day to plan, as the reader reads dates
    dates: tuple[str, ...] = ()  # the signed plan: when its progress reviews are, as the reader reads dates
    ratings: bool = True  # the POP's round has conversation types: the manager rates (seed 002)
    # HR's own first paragraph for this kind, audience and language (notifier/openings.py),
    # already checked; "" for the system's own.
    opening: str = ""
    # Exchange only: (question, answer) the other side shared; None for other kinds.
    points: list[tuple[str, str]] | None = field(default=None)


# What people typed goes into sentences and the subject on one line; the longest a field
# takes (agreement texts: the agreements form; reasons: the cancel form), names NAME_LIMIT.
_TYPED_LIMITS = {
    "recipient_name": NAME_LIMIT,
    "employee_name": NAME_LIMIT,
    "manager_name": NAME_LIMIT,
    "other_name": NAME_LIMIT,
    "location": 300,
    "sender": NAME_LIMIT,
    "org_name": NAME_LIMIT,
    "agreement": 2000,
    "reason": 500,
    "round_name": NAME_LIMIT,
}

# The answer links of an invitation: their label, and the PARTSTAT it records.
ANSWERS = ((N_("Ja, ik kom"), "ACCEPTED"), (N_("Misschien"), "TENTATIVE"), (N_("Nee, ik kan niet"), "DECLINED"))
# Why a POP ended, for codes the system writes itself (HR and managers type free text).
REASONS = {"employee_left": N_("de medewerker is uit dienst")}


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


@cache  # the two layouts
def _template(name: str) -> Template:
    """A layout, compiled once. get_template asks the loader each time whether the file
    changed (a stat per mail and layout); the package's templates change only with a
    new release, which restarts the worker."""
    return _env().get_template(name)


def compose(ctx: MailContext) -> ComposedMail:
    lang = "en" if ctx.language == "en" else "nl"
    t = translations(lang)
    values = _values(ctx, t)
    words = words_of(ctx.kind, t, ctx)
    if ctx.opening and words.paragraphs:  # only the first paragraph is HR's; the rest stays the system's
        words = replace(words, paragraphs=(ctx.opening, *words.paragraphs[1:]))
    page = dict(lang=lang, **_texts(ctx, t, words, values), **_answers(ctx, t), **_points(ctx))
    # Checked #rrggbb only (shared/config.py), so it is safe inside the style attributes.
    colours = palette(accent_colour(ctx.accent))
    return ComposedMail(
        subject=page["subject"],
        text=_template("mail.txt").render(page),
        html=_template("mail.html").render(page, org_name=values["org_name"], colours=colours),
    )


def compose_bundle(items: list[MailContext]) -> ComposedMail:
    """A manager's reminders of one day in one mail (notifier/bundles.py): each line is what
    that reminder's own mail would say in its subject (it names the employee), with its button."""
    first = items[0]
    lang = "en" if first.language == "en" else "nl"
    t = translations(lang)
    names = tuple(dict.fromkeys(ctx.employee_name for ctx in items))
    values = _values(replace(first, names=names, number=len(items)), t)
    lines = []
    for ctx in items:
        words = words_of(ctx.kind, t, ctx)
        lines.append((single_line(words.subject.format(**_values(ctx, t)), SUBJECT_LIMIT), words.action, ctx.link))
    subject = t.ngettext(
        "Herinneringen voor het POP van {names}", "Herinneringen voor de POP's van {names}", len(names)
    )
    page = dict(
        lang=lang,
        subject=single_line(subject.format(**values), SUBJECT_LIMIT),
        greeting=t.gettext("Beste {recipient_name},").format(**values),
        paragraphs=[
            t.gettext(
                "Hieronder staat per medewerker wat er van je gevraagd wordt. Elke link opent het POP van "
                "die medewerker."
            )
        ],
        items=lines,
        dates=[],
        closing=[],
        nothing="",
        action_label="",
        action_url="",
        signoff=t.gettext("Met vriendelijke groet,\n{sender}").format(**values),
        footer=t.gettext("Deze links zijn persoonlijk: stuur ze niet door."),
        points=None,
        **_answers(first, t),
    )
    html = _template("mail.html").render(
        page, org_name=values["org_name"], colours=palette(accent_colour(first.accent))
    )
    return ComposedMail(subject=page["subject"], text=_template("mail.txt").render(page), html=html)


def _values(ctx: MailContext, t) -> dict:
    """What the placeholders read: typed text on one line, the location and reason as clauses."""
    values = dict(ctx.__dict__)
    values.update({name: single_line(values[name], limit) for name, limit in _TYPED_LIMITS.items()})
    values["where"] = f" ({values['location']})" if values["location"] else ""
    values["names"] = name_list(t, ctx.names)
    reason = t.gettext(REASONS[values["reason"]]) if values["reason"] in REASONS else values["reason"]
    values["reason"] = " " + t.gettext("Reden: {reason}").format(reason=reason) if reason else ""
    return values


def name_list(t, names: tuple[str, ...], shown: int = 3) -> str:
    """ "Jan, Piet en Anna"; more than three: "Jan, Piet, Anna en 4 anderen"."""
    first = [single_line(name, NAME_LIMIT) for name in names[:shown]]
    rest = len(names) - len(first)
    if rest:
        return t.ngettext("{names} en {number} ander", "{names} en {number} anderen", rest).format(
            names=", ".join(first), number=rest
        )
    if len(first) < 2:
        return "".join(first)
    return t.gettext("{names} en {last}").format(names=", ".join(first[:-1]), last=first[-1])


def _texts(ctx: MailContext, t, words: Words, values: dict) -> dict:
    subject = words.subject.format(**values)
    if ctx.updated:
        subject = t.gettext("Gewijzigd: {subject}").format(subject=subject)
    return dict(
        # One header line, whatever an agreement text holds (mime.py checks again).
        subject=single_line(subject, SUBJECT_LIMIT),
        greeting=t.gettext("Beste {recipient_name},").format(**values),
        paragraphs=[paragraph.format(**values) for paragraph in words.paragraphs],
        dates=list(ctx.dates),
        closing=[paragraph.format(**values) for paragraph in words.closing],
        nothing=words.nothing.format(**values),
        action_label=words.action,
        action_url=ctx.link,
        signoff=t.gettext("Met vriendelijke groet,\n{sender}").format(**values),
        footer=t.gettext("Deze link is persoonlijk: stuur hem niet door."),
        items=[],
    )


def _answers(ctx: MailContext, t) -> dict:
    """An invitation's answer links, for a calendar that shows no buttons."""
    if not ctx.answer_url:
        return dict(answers_intro="", answers=[])
    return dict(
        answers_intro=t.gettext("Kom je? Toont je agenda geen knoppen, antwoord dan hier:"),
        answers=[(t.gettext(label), f"{ctx.answer_url}?partstat={partstat}") for label, partstat in ANSWERS],
    )


def _points(ctx: MailContext) -> dict:
    if ctx.points is None:
        return dict(points=None)
    return dict(points=[(question, multi_line(answer, limit=None)) for question, answer in ctx.points])
