"""What an outbox row's data says about its mail, typed (the workflow writes it as JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.models import OutboxMail


@dataclass(frozen=True)
class MailPayload:
    meeting_id: int | None = None  # the meeting the mail is about (else the POP's conversation)
    sequence: int | None = None  # the meeting's SEQUENCE when queued: a newer one supersedes it
    exchange_at: datetime | None = None  # the exchange deadline the workflow decided, else the POP's
    agreement_id: int | None = None  # due reminders
    number: int = 0  # which review or follow-up
    reason: str = ""  # cancellations: free text, or a code (compose.REASONS)
    former_manager: bool = False  # a CANCEL to a manager no longer on the meeting
    round_id: int | None = None  # a round's launch (schedule_request)

    @classmethod
    def of(cls, mail: OutboxMail) -> MailPayload:
        data = mail.data
        exchange_at = data.get("exchange_at")
        return cls(
            meeting_id=data.get("meeting_id") or None,
            sequence=data.get("sequence"),
            exchange_at=datetime.fromisoformat(exchange_at) if exchange_at else None,
            agreement_id=data["agreement_id"] if "agreement_id" in data else None,
            number=data.get("number", 0),
            reason=data.get("reason", ""),
            former_manager=bool(data.get("former_manager")),
            round_id=data.get("round_id"),
        )
