"""What lets anyone check a signed plan PDF without seeing what is in it.

A PlanVerification is one signed version of a POP's plan (its content hash) with a random
code for the public page /verify/<code>; an IssuedPlanPdf is the SHA-256 of every PDF of
that version popflow handed out (a rendering differs per language and time zone, and as
agreements are done), so `popflow plan verify FILE.pdf` can tell an issued copy from a
changed one. Neither holds a name or a text: the page may show them to anyone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.clock import utcnow
from shared.models.base import Base


class PlanVerification(Base):
    __tablename__ = "plan_verifications"
    __table_args__ = (UniqueConstraint("pop_id", "content_hash"),)  # one code per signed version

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # random: says nothing of the POP
    pop_id: Mapped[int] = mapped_column(ForeignKey("pops.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime]  # when the second of the two signed this content
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IssuedPlanPdf(Base):
    __tablename__ = "issued_plan_pdfs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    verification_id: Mapped[int] = mapped_column(ForeignKey("plan_verifications.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
