"""What a round sends when, from its settings: the picture on HR's settings page.

Three lines of steps: the round (relative to its period and planning deadline), one
conversation (relative to the meeting), and the plan after signing (relative to each
progress review). Made from the same settings the workflow reads, so the picture says
what the rules will do. In the request's language (intake.i18n).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake.i18n import _, ngettext
from shared.localtime import format_date
from shared.planning_deadline import planning_deadline


@dataclass(frozen=True)
class Step:
    when: str
    what: str
    moment: bool = False  # the meeting itself (or the deadline): drawn as a milestone


@dataclass(frozen=True)
class Line:
    title: str
    steps: list[Step]


def days_text(days: int) -> str:
    """ "1 dag", "10 dagen", "4 weken" (whole weeks from two weeks on)."""
    if days >= 14 and days % 7 == 0:
        return ngettext("{n} week", "{n} weken", days // 7)
    return ngettext("{n} dag", "{n} dagen", days)


def _before(days: int) -> str:
    return _("{time} voor het gesprek", time=days_text(days))


def _after(days: int) -> str:
    return _("{time} na het gesprek", time=days_text(days))


def conversation_line(values: dict[str, Any]) -> Line:
    """Around one POP conversation: invitation, reminders, exchange, the meeting, signing."""
    before: list[tuple[int, Step]] = [
        (day, Step(_before(day), _("herinnering om voor te bereiden, aan wie nog niet klaar is")))
        for day in values["prepare_reminder_days"]
    ]
    before.append(
        (values["exchange_days"], Step(_before(values["exchange_days"]), _("de gesprekspunten worden uitgewisseld")))
    )
    after = [
        (day, Step(_after(day), _("herinnering om te ondertekenen, aan wie nog niet tekende")))
        for day in values["sign_reminder_days"]
    ]
    steps = [Step(_("Bij het plannen"), _("uitnodiging voor het POP-gesprek, met agenda-uitnodiging"))]
    steps += [step for _day, step in sorted(before, key=lambda pair: -pair[0])]
    steps.append(Step(_("Het gesprek"), _("het POP-gesprek"), moment=True))
    steps.append(Step(_("Na het gesprek"), _("verzoek om samen de afspraken vast te leggen")))
    steps += [step for _day, step in sorted(after, key=lambda pair: pair[0])]
    steps.append(Step(_("Als het plan ondertekend is"), _("het plan als PDF, en de vraag om het gesprek te evalueren")))
    return Line(_("Rond elk POP-gesprek"), steps)


def plan_line(values: dict[str, Any]) -> Line:
    """While the plan runs: a review every so many months, its invitation and reminder."""
    invite, remind = values["review_invite_days_before"], values["review_reminder_days"]
    steps = [
        Step(
            _("{time} voor elk voortgangsgesprek", time=days_text(invite)),
            _("uitnodiging voortgangsgesprek, met agenda-uitnodiging"),
        ),
        Step(_("{time} voor elk voortgangsgesprek", time=days_text(remind)), _("herinnering voortgangsgesprek")),
        Step(
            ngettext("Elke {n} maand", "Elke {n} maanden", values["review_every_months"]),
            _("een voortgangsgesprek van {minutes} minuten", minutes=values["review_minutes"]),
            moment=True,
        ),
        Step(
            _("{time} voor de einddatum van een afspraak", time=days_text(values["due_reminder_days"])),
            _("herinnering dat de afspraak bijna klaar moet zijn"),
        ),
        Step(
            ngettext("{n} maand na het gesprek", "{n} maanden na het gesprek", values["plan_months"]),
            _("het plan loopt af, met het laatste voortgangsgesprek"),
        ),
    ]
    if invite < remind:  # the invitation then comes after the reminder: draw them in that order
        steps[0], steps[1] = steps[1], steps[0]
    return Line(_("Daarna, zolang het plan loopt"), steps)


def round_line(values: dict[str, Any], meetings_from, meetings_until, lang: str) -> Line:
    """The round as a whole: its start, the planning reminders around the deadline, the period."""
    deadline = planning_deadline(meetings_from, meetings_until, values["plan_by_days_before_end"])
    if deadline is None:  # the round of loose conversations: never started, no period
        return Line(
            _("De ronde"),
            [Step(_("Geen periode"), _("geen verzoek om te plannen en geen herinneringen om te plannen"))],
        )
    steps = [Step(_("Bij de start van de ronde"), _("verzoek aan elke leidinggevende om de gesprekken te plannen"))]
    reminders = sorted(values["planning_reminder_days"])
    deadline_text = format_date(deadline, lang)
    for offset in (day for day in reminders if day < 0):
        steps.append(
            Step(
                _("{time} voor de plandatum", time=days_text(-offset)),
                _("herinnering plannen, aan wie nog moet plannen"),
            )
        )
    steps.append(Step(_("Plandatum: {date}", date=deadline_text), _("alle gesprekken zijn gepland"), moment=True))
    for offset in (day for day in reminders if day >= 0):
        when = _("Op de plandatum") if offset == 0 else _("{time} na de plandatum", time=days_text(offset))
        steps.append(Step(when, _("herinnering plannen, aan wie nog moet plannen")))
    if meetings_from and meetings_until:
        period = _(
            "{first} tot en met {last}", first=format_date(meetings_from, lang), last=format_date(meetings_until, lang)
        )
        steps.append(Step(_("De periode"), _("de gesprekken: {period}", period=period)))
    return Line(_("De ronde"), steps)


def timeline(values: dict[str, Any], meetings_from, meetings_until, lang: str) -> list[Line]:
    return [
        round_line(values, meetings_from, meetings_until, lang),
        conversation_line(values),
        plan_line(values),
    ]
