"""A round's settings (cadence, lead times, reminder days, durations): one definition each.

Everything else is made from this table: the defaults of the machine's Settings and of
intake's RoundInput (their fields are written out for the type checker, and
tests/unit/test_round_settings.py keeps them the same as the table), the model's column
defaults, HR's round form (its fields, labels and bounds), the API's validation and the
OpenAPI schemas of a round. A bound or a default changes here and nowhere else
(docs/decisions/0015-one-definition-per-round-setting.md).

No Flask and no intake here: the workflow reads it too. Labels and help are Dutch, the
msgids of their English in intake's catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.i18n import N_


@dataclass(frozen=True)
class RoundSetting:
    name: str
    default: int | tuple[int, ...]  # a switch: a bool
    low: int  # the least value allowed (of each number, for a list)
    high: int  # the largest
    label: str  # Dutch: the HR form's label
    help: str  # Dutch: what the setting does (the API document has its English)
    most: int = 0  # a list of days, of at most this many numbers; 0: one number
    descending: bool = False  # a list is kept in the order its reminders go out
    switch: bool = False  # on or off (its default a bool; low 0, high 1): a checkbox, a JSON boolean

    @property
    def many(self) -> bool:
        return self.most > 0

    @property
    def default_on(self) -> bool:
        """The default of a switch."""
        if not self.switch:
            raise TypeError(f"{self.name} is no switch")
        return bool(self.default)

    @property
    def default_number(self) -> int:
        """The default of a setting of one number."""
        if isinstance(self.default, tuple) or self.switch:
            raise TypeError(f"{self.name} is a list of days")
        return self.default

    @property
    def default_days(self) -> tuple[int, ...]:
        """The default of a list of days."""
        if not isinstance(self.default, tuple):
            raise TypeError(f"{self.name} is one number")
        return self.default

    def allows(self, value: int | list[int] | tuple[int, ...]) -> bool:
        """Within the bounds: a number, or a list of at most `most` numbers (already whole numbers);
        a switch, True or False."""
        if self.switch or isinstance(value, bool):
            return self.switch and isinstance(value, bool)
        one = isinstance(value, int)
        numbers = [value] if isinstance(value, int) else list(value)
        right_kind = one != self.many and (one or len(numbers) <= self.most)
        return right_kind and all(self.low <= n <= self.high for n in numbers)

    def kept(self, value: Any) -> int | list[int]:
        """As a round stores it: a list without repeats, in the order its reminders go out."""
        return sorted(set(value), reverse=self.descending) if self.many else value


ROUND_SETTINGS: tuple[RoundSetting, ...] = (
    RoundSetting(
        "review_every_months",
        3,
        1,
        12,
        N_("Voortgangsgesprek elke ... maanden"),
        N_("Zolang het plan loopt, volgt steeds na zoveel maanden een voortgangsgesprek."),
    ),
    RoundSetting(
        "plan_months",
        12,
        1,
        36,
        N_("Looptijd van het plan (maanden)"),
        N_("Zoveel maanden na het gesprek loopt het plan af; het laatste voortgangsgesprek valt aan het eind."),
    ),
    # 000, 002: the points are exchanged a week before the meeting.
    RoundSetting(
        "exchange_days",
        7,
        1,
        30,
        N_("Gesprekspunten uitwisselen ... dagen voor het gesprek"),
        N_("De gesprekspunten worden zoveel dagen voor het gesprek uitgewisseld."),
    ),
    # Reminder lead times (workflow/rules.py).
    RoundSetting(
        "prepare_reminder_days",
        (10, 8),
        1,
        60,
        N_("Herinnering voorbereiden, dagen voor het gesprek"),
        N_("Herinneringen om voor te bereiden, zoveel dagen voor het gesprek."),
        most=5,
        descending=True,
    ),
    RoundSetting(
        "sign_reminder_days",
        (3, 7),
        1,
        60,
        N_("Herinnering ondertekenen, dagen na het gesprek"),
        N_("Herinneringen om te ondertekenen, zoveel dagen na het gesprek (of het vervolggesprek)."),
        most=5,
    ),
    RoundSetting(
        "due_reminder_days",
        7,
        1,
        60,
        N_("Herinnering einddatum afspraak, dagen ervoor"),
        N_("Een herinnering zoveel dagen voor de einddatum van een afspraak."),
    ),
    RoundSetting(
        "review_reminder_days",
        2,
        1,
        30,
        N_("Herinnering voortgangsgesprek, dagen ervoor"),
        N_("Een herinnering zoveel dagen voor een voortgangsgesprek."),
    ),
    RoundSetting(
        "review_minutes",
        30,
        10,
        240,
        N_("Duur van een voortgangsgesprek (minuten)"),
        N_("Zo lang staat een voortgangsgesprek in de agenda."),
    ),
    # Not every invitation at signing (issue 19): each goes out this long before its review.
    RoundSetting(
        "review_invite_days_before",
        28,
        1,
        90,
        N_("Uitnodiging voortgangsgesprek, dagen ervoor"),
        N_("De agenda-uitnodiging voor een voortgangsgesprek gaat zoveel dagen voor het gesprek uit."),
    ),
    # Issue 20: one planning deadline a round. 14 leaves the 14 days' notice of seed 002: a
    # meeting planned on the deadline still fits in the period (shared/planning_deadline.py).
    RoundSetting(
        "plan_by_days_before_end",
        14,
        0,
        365,
        N_("Gesprekken gepland uiterlijk ... dagen voor het eind van de periode"),
        N_(
            "Zoveel dagen voor het eind van de periode moeten alle gesprekken gepland zijn. Daarna staat een POP "
            "zonder gesprek bij HR als achterstand."
        ),
    ),
    # Negative: before the deadline. Each a mail to every manager who still has to plan.
    RoundSetting(
        "planning_reminder_days",
        (-7, 0, 7),
        -60,
        60,
        N_("Herinnering plannen, dagen na de plandatum (met een min ervoor)"),
        N_(
            "Leidinggevenden die nog moeten plannen krijgen een herinnering, zoveel dagen na de plandatum. "
            "Een getal met een min ervoor: zoveel dagen voor de plandatum."
        ),
        most=5,
    ),
    # Seed 002's matrix: the manager rates potential and willingness, which suggests one of four
    # conversation types. Off: a round without ratings (a development round, issue 21).
    RoundSetting(
        "conversation_types",
        True,
        0,
        1,
        N_("Gespreksvormen en beoordeling"),
        N_(
            "Aan: de leidinggevende schat potentieel en ontwikkelbereidheid in, en krijgt een gespreksvorm "
            "voorgesteld. Uit: geen inschatting en geen gespreksvorm."
        ),
        switch=True,
    ),
)
SETTING = {setting.name: setting for setting in ROUND_SETTINGS}


def values_of(thing: Any, sequence: type = list) -> dict[str, Any]:
    """The settings a round (or anything with their attributes) holds, a list of days as `sequence`.

    Any: each setting has its own type (a number or a list); the dataclass they are passed
    to declares it field by field."""
    return {
        s.name: sequence(getattr(thing, s.name) or ()) if s.many else getattr(thing, s.name) for s in ROUND_SETTINGS
    }
