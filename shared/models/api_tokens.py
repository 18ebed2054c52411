"""HR API tokens: a script acts for an HR user with a bearer token; only its SHA-256 is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.clock import utcnow
from shared.models.base import Base
from shared.models.people import HrUser


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    hr_user_id: Mapped[int] = mapped_column(ForeignKey("hr_users.id"), index=True)
    # What the token is for ("salarisadministratie-sync"), shown in `popflow hr token list`.
    name: Mapped[str] = mapped_column(String(100))
    # sha256 hex of the secret; the secret itself is shown once, when the token is made.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Written at most once a minute, so a busy script does not write on every request.
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # A token stops working at this moment (API_TOKEN_DAYS after it was made); None: tokens
    # made before expiry existed, until `popflow hr token revoke`.
    expires_at: Mapped[datetime | None]

    hr_user: Mapped[HrUser] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.name}>"
