"""One POP: an employee's development plan conversation in a round, and its preparations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.clock import utcnow
from shared.models.base import Base
from shared.models.people import Person
from shared.models.rounds import Round
from shared.questions import LATEST_VERSION

BEHIND_WHERE = "overdue <> '' OR state = 'planning'"  # ix_pops_behind: migration 0027


class Pop(Base):
    __tablename__ = "pops"
    # HR's round counts read this index alone, in its order: no join to people, no sort.
    # Who is behind (intake/manager_table.most_behind) reads only the POPs that can make a
    # manager behind: a small index, as most POPs are neither overdue nor unplanned.
    __table_args__ = (
        Index("ix_pops_round_counts", "round_id", "state", "overdue", "department"),
        Index(
            "ix_pops_behind",
            "round_id",
            "manager_id",
            "state",
            "overdue",
            postgresql_where=text(BEHIND_WHERE),
            sqlite_where=text(BEHIND_WHERE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    # Only the workflow worker writes this column.
    state: Mapped[str] = mapped_column(String(20), default="planning", index=True)
    state_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    question_set: Mapped[str] = mapped_column(String(20), default=LATEST_VERSION)
    # The next moment a time rule may apply; the tick looks only at POPs that are due.
    next_check_at: Mapped[datetime | None] = mapped_column(index=True)
    # Written by the worker for HR: when the points are exchanged at the latest (earlier
    # than T-7d means nothing; later means a compressed timeline), and what is overdue
    # ("preparation:employee,signature:manager").
    exchange_at: Mapped[datetime | None]
    overdue: Mapped[str] = mapped_column(String(100), default="", index=True)
    # The employee's department (people.department), copied so the round counts need no join:
    # set where a POP is made, rewritten by the people import when the department changes.
    department: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The desired development above the agreements (001: "loopbaanperspectief", "de gewenste
    # ontwikkeling beschrijven"; 004: "het overkoepelende ontwikkelingsdoel"): part of what is signed.
    plan_goal: Mapped[str] = mapped_column(Text, default="", server_default="")

    round: Mapped[Round] = relationship()
    employee: Mapped[Person] = relationship(foreign_keys=[employee_id])
    manager: Mapped[Person] = relationship(foreign_keys=[manager_id])

    def role_of(self, person_id: int) -> Literal["employee", "manager"] | None:
        if person_id == self.employee_id:
            return "employee"
        if person_id == self.manager_id:
            return "manager"
        return None

    def person_in(self, role: str) -> Person:
        return self.employee if role == "employee" else self.manager

    def person_id_in(self, role: str) -> int:
        """Who holds this role now: the only writer whose private text the role's pages show."""
        return self.employee_id if role == "employee" else self.manager_id


class Preparation(Base):
    """One side's preparation. answers: {question_id: {"text": str, "share": bool}}.

    It belongs to its writer (author_id), not to the role: after a manager change the new
    manager writes a preparation of their own, and the former one's stays theirs (migration 0015)."""

    __tablename__ = "preparations"
    __table_args__ = (UniqueConstraint("pop_id", "role", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    question_set: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Manager only: potential and willingness to develop, "low" or "high" (002's matrix).
    potential: Mapped[str | None] = mapped_column(String(4))
    willingness: Mapped[str | None] = mapped_column(String(4))
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised on every save; a form carries the version it was loaded with (no lost update).
    version: Mapped[int] = mapped_column(default=1)
    # Whom the shared points were shared with (the other side when saved, or when the
    # writer shared them again): consent is to a named person, not to a role (0016).
    shared_with_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class Evaluation(Base):
    """How the conversation went (004 step 8). answers: {question_id: text}. Its writer's, like a
    preparation."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("pop_id", "role", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    question_set: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The writer's choice: the other side may read it (004 step 8: feedback to act on).
    shared: Mapped[bool] = mapped_column(default=False, server_default="0")  # as migration 0013
