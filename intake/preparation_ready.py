"""'Ready to share' and its undo: a preparation marked ready (submitted_at set) goes back to
a draft while the points have not been exchanged yet.

Why a column and not a new workflow event: the machine is level-triggered and reads
`submitted_at` (Facts.prepared) under the POP's lock when it decides on the exchange, and
sharing reads it again when showing the points. So clearing it under the same lock, before
the exchange, is all an undo needs: the exchange, at its moment, finds the side not ready,
exactly as if it had never been. The undo is recorded as a fact for the audit trail; the
worker has nothing to do for it (fewer ready sides never makes a transition due).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from intake.commands import InputError, lock_for_edit, preparation_of
from shared.db import UnitOfWork
from shared.event_types import ByRole, EventKind
from shared.events import record_fact
from shared.models import Person, Pop, Preparation
from shared.pop_states import State

# Before the exchange. In alignment a preparation can still be made ready (it reaches the
# other side late), but the points are out then: no undo.
_UNDOABLE = frozenset({State.PLANNING, State.ANNOUNCEMENT})


def before_exchange(pop: Pop, now: datetime) -> bool:
    """The points are not exchanged yet, not even by the deadline the worker may not have
    acted on: a ready preparation can still go back to a draft."""
    return pop.state in _UNDOABLE and (pop.exchange_at is None or now < pop.exchange_at)


def reopen_preparation(uow: UnitOfWork, now: datetime, pop: Pop, person: Person) -> Preparation:
    """The person's ready preparation becomes a draft again. InputError when it is not
    ready, or the exchange has happened. `pop` must have been read after the lock."""
    lock_for_edit(uow, pop)
    role = pop.role_of(person.id)
    if role is None:
        raise InputError("not_yours")
    prep = preparation_of(uow, pop, role)
    if prep is None or prep.submitted_at is None:
        raise InputError("not_ready_yet")
    if not before_exchange(pop, now):
        raise InputError("already_exchanged")
    uow.session.execute(
        update(Preparation)
        .where(Preparation.id == prep.id)
        .values(submitted_at=None, updated_at=now, version=Preparation.version + 1)
        .execution_options(synchronize_session=False)
    )
    uow.session.expire(prep)
    record_fact(uow, now, pop.id, EventKind.PREPARATION_REOPENED, f"person:{person.id}", ByRole(role))
    return prep
