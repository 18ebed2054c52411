"""The states of a POP and what people may do in each: the vocabulary every part shares.

Which transition happens when is decided only by workflow/machine.py; this module
just names the states, so intake (which accepts input) and workflow agree on them
without importing each other. Pure Python.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    PLANNING = "planning"  # POP exists, no meeting yet
    ANNOUNCEMENT = "announcement"  # Aankondiging: invited, preparing
    ALIGNMENT = "alignment"  # Afstemming: discussion points exchanged
    AGREEMENTS = "agreements"  # Afspraken: recording and signing the plan
    ACTION = "action"  # Actie: working on the plan, progress reviews
    COMPLETED = "completed"
    CANCELLED = "cancelled"


FINAL = frozenset({State.COMPLETED, State.CANCELLED})
OPEN = frozenset(State) - FINAL
# The steps people see, in order.
PHASES = (State.ANNOUNCEMENT, State.ALIGNMENT, State.AGREEMENTS, State.ACTION, State.COMPLETED)
# Before the meeting: preparations can be saved (a late one still reaches the other
# side) and the meeting can be moved.
BEFORE_MEETING = frozenset({State.PLANNING, State.ANNOUNCEMENT, State.ALIGNMENT})
# After the meeting, until both signed: the plan can be edited and signed.
PLAN_EDITABLE = frozenset({State.AGREEMENTS})
# From the exchange on, each side sees what the other shared.
POINTS_EXCHANGED = frozenset({State.ALIGNMENT, State.AGREEMENTS, State.ACTION, State.COMPLETED})


def plan_editable(state: str, conversation_started: bool) -> bool:
    """Agreements are typed in as they are made: from the conversation's start on (the POP is
    still in alignment until it ends), not only after it. Signing waits for its end."""
    return state in PLAN_EDITABLE or (state == State.ALIGNMENT and conversation_started)
