"""A round's settings are defined once (shared/round_settings.py): the machine, a new round,
HR's form, the API and its document all take their names, defaults and bounds from there."""

import subprocess
import sys

from intake.api.views import DOCUMENT
from intake.hr.forms import RoundForm
from intake.rounds import RoundInput
from shared.models import Round
from shared.round_settings import ROUND_SETTINGS
from workflow.machine import Settings

NAMES = [s.name for s in ROUND_SETTINGS]


def test_the_machine_and_a_new_round_start_from_the_same_defaults():
    machine, new = Settings(), RoundInput(name="R", meetings_from=None, meetings_until=None)
    for s in ROUND_SETTINGS:
        expected = list(s.default) if s.many else s.default
        assert getattr(machine, s.name) == (tuple(expected) if s.many else expected), s.name
        assert getattr(new, s.name) == expected, s.name
        column = Round.__table__.c[s.name].default.arg
        assert (column(None) if callable(column) else column) == expected, s.name


def test_every_setting_is_stored_asked_for_and_documented():
    document = DOCUMENT["components"]["schemas"]
    for s in ROUND_SETTINGS:
        assert s.name in Round.__table__.c and hasattr(RoundForm, s.name), s.name
        told = document["RoundInput"]["properties"][s.name]
        number = told["items"] if s.many else told
        assert (number["minimum"], number["maximum"]) == (s.low, s.high), s.name
        assert told["description"] and s.name in document["Round"]["properties"]


def test_the_machine_reads_the_settings_without_the_web_app():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, workflow.machine; print(sorted({m.split('.')[0] for m in sys.modules} & {'intake', 'flask'}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "[]"
