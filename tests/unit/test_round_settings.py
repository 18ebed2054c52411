"""A round's settings are defined once (shared/round_settings.py): the machine, a new round,
HR's form, the API and its document all take their names, defaults and bounds from there."""

import dataclasses
import subprocess
import sys
import typing

from intake.api import replies
from intake.api.views import DOCUMENT
from intake.hr.forms import RoundForm
from intake.people_table import MESSAGES, ProblemCode
from intake.rounds import RoundInput
from shared.models import Round
from shared.round_settings import ROUND_SETTINGS
from workflow.machine import Settings

NAMES = [s.name for s in ROUND_SETTINGS]


def test_the_machine_and_a_new_round_start_from_the_same_defaults():
    machine, new = Settings(), RoundInput(name="R", meetings_from=None, meetings_until=None)
    for s in ROUND_SETTINGS:
        expected = list(s.default_days) if s.many else s.default
        assert getattr(machine, s.name) == (tuple(expected) if s.many else expected), s.name
        assert getattr(new, s.name) == expected, s.name
        column = Round.__table__.c[s.name].default.arg
        assert (column(None) if callable(column) else column) == expected, s.name


def _settings_fields(cls: type, others: list[str]) -> dict[str, dataclasses.Field]:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert [name for name in fields if name not in others] == NAMES, cls.__name__
    return fields


def test_the_written_out_fields_are_the_tables():
    """Settings, RoundInput and the API's Round write their settings' fields out (a type
    checker must see them): each holds every setting of the table and no other, with its type
    and default."""
    machine = _settings_fields(Settings, ["timezone"])
    new = _settings_fields(RoundInput, ["name", "meetings_from", "meetings_until", "departments", "question_set"])
    _settings_fields(
        replies.Round,
        ["id", "name", "departments", "meetings_from", "meetings_until"]
        + ["question_set", "created_at", "launched_at"],
    )
    types = {cls: typing.get_type_hints(cls) for cls in (Settings, RoundInput, replies.Round)}
    for s in ROUND_SETTINGS:
        one = bool if s.switch else int
        assert types[Settings][s.name] == (tuple[int, ...] if s.many else one), s.name
        assert types[RoundInput][s.name] == types[replies.Round][s.name] == (list[int] if s.many else one), s.name
        assert machine[s.name].default == s.default, s.name
        made = new[s.name].default_factory() if s.many else new[s.name].default
        assert made == (list(s.default) if s.many else s.default), s.name


def test_the_import_problem_codes_are_the_messages():
    """ProblemCode is written out (a type checker must see it): the codes of MESSAGES, sorted."""
    assert typing.get_args(ProblemCode) == tuple(sorted(MESSAGES))
    assert typing.get_type_hints(replies.ImportProblem)["code"] == ProblemCode


def test_every_setting_is_stored_asked_for_and_documented():
    document = DOCUMENT["components"]["schemas"]
    for s in ROUND_SETTINGS:
        assert s.name in Round.__table__.c and hasattr(RoundForm, s.name), s.name
        told = document["RoundInput"]["properties"][s.name]
        if s.switch:
            assert (told["type"], told["default"]) == ("boolean", s.default_on), s.name
            assert told["description"] and document["Round"]["properties"][s.name]["type"] == "boolean"
            continue
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
