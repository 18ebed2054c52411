"""The "what now" of a POP's overview: whose move it is, in every phase."""

from shared.next_step import Step, next_step


def step(state, role="employee", prepared=False, has_agreements=False, signed_by_me=False):
    return next_step(state, role, prepared=prepared, has_agreements=has_agreements, signed_by_me=signed_by_me)


def test_before_the_meeting_the_manager_plans_and_both_prepare():
    assert step("planning", "manager") == Step.SCHEDULE
    assert step("planning", "employee") == Step.WAIT_FOR_SCHEDULE
    assert step("announcement") == Step.PREPARE
    assert step("announcement", prepared=True) == Step.PREPARED
    assert step("alignment") == Step.PREPARE  # late, but still worth sending before the meeting
    assert step("alignment", "manager", prepared=True) == Step.PREPARED


def test_after_the_meeting_record_then_sign_then_wait_for_the_other():
    assert step("agreements") == Step.RECORD_AGREEMENTS
    assert step("agreements", has_agreements=True) == Step.SIGN
    assert step("agreements", "manager", has_agreements=True, signed_by_me=True) == Step.WAIT_FOR_SIGNATURE


def test_then_work_on_the_plan_until_it_ends():
    assert step("action", has_agreements=True, signed_by_me=True) == Step.WORK_ON_PLAN
    assert step("completed") == Step.FINISHED and step("cancelled", "manager") == Step.FINISHED


def test_hr_sees_whose_move_it_is():
    from shared.next_step import whose_move

    def move(state, prepared=(), has_agreements=False, signed=()):
        return whose_move(state, prepared=set(prepared), has_agreements=has_agreements, signed=set(signed))

    assert move("planning") == {"manager": Step.SCHEDULE}
    assert move("announcement", prepared={"manager"}) == {"employee": Step.PREPARE}
    assert move("alignment", prepared={"employee", "manager"}) == {}  # both wait for the meeting
    assert move("agreements") == {"employee": Step.RECORD_AGREEMENTS, "manager": Step.RECORD_AGREEMENTS}
    assert move("agreements", has_agreements=True, signed={"employee"}) == {"manager": Step.SIGN}
    assert move("cancelled") == {}
