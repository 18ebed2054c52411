"""A POP's timeline as HR reads it: who did something and what the worker made of it.

The events keep the machine's own words (`actor` "person:12", `outcome` "advanced to
announcement → alignment", a transition's reason "meeting ended"): the API and the logs
show them as they are, and tests and queries match on them. A page says them in the
reader's language instead.
"""

from __future__ import annotations

from intake.i18n import N_, PHASE_LABELS, ROLE_LABELS, _, label
from shared.models import Event, Person, Pop

# workflow.machine's reasons for a transition, as it words them.
REASON_LABELS = {
    "meeting scheduled": N_("gesprek ingepland"),
    "both preparations submitted": N_("beide voorbereidingen klaar om te delen"),
    "meeting ended": N_("gesprek voorbij"),
    "both signed the same plan": N_("beiden hebben hetzelfde plan ondertekend"),
    "a new POP took over the open agreements": N_("een nieuwe POP heeft de open afspraken overgenomen"),
    "every agreement closed and the last review passed": N_(
        "alle afspraken afgerond en het laatste voortgangsgesprek voorbij"
    ),
    "cancelled": N_("geannuleerd"),
}
_NOT_PREPARED = "exchange deadline reached; not prepared: "


def reason_text(reason: str) -> str:
    if reason.startswith(_NOT_PREPARED):
        roles = reason[len(_NOT_PREPARED) :].split(", ")
        return _(
            "uitwisselmoment bereikt; niet voorbereid: {roles}",
            roles=", ".join(label(ROLE_LABELS, role) for role in roles),
        )
    return label(REASON_LABELS, reason)


def outcome_text(event: Event) -> str:
    """What the worker did with the event; facts it wrote itself have no outcome of their own."""
    if event.handled_at is None:
        return _("wacht op verwerking")
    outcome = event.outcome or ""
    if outcome.startswith("advanced to "):
        return _(
            "door naar {phases}",
            phases=" → ".join(label(PHASE_LABELS, state) for state in outcome[len("advanced to ") :].split(" → ")),
        )
    if outcome.startswith("no change: state is "):
        return _("geen wijziging, fase {phase}", phase=label(PHASE_LABELS, outcome.rpartition(" ")[2]))
    if outcome.startswith("ignored: state is "):  # an event that came after the POP had ended
        return _("genegeerd, fase {phase}", phase=label(PHASE_LABELS, outcome.rpartition(" ")[2]))
    return {"unknown POP": _("onbekende POP"), "no POP": _("geen POP")}.get(outcome, outcome)


def actor_text(actor: str, pop: Pop, people: dict[int, Person]) -> str:
    """ "person:12" as a name with their part in this POP; HR, API keys and popflow by kind."""
    kind, _sep, number = actor.partition(":")
    if kind == "system":
        return _("popflow (automatisch)")
    if kind == "hr":
        return _("HR")
    if kind == "api":
        return _("API-sleutel {n}", n=number)
    person_id = _person_id(actor)
    if person_id is not None:
        person = people.get(person_id)
        name = person.name if person is not None else _("persoon {n}", n=number)
        role = "employee" if person_id == pop.employee_id else "manager" if person_id == pop.manager_id else None
        return f"{name} ({label(ROLE_LABELS, role)})" if role else name
    return actor


def people_named(events: list[Event]) -> set[int]:
    """The ids of the people the events name as their actor."""
    return {person_id for person_id in map(_person_id, (event.actor for event in events)) if person_id is not None}


def _person_id(actor: str) -> int | None:
    """12 for "person:12"; None for HR, API keys, popflow itself and anything else."""
    kind, _sep, number = actor.partition(":")
    return int(number) if kind == "person" and number.isascii() and number.isdigit() else None
