"""Reading the question sets HR published (s1, s2, ...) for shared/questions.load_question_set.

A published version never changes, so once read it is kept for the life of the process:
one parsed set per key and database (per engine: every test has its own database, and a
truncated one starts again at s1). Only what a session read without writing question sets
itself is kept: such a row is committed; a key a transaction just made may still be rolled
back and then be given to another set.
"""

from __future__ import annotations

import weakref

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from shared.models import QuestionSetVersion
from shared.questions import QuestionSet, from_content

_PUBLISHED: weakref.WeakKeyDictionary[Engine, dict[str, QuestionSet]] = weakref.WeakKeyDictionary()
WROTE = "question_sets_written"  # in Session.info: this transaction published or imported a set


def mark_written(session: Session) -> None:
    session.info[WROTE] = True


def stored_question_set(session: Session, key: str) -> QuestionSet | None:
    """The published version `key`, or None when there is none (a draft has no key)."""
    engine = _engine(session)
    kept = _PUBLISHED.setdefault(engine, {})
    if key in kept:
        return kept[key]
    content = session.scalar(
        select(QuestionSetVersion.content).where(
            QuestionSetVersion.key == key, QuestionSetVersion.published_at.is_not(None)
        )
    )
    if content is None:
        return None
    found = from_content(content, key)
    if not session.info.get(WROTE):
        kept[key] = found
    return found


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine
