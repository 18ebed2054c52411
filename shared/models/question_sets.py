"""Question sets HR keeps in the database: a set has versions, a draft or published.

A draft changes freely; publishing gives it a key (s1, s2, ...) and from then on its
content never changes (intake/question_sets.py refuses it, and POPs keep the key in their
String(20) `question_set` columns, beside the shipped v1 and v2). The content is format 2
(shared/questionset_format.py) without version and name.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.clock import utcnow
from shared.models.base import Base


class StoredQuestionSet(Base):
    __tablename__ = "question_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(40), default="")  # "hr:3", "api:7", "cli"

    versions: Mapped[list[QuestionSetVersion]] = relationship(
        back_populates="question_set", order_by="QuestionSetVersion.id"
    )


class QuestionSetVersion(Base):
    __tablename__ = "question_set_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_sets.id"), index=True)
    # None while a draft; "s<number>" once published (unique: a key names one content forever).
    key: Mapped[str | None] = mapped_column(String(20), unique=True)
    number: Mapped[int | None] = mapped_column(unique=True)
    content: Mapped[dict] = mapped_column(JSON)
    copied_from: Mapped[str] = mapped_column(String(20), default="")  # the version a draft started from
    # Counts a draft's saves: an editor sends the one it loaded, so two tabs do not overwrite each other.
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(40), default="")
    published_at: Mapped[datetime | None]
    published_by: Mapped[str] = mapped_column(String(40), default="")

    question_set: Mapped[StoredQuestionSet] = relationship(back_populates="versions")


class DepartmentQuestionSet(Base):
    """The version a new round for this department alone gets unless HR picks another."""

    __tablename__ = "department_question_sets"

    department: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[str] = mapped_column(String(20))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    set_by: Mapped[str] = mapped_column(String(40), default="")


class PublishedVersionChanged(Exception):
    """Someone tried to write over a published version: a bug, never HR's input."""


_FIXED = ("content", "key", "number", "published_at", "set_id")


@event.listens_for(QuestionSetVersion, "before_update")
def _published_stays_as_it_is(_mapper, _connection, target: QuestionSetVersion) -> None:
    # The service refuses it first; this catches any other path (a script, a later view).
    history = inspect(target).attrs.published_at.history
    before = (history.deleted or history.unchanged or [None])[0]
    if before is not None and any(inspect(target).attrs[name].history.has_changes() for name in _FIXED):
        raise PublishedVersionChanged(f"question set version {target.key} is published and cannot change")


@event.listens_for(QuestionSetVersion, "before_delete")
def _published_stays(_mapper, _connection, target: QuestionSetVersion) -> None:
    if target.published_at is not None:
        raise PublishedVersionChanged(f"question set version {target.key} is published and cannot be deleted")
