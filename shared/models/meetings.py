"""Meetings (the POP conversation, follow-ups, progress reviews) and their attendees."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.clock import utcnow
from shared.models.base import Base
from shared.models.people import Person

# HR's round dashboard counts the meetings ahead with a declined or an unanswered invitation
# from one of these alone: a round's entries, by start (migration 0019).
_DECLINED = text("cancelled_at IS NULL AND someone_declined")
_UNANSWERED = text("cancelled_at IS NULL AND someone_unanswered")


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        Index(
            "ix_meetings_declined_ahead", "round_id", "starts_at", postgresql_where=_DECLINED, sqlite_where=_DECLINED
        ),
        Index(
            "ix_meetings_unanswered_ahead",
            "round_id",
            "starts_at",
            postgresql_where=_UNANSWERED,
            sqlite_where=_UNANSWERED,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"), index=True)
    # A copy of its POP's round_id (which never changes), for the round's indexes below.
    round_id: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(20), default="conversation")  # or "review"
    # iCalendar identity: the UID never changes, SEQUENCE rises with every update.
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime] = mapped_column(index=True)  # the dashboard's next two weeks
    ends_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The attendees' answers in short, for the dashboard's counts: kept by tally_answers.
    # A new invitation is unanswered by all.
    someone_declined: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    someone_unanswered: Mapped[bool] = mapped_column(default=True, server_default=text("true"))

    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", order_by="Attendee.id", cascade="all, delete-orphan"
    )

    def tally_answers(self) -> None:
        """After any change to an attendee's partstat: the two flags follow the answers."""
        answers = {attendee.partstat or "NEEDS-ACTION" for attendee in self.attendees}  # None: not flushed yet
        self.someone_declined = "DECLINED" in answers
        self.someone_unanswered = "NEEDS-ACTION" in answers


class Attendee(Base):
    __tablename__ = "attendees"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

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
