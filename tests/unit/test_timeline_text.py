"""The HR timeline in words: every reason and outcome the worker writes has a Dutch text."""

import re
from datetime import UTC, datetime
from pathlib import Path

from intake.timeline_text import REASON_LABELS, actor_text, outcome_text, reason_text
from shared.models import Event, Person, Pop

MACHINE = Path(__file__).resolve().parents[2] / "workflow" / "machine.py"


def test_every_reason_the_machine_gives_has_a_dutch_text():
    reasons = set(re.findall(r'return "([^"]+)"', MACHINE.read_text(encoding="utf-8")))
    assert reasons, "no reasons found in workflow/machine.py"
    prefixed = {r for r in reasons if r.endswith(": ")}
    assert set(REASON_LABELS) == reasons - prefixed
    assert (
        reason_text("exchange deadline reached; not prepared: employee, manager")
        == "uitwisselmoment bereikt; niet voorbereid: medewerker, leidinggevende"
    )


def handled(outcome: str) -> Event:
    return Event(
        kind="preparation_submitted", actor="system", outcome=outcome, handled_at=datetime(2027, 3, 1, tzinfo=UTC)
    )


def test_the_workers_outcomes_read_as_dutch():
    assert outcome_text(handled("advanced to announcement → alignment")) == "door naar Aankondiging → Afstemming"
    assert outcome_text(handled("no change: state is alignment")) == "geen wijziging, fase Afstemming"
    assert outcome_text(handled("ignored: state is completed")) == "genegeerd, fase Afgerond"
    assert outcome_text(handled("unknown POP")) == "onbekende POP"
    assert outcome_text(handled("")) == ""  # a fact the worker wrote itself
    assert outcome_text(Event(kind="plan_signed", actor="system", outcome="")) == "wacht op verwerking"


def test_actors_by_name_and_part():
    pop = Pop(id=7, employee_id=1, manager_id=2)
    people = {
        1: Person(id=1, name="Jan Jansen"),
        2: Person(id=2, name="Marieke de Vries"),
        3: Person(id=3, name="Piet Pieters"),
    }
    assert actor_text("person:1", pop, people) == "Jan Jansen (medewerker)"
    assert actor_text("person:2", pop, people) == "Marieke de Vries (leidinggevende)"
    assert actor_text("person:3", pop, people) == "Piet Pieters"  # a former manager
    assert actor_text("person:9", pop, people) == "persoon 9"
    assert actor_text("hr:4", pop, people) == "HR"
    assert actor_text("system", pop, people) == "popflow (automatisch)"
    assert actor_text("api:2", pop, people) == "API-sleutel 2"
    assert actor_text("test", pop, people) == "test"
