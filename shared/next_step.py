"""What someone opening their POP should do now: one sentence and, where there is one, a button;
and, for HR, whose move it is.

The overview lists everything (meetings, preparation, agenda, plan, signatures); this
picks the one thing that is theirs to do, or says whom they are waiting for, so that a
person who follows a link weeks later does not have to read the page to find it.
"""

from __future__ import annotations

from enum import StrEnum

from shared.pop_states import State


class Step(StrEnum):
    SCHEDULE = "schedule"  # manager: plan the conversation
    WAIT_FOR_SCHEDULE = "wait_for_schedule"  # employee: the manager plans it
    PREPARE = "prepare"  # answer the questions before the exchange
    PREPARED = "prepared"  # in, waiting for the exchange or the meeting
    RECORD_AGREEMENTS = "record_agreements"  # after the meeting, nothing recorded yet
    SIGN = "sign"  # a plan this person has not signed
    WAIT_FOR_SIGNATURE = "wait_for_signature"  # signed; the other has not
    WORK_ON_PLAN = "work_on_plan"  # action: keep the progress up to date
    FINISHED = "finished"  # completed or cancelled


def next_step(state: str, role: str, *, prepared: bool, has_agreements: bool, signed_by_me: bool) -> Step:
    """state: the POP's; role: "employee" or "manager"; prepared: this person's preparation
    is submitted; signed_by_me: this person signed the plan as it is now."""
    if state in (State.COMPLETED, State.CANCELLED):
        return Step.FINISHED
    if state == State.PLANNING:
        return Step.SCHEDULE if role == "manager" else Step.WAIT_FOR_SCHEDULE
    if state in (State.ANNOUNCEMENT, State.ALIGNMENT):
        return Step.PREPARED if prepared else Step.PREPARE
    if state == State.AGREEMENTS:
        if not has_agreements:
            return Step.RECORD_AGREEMENTS
        return Step.WAIT_FOR_SIGNATURE if signed_by_me else Step.SIGN
    return Step.WORK_ON_PLAN


# The steps that ask something of the person (the others wait for someone else).
TO_DO = frozenset({Step.SCHEDULE, Step.PREPARE, Step.RECORD_AGREEMENTS, Step.SIGN, Step.WORK_ON_PLAN})


def whose_move(state: str, *, prepared: set[str], has_agreements: bool, signed: set[str]) -> dict[str, Step]:
    """For HR: each side ("employee", "manager") with something to do now, and what."""
    found = {}
    for role in ("employee", "manager"):
        step = next_step(
            state, role, prepared=role in prepared, has_agreements=has_agreements, signed_by_me=role in signed
        )
        if step in TO_DO:
            found[role] = step
    return found
