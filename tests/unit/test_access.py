"""The access rules as one table: every role × every action × their own POP or someone else's."""

from __future__ import annotations

import itertools

import pytest

from shared.access import ACTIONS, ANONYMOUS, PopFacts, Viewer, can, role_in, visible_answers
from shared.pop_states import POINTS_EXCHANGED, State

EMPLOYEE, MANAGER, OTHER_EMPLOYEE, OTHER_MANAGER, HR_USER = 10, 20, 11, 21, 1
# A state in which every state condition holds, so the table shows the role rules alone
# (plan_signed while still in agreements: the moment between the second signature and
# the worker moving the POP on).
OWN = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=MANAGER, state="agreements", plan_signed=True)
OTHER = PopFacts(pop_id=2, employee_id=OTHER_EMPLOYEE, manager_id=OTHER_MANAGER, state="agreements", plan_signed=True)
VIEWERS = {
    "emp": Viewer("employee", EMPLOYEE),
    "mgr": Viewer("manager", MANAGER),
    "hr": Viewer("hr", HR_USER),
    "anon": ANONYMOUS,
}

# Y: allowed, .: denied. "own" is the POP the person takes part in (for HR: any POP);
# "other" is a POP of another team: employee 11 with manager 21.
MATRIX = """
action                          emp:own emp:other mgr:own mgr:other hr:own hr:other anon:own anon:other
view_pop                        Y       .         Y       .         Y      Y        .        .
view_own_preparation            Y       .         Y       .         .      .        .        .
view_shared_points              Y       .         Y       .         .      .        .        .
view_private_answers_of_other   .       .         .       .         .      .        .        .
view_agenda                     Y       .         Y       .         .      .        .        .
view_agreements                 Y       .         Y       .         Y      Y        .        .
edit_plan                       Y       .         Y       .         .      .        .        .
sign                            Y       .         Y       .         .      .        .        .
view_timeline                   Y       .         Y       .         Y      Y        .        .
download_plan_pdf               Y       .         Y       .         Y      Y        .        .
cancel                          .       .         Y       .         Y      Y        .        .
view_own_evaluation             Y       .         Y       .         .      .        .        .
view_shared_evaluation_of_other Y       .         Y       .         .      .        .        .
"""


def _cases():
    header, *rows = [line.split() for line in MATRIX.strip().splitlines()]
    for action, *marks in rows:
        for column, mark in zip(header[1:], marks, strict=True):
            who, which = column.split(":")
            yield pytest.param(action, who, which, mark == "Y", id=f"{action}-{column}")


def test_the_table_covers_every_action():
    assert {line.split()[0] for line in MATRIX.strip().splitlines()[1:]} == set(ACTIONS)


@pytest.mark.parametrize(("action", "who", "which", "allowed"), list(_cases()))
def test_matrix(action, who, which, allowed):
    assert can(VIEWERS[who], action, OWN if which == "own" else OTHER) is allowed


@pytest.mark.parametrize("state", [s.value for s in State])
@pytest.mark.parametrize("action", ACTIONS)
def test_a_manager_of_another_team_and_a_stranger_see_nothing(action, state):
    pop = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=MANAGER, state=state, plan_signed=True)
    for stranger in (
        Viewer("manager", OTHER_MANAGER),
        Viewer("employee", OTHER_EMPLOYEE),
        ANONYMOUS,
        Viewer("employee", None),
        Viewer("manager", None),
    ):
        assert not can(stranger, action, pop)


def test_the_role_comes_from_the_pop_and_the_kind_only_limits_it():
    # A manager in their own POP (with their own manager) is its employee.
    assert role_in(Viewer("manager", EMPLOYEE), OWN) == "employee"
    # Someone who comes in as an employee never gets the manager's rights.
    assert role_in(Viewer("employee", MANAGER), OWN) is None
    assert not can(Viewer("employee", MANAGER), "view_pop", OWN)


@pytest.mark.parametrize(
    ("action", "state", "signed", "allowed"),
    [
        ("view_shared_points", "planning", False, False),
        ("view_shared_points", "announcement", False, False),  # before the exchange: nothing
        ("view_shared_points", "alignment", False, True),
        ("view_shared_points", "completed", False, True),
        ("view_shared_points", "cancelled", False, False),
        ("edit_plan", "alignment", False, False),
        ("edit_plan", "agreements", False, True),
        ("edit_plan", "action", False, False),
        ("sign", "action", True, False),
        ("download_plan_pdf", "action", False, False),
        ("download_plan_pdf", "action", True, True),
        ("cancel", "action", False, True),
        ("cancel", "completed", False, False),
    ],
)
def test_what_the_state_allows(action, state, signed, allowed):
    pop = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=MANAGER, state=state, plan_signed=signed)
    assert can(VIEWERS["emp"], action, pop) is (allowed and action != "cancel")  # cancelling is the manager's
    assert can(VIEWERS["mgr"], action, pop) is allowed


