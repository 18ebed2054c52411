"""Typed events: the rows they write read as the rows written before the types (same kind
strings, same JSON keys), and a payload cannot be recorded under a kind it does not belong to."""

import pytest

from shared.event_types import EventKind, ManagerFollowed, MeetingMoved, PlanSigned, PointsSharedAgain, StateChanged
from shared.events import _columns


def test_a_transition_is_stored_with_the_keys_the_timeline_reads():
    kind, data = _columns(EventKind.STATE_CHANGED, StateChanged(from_="planning", to="announcement", reason="x"))
    assert (kind, data) == ("state_changed", {"from": "planning", "to": "announcement", "reason": "x"})
    assert type(kind) is str  # a plain string in the column, whatever the driver does with enums


def test_keyword_keys_lose_their_underscore_both_ways():
    assert PointsSharedAgain(role="employee", with_=7).as_json() == {"role": "employee", "with": 7}
    assert ManagerFollowed.from_json({"from": 1, "to": 2}) == ManagerFollowed(from_=1, to=2)


def test_an_old_row_reads_as_its_payload():
    old = {
        "meeting_id": 3,
        "kind": "review",
        "start": "2026-01-05T09:00:00+00:00",
        "minutes": 30,
        "location": "",
        "sequence": 2,
    }
    assert MeetingMoved.from_json(old).as_json() == old


def test_a_payload_under_another_kind_is_refused():
    with pytest.raises(ValueError):
        _columns(EventKind.PREPARATION_SUBMITTED, PlanSigned(role="manager", hash="abc"))


def test_a_kind_that_is_not_one_is_refused_and_a_known_string_is_accepted():
    with pytest.raises(ValueError):
        _columns("plan_singed", None)
    assert _columns("round_created", {"round_id": 1}) == ("round_created", {"round_id": 1})
