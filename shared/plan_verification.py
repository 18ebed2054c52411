"""Codes that let anyone check a signed plan, and the fingerprints of the PDFs issued for it.

The code is 120 random bits (secrets), in base32 without padding: not guessable, and it
says nothing about the POP or the person. One code per signed version of a plan, made the
first time its PDF is made; every PDF made of it is then remembered by its SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from shared.db import UnitOfWork
from shared.models import IssuedPlanPdf, PlanVerification

CODE_BYTES = 15  # 120 bits: 24 base32 characters
CODE_LENGTH = 24
_CODE = re.compile(r"[A-Z2-7]{24}")
_INSERT: dict[str, Callable[..., postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def shown(code: str) -> str:
    """'ABCD-EFGH-…': groups of four, easier to read aloud and to type over."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalised(typed: str) -> str | None:
    """The code as stored, from however it was typed (dashes, spaces, lower case); None if it cannot be one."""
    if len(typed) > 4 * CODE_LENGTH:
        return None
    code = re.sub(r"[\s-]", "", typed).upper()
    return code if _CODE.fullmatch(code) else None


def _insert(uow: UnitOfWork, table, values: dict, unique: list[str]) -> None:
    # ON CONFLICT DO NOTHING: two renderings at the same moment both end up with the one row.
    dialect = uow.session.get_bind().dialect.name
    uow.session.execute(_INSERT[dialect](table).values(**values).on_conflict_do_nothing(index_elements=unique))


def verification_for(uow: UnitOfWork, pop_id: int, content_hash: str, signed_at: datetime) -> PlanVerification:
    """The code of this signed version of the plan, made the first time it is asked for."""
    query = select(PlanVerification).where(
        PlanVerification.pop_id == pop_id, PlanVerification.content_hash == content_hash
    )
    found = uow.session.scalar(query)
    if found is None:
        values = {"code": new_code(), "pop_id": pop_id, "content_hash": content_hash, "signed_at": signed_at}
        _insert(uow, PlanVerification.__table__, values, ["pop_id", "content_hash"])
        found = uow.session.scalars(query).one()
    return found


def record_issued(uow: UnitOfWork, verification: PlanVerification, pdf: bytes) -> None:
    """Remember this PDF's fingerprint, so the file itself can be verified later."""
    digest = hashlib.sha256(pdf).hexdigest()
    _insert(uow, IssuedPlanPdf.__table__, {"sha256": digest, "verification_id": verification.id}, ["sha256"])


def by_code(uow: UnitOfWork, typed: str) -> PlanVerification | None:
    code = normalised(typed)
    if code is None:
        return None
    return uow.session.scalar(select(PlanVerification).where(PlanVerification.code == code))


def by_pdf(uow: UnitOfWork, pdf: bytes) -> PlanVerification | None:
    """The signed plan this exact file was issued for, or None: changed by even one byte."""
    digest = hashlib.sha256(pdf).hexdigest()
    return uow.session.scalar(select(PlanVerification).join(IssuedPlanPdf).where(IssuedPlanPdf.sha256 == digest))


def claimed_code(pdf: bytes) -> str | None:
    """The code a PDF says it carries (its metadata keywords, plain ASCII in the file), to tell
    'changed' from 'not a popflow plan' when its fingerprint matches nothing."""
    found = re.search(rb"popflow-verify:([A-Z2-7]{24})", pdf)
    return found.group(1).decode("ascii") if found else None