def test_an_unknown_action_is_an_error_not_a_silent_no():
    with pytest.raises(ValueError):
        can(VIEWERS["hr"], "view_evrything", OWN)


ANSWERS = {
    "employee": {
        "strengths": {"text": "EMP-PRIVATE", "share": False},
        "enjoy_most": {"text": "EMP-SHARED", "share": True},
    },
    "manager": {
        "growth_options": {"text": "MGR-PRIVATE", "share": False},
        "competence_profile_fit": {"text": "MGR-SHARED", "share": True},
    },
}
PRIVATE = {"employee": "EMP-PRIVATE", "manager": "MGR-PRIVATE"}
SHARED = {"employee": "EMP-SHARED", "manager": "MGR-SHARED"}
ALL_VIEWERS = [
    *VIEWERS.values(),
    Viewer("manager", OTHER_MANAGER),
    Viewer("employee", OTHER_EMPLOYEE),
    Viewer("manager", EMPLOYEE),
]


@pytest.mark.parametrize("state", [s.value for s in State])
def test_nobody_reads_another_persons_private_answers(state):
    pop = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=MANAGER, state=state)
    for viewer, side, submitted in itertools.product(ALL_VIEWERS, ("employee", "manager"), (True, False)):
        seen = set(visible_answers(viewer, pop, side, ANSWERS[side], submitted).values())
        if role_in(viewer, pop) != side:
            assert PRIVATE[side] not in seen, (viewer, side, state)
        else:  # their own preparation: all of it
            assert seen == {PRIVATE[side], SHARED[side]}


@pytest.mark.parametrize("state", [s.value for s in State])
def test_hr_reads_no_preparation_text_at_all(state):
    pop = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=MANAGER, state=state, plan_signed=True)
    for side, submitted in itertools.product(("employee", "manager"), (True, False)):
        assert visible_answers(VIEWERS["hr"], pop, side, ANSWERS[side], submitted) == {}


@pytest.mark.parametrize("state", [s.value for s in State])
def test_shared_points_reach_the_other_side_only_after_the_exchange(state):
    pop = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=MANAGER, state=state)
    exchanged = state in POINTS_EXCHANGED
    seen = visible_answers(VIEWERS["emp"], pop, "manager", ANSWERS["manager"], submitted=True, shared_with=EMPLOYEE)
    assert seen == ({"competence_profile_fit": "MGR-SHARED"} if exchanged else {})
    seen = visible_answers(VIEWERS["mgr"], pop, "employee", ANSWERS["employee"], submitted=True, shared_with=MANAGER)
    assert seen == ({"enjoy_most": "EMP-SHARED"} if exchanged else {})
    # A draft never submitted is not shared, whatever its boxes say.
    assert (
        visible_answers(VIEWERS["mgr"], pop, "employee", ANSWERS["employee"], submitted=False, shared_with=MANAGER)
        == {}
    )


@pytest.mark.parametrize("state", sorted(POINTS_EXCHANGED))
def test_shared_points_reach_only_the_person_they_were_shared_with(state):
    """Consent names a person: after a manager change the new manager reads nothing the
    employee shared with the former one, until the employee shares it with him."""
    pop = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=OTHER_MANAGER, state=state)
    shared_with_former = visible_answers(
        Viewer("manager", OTHER_MANAGER), pop, "employee", ANSWERS["employee"], submitted=True, shared_with=MANAGER
    )
    assert shared_with_former == {}
    assert visible_answers(
        Viewer("manager", OTHER_MANAGER),
        pop,
        "employee",
        ANSWERS["employee"],
        submitted=True,
        shared_with=OTHER_MANAGER,
    ) == {"enjoy_most": "EMP-SHARED"}


@pytest.mark.parametrize(("state", "started", "editable"), [
    ("announcement", True, False),  # not exchanged yet: the worker moves it on first
    ("alignment", False, False),
    ("alignment", True, True),  # during the conversation: typed in as agreed
    ("agreements", False, True),
    ("action", True, False),
])  # fmt: skip
def test_the_plan_is_written_from_the_conversations_start_and_signed_after_it(state, started, editable):
    pop = PopFacts(pop_id=1, employee_id=EMPLOYEE, manager_id=MANAGER, state=state, conversation_started=started)
    assert can(VIEWERS["emp"], "edit_plan", pop) is editable
    assert can(VIEWERS["emp"], "sign", pop) is (state == "agreements")
