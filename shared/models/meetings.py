"""Meetings (the POP conversation, follow-ups, progress reviews) and their attendees."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.clock import utcnow
from shared.models.base import Base
from shared.models.people import Person

# The dashboard's count of invitations ahead that are declined or unanswered reads these
# partial indexes alone (migration 0017).
_NOT_CANCELLED = text("cancelled_at IS NULL")
_OPEN_ANSWER = text("partstat IN ('DECLINED', 'NEEDS-ACTION')")


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_ahead", "starts_at", postgresql_include=["pop_id", "id"],
                            postgresql_where=_NOT_CANCELLED, sqlite_where=_NOT_CANCELLED),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="conversation")  # or "review"
    # iCalendar identity: the UID never changes, SEQUENCE rises with every update.
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime] = mapped_column(index=True)  # the dashboard's next two weeks
    ends_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", order_by="Attendee.id", cascade="all, delete-orphan"
    )


class Attendee(Base):
    __tablename__ = "attendees"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),
                      Index("ix_attendees_open_answer", "meeting_id", postgresql_include=["partstat"],
                            postgresql_where=_OPEN_ANSWER, sqlite_where=_OPEN_ANSWER))

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(10))
    # iCalendar PARTSTAT: NEEDS-ACTION, ACCEPTED, TENTATIVE, DECLINED
    partstat: Mapped[str] = mapped_column(String(20), default="NEEDS-ACTION")
    answered_sequence: Mapped[int | None]
    answered_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship()
