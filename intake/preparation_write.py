"""A save of a preparation draft in one statement: the version-checked UPDATE is its own
read (decision 16).

The caller holds the POP's lock, so every save of this POP that came before has committed,
and the UPDATE, a statement begun after the lock, sees its result. The UPDATE changes the
row only while it is a draft of the question set the form showed and, when the form carried
a version, still that version; when it changes nothing the caller takes the way that reads
the preparation first (commands.record_preparation), which tells a first save, a conflict
and a preparation already sent in apart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, update

from intake.commands import lock_for_edit, preparation_values
from intake.personal.link_query import LinkedPerson, LockedPop
from shared.db import UnitOfWork
from shared.models import Person, Pop, Preparation
from shared.pop_states import BEFORE_MEETING

_TABLE = Preparation.__table__
_VALUES = ("answers", "potential", "willingness", "updated_at", "submitted_at", "shared_with_id")
_DRAFT_UPDATE = (
    update(_TABLE)
    .where(
        _TABLE.c.pop_id == bindparam("of_pop_id"),
        _TABLE.c.role == bindparam("of_role"),
        _TABLE.c.author_id == bindparam("of_author_id"),
        _TABLE.c.question_set == bindparam("of_question_set"),
        _TABLE.c.submitted_at.is_(None),
    )
    .values({_TABLE.c.version: _TABLE.c.version + 1, **{name: bindparam(f"new_{name}") for name in _VALUES}})
    .returning(_TABLE.c.version)  # the form's next version, for a save in the background
)
# Built once, like the save's other statements: building one costs about as much as running it.
_DRAFT_UPDATE_OF_VERSION = _DRAFT_UPDATE.where(_TABLE.c.version == bindparam("seen"))


def save_draft_if_current(
    uow: UnitOfWork,
    now: datetime,
    pop: Pop | LockedPop,
    person: Person | LinkedPerson,
    *,
    answers: dict,
    potential: str | None,
    willingness: str | None,
    loaded_version: int | None,
) -> int | None:
    """record_preparation's draft save, when the saved preparation is a draft of the POP's
    question set (of loaded_version, if given): the version written; None when nothing was."""
    lock_for_edit(uow, pop)  # no statement when the link query took the lock
    role = pop.role_of(person.id)
    if role is None or pop.state not in BEFORE_MEETING:
        return None
    other_id = pop.person_id_in("manager" if role == "employee" else "employee")
    values = preparation_values(now, role, other_id, answers, potential, willingness, submit=False)
    params = {
        "of_pop_id": pop.id,
        "of_role": role,
        "of_author_id": person.id,
        "of_question_set": pop.question_set,
        **{f"new_{name}": values[name] for name in _VALUES},
    }
    # The session's connection, in its transaction: a table's UPDATE needs none of the ORM.
    connection = uow.session.connection()
    if loaded_version is None:
        result = connection.execute(_DRAFT_UPDATE, params)
    else:
        result = connection.execute(_DRAFT_UPDATE_OF_VERSION, {**params, "seen": loaded_version})
    return result.scalar_one_or_none()
