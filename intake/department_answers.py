"""The manager's doorstroom answers are about the department, not about one employee: a
manager preparing twenty conversations finds them filled in from the last preparation."""

from __future__ import annotations

from sqlalchemy import select

from shared.db import UnitOfWork
from shared.models import Person, Pop, Preparation

LOOK_BACK = 20  # the manager's latest preparations; an older one is not worth searching


def earlier_department_answers(uow: UnitOfWork, pop: Pop, question_ids: set[str]) -> tuple[dict, str] | None:
    """The answers to these questions from the manager's most recent other preparation that
    has any, with the name of whom it was for; None when there is none. Only what this
    manager wrote: a team taken over brings its former manager's preparations, not their text."""
    rows = uow.session.execute(
        select(Preparation.answers, Person.name)
        .join(Pop, Pop.id == Preparation.pop_id)
        .join(Person, Person.id == Pop.employee_id)
        .where(Preparation.author_id == pop.manager_id, Preparation.role == "manager", Preparation.pop_id != pop.id)
        .order_by(Preparation.updated_at.desc(), Preparation.id.desc())
        .limit(LOOK_BACK)
    )
    for answers, name in rows:
        found = {qid: answers[qid] for qid in question_ids if (answers.get(qid) or {}).get("text", "").strip()}
        if found:
            return found, name
    return None
