"""People (employees and managers) and HR users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.clock import utcnow
from shared.models.base import Base


class Person(Base):
    __tablename__ = "people"
    # People are found by address whatever its case (intake/commands.find_person).
    # The list by name (intake/people_query.py); the trigram indexes of the search are
    # PostgreSQL-only and made by migration 0023 where pg_trgm can be had.
    __table_args__ = (Index("ix_people_email_lower", text("lower(email)")), Index("ix_people_name_id", "name", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    department: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    timezone: Mapped[str | None] = mapped_column(String(64))
    employee_number: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)
    # Raising it revokes every personal link handed out before.
    link_epoch: Mapped[int] = mapped_column(default=0)
    # Raising it replaces the calendar feed's URL only (its owner rotates it; migration 0015).
    feed_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    manager: Mapped[Person | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.email}>"


@event.listens_for(Person.email, "set")
def _new_address_ends_old_links(person: Person, value, old, _initiator) -> None:
    """Every personal link went to the old address, which may be someone else's now (a
    typo corrected, a shared mailbox left): a new address ends them all. On the ORM
    attribute, so that every way of changing an address (the import, the API, HR, the
    CLI) does it; a bulk UPDATE of emails must raise link_epoch itself."""
    if isinstance(old, str) and isinstance(value, str) and old.lower() != value.lower():
        person.link_epoch = (person.link_epoch or 0) + 1


class HrUser(Base):
    __tablename__ = "hr_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    # Failed logins in a row (raised by one UPDATE, so parallel attempts all count) and
    # until when a browser this user never logged in from must wait (intake/hr/login.py).
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    # Raising it ends every session and device mark of this user: logout, a new password, disable.
    session_epoch: Mapped[int] = mapped_column(default=0)
    # `popflow hr disable`: no login, no session, no API token works while set.
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
