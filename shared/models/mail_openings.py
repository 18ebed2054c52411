"""HR's own opening paragraph of a kind of mail, in one language (organisation-wide)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base


class MailOpening(Base):
    """No row: the system's own first paragraph. One row per kind, audience and language."""

    __tablename__ = "mail_openings"
    __table_args__ = (UniqueConstraint("kind", "audience", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # "employee" or "manager" where the kind's first paragraph differs by role; else "".
    audience: Mapped[str] = mapped_column(String(10), default="")
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(60))
