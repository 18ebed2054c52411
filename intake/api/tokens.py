"""HR API tokens: make one (the secret is shown once), check one, list and revoke them.

No Flask here: the API's views and `popflow hr token ...` call these with a unit of
work and commit at their edge. Only the SHA-256 of a secret is stored, so a copy of
the database hands out no working token.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select

from shared.db import UnitOfWork
from shared.models import ApiToken, HrUser

NAME_MAX = 100
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL: 4 bytes)
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often
MAX_VALID_DAYS = 2 * 366  # a token for a script is renewed at least every two years


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def find_hr_user(uow: UnitOfWork, email: str) -> HrUser | None:
    return uow.session.scalar(select(HrUser).where(func.lower(HrUser.email) == email.strip().lower()))


def create_token(
    uow: UnitOfWork, now: datetime, hr_user: HrUser, name: str, valid_days: int = 365
) -> tuple[ApiToken, str]:
    """A new token for this HR user, working valid_days: the row, and the secret (not stored; show it once)."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ValueError(f"a token needs a name of 1 to {NAME_MAX} characters")
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValueError(f"a token works 1 to {MAX_VALID_DAYS} days")
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        hr_user_id=hr_user.id,
        name=name,
        token_hash=hash_secret(secret),
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
    )
    uow.session.add(token)
    uow.session.flush()
    return token, secret


def authenticate(uow: UnitOfWork, now: datetime, secret: str) -> ApiToken | None:
    """The live token with this secret, or None (unknown, revoked, expired, or its HR user
    disabled). Marks it used, once a minute at most."""
    if not secret or len(secret) > 200:
        return None
    token = uow.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or token.revoked_at is not None or token.hr_user.disabled_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        token.last_used_at = now
        uow.session.flush()
    return token


def list_tokens(uow: UnitOfWork) -> list[ApiToken]:
    return list(uow.session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(uow: UnitOfWork, now: datetime, token_id: int) -> ApiToken | None:
    """Revoke it (again is fine: the first moment stays); None if there is no such token."""
    token = uow.session.get(ApiToken, token_id) if 0 < token_id <= MAX_ID else None
    if token is not None and token.revoked_at is None:
        token.revoked_at = now
        uow.session.flush()
    return token


def token_json(token: ApiToken) -> dict:
    def iso(moment):
        return moment.isoformat() if moment else None

    return {
        "id": token.id,
        "name": token.name,
        "hr_user": token.hr_user.email,
        "created_at": iso(token.created_at),
        "last_used_at": iso(token.last_used_at),
        "revoked_at": iso(token.revoked_at),
        "expires_at": iso(token.expires_at),
    }
