"""What an event row says: its kind (EventKind) and, for the kinds whose data has a shape,
a dataclass of that data.

The rows keep their columns: `kind` is the enum's string, `data` the JSON of the payload
(Payload.as_json), with the same keys as before the types were written, so old rows read
as new ones. A key that is a Python keyword ("from", "with") is spelled with a trailing
underscore in the field and without it in the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar, Self


class EventKind(StrEnum):
    # Events: the workflow handles them (shared.events.record_event).
    SUPERSEDED = "superseded"
    PREPARATION_SUBMITTED = "preparation_submitted"
    PLAN_CHANGED = "plan_changed"
    PLAN_SIGNED = "plan_signed"
    ROUND_CREATED = "round_created"
    ROUND_LAUNCHED = "round_launched"
    FOLLOWUP_PLANNED = "followup_planned"
    PROGRESS_RECORDED = "progress_recorded"
    CANCEL_REQUESTED = "cancel_requested"
    EMPLOYEE_LEFT = "employee_left"
    MEETING_SCHEDULED = "meeting_scheduled"
    MEETING_RESCHEDULED = "meeting_rescheduled"
    MEETING_ANSWERED = "meeting_answered"
    MANAGER_CHANGED = "manager_changed"  # also a fact, when the POP has followed the change
    AGENDA_UPDATED = "agenda_updated"
    # Facts: the audit trail only (shared.events.record_fact).
    STATE_CHANGED = "state_changed"
    POINTS_SHARED_AGAIN = "points_shared_again"
    PREPARATION_REOPENED = "preparation_reopened"  # 'ready to share' undone before the exchange
    LINKS_ENDED = "links_ended"  # the mail with the one link that works from now on
    MAIL_RESENT = "mail_resent"
    MAIL_REFUSED = "mail_refused"
    PERSON_ERASED = "person_erased"
    RETENTION_APPLIED = "retention_applied"  # private text blanked
    RETENTION_DELETED = "retention_deleted"  # a POP's content deleted
    RETENTION_RUN = "retention_run"
    PLANNING_REMINDED = "planning_reminded"  # HR sent the manager a reminder to plan this POP
    # HR's question sets (intake/question_sets.py): data names the set, the draft and the version.
    QUESTION_SET_DRAFTED = "question_set_drafted"
    QUESTION_SET_EDITED = "question_set_edited"
    QUESTION_SET_PUBLISHED = "question_set_published"
    QUESTION_SET_DISCARDED = "question_set_discarded"
    QUESTION_SET_DEFAULT = "question_set_default"  # a department's default version set or cleared
    MAIL_TEXT_CHANGED = "mail_text_changed"  # HR's own opening of a kind of mail (issue 21)
    ROUND_SETTINGS_CHANGED = "round_settings_changed"  # HR changed a round's settings or texts


@dataclass(frozen=True)
class Payload:
    """The data of one kind of event, written as the JSON object `data`."""

    kinds: ClassVar[tuple[EventKind, ...]] = ()  # the kinds that carry this payload

    def as_json(self) -> dict[str, Any]:
        return {f.name.rstrip("_"): getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(**{f.name: data[f.name.rstrip("_")] for f in fields(cls) if f.name.rstrip("_") in data})


@dataclass(frozen=True)
class Superseded(Payload):
    kinds = (EventKind.SUPERSEDED,)
    by: int  # the successor POP
    carried: int  # open agreements carried over into it


@dataclass(frozen=True)
class ByRole(Payload):
    kinds = (EventKind.PREPARATION_SUBMITTED, EventKind.PREPARATION_REOPENED, EventKind.LINKS_ENDED)
    role: str


@dataclass(frozen=True)
class PointsSharedAgain(Payload):
    kinds = (EventKind.POINTS_SHARED_AGAIN,)
    role: str
    with_: int  # the person who now sees them


@dataclass(frozen=True)
class PlanChanged(Payload):
    kinds = (EventKind.PLAN_CHANGED,)
    agreements: int
    hash: str | None


@dataclass(frozen=True)
class PlanSigned(Payload):
    kinds = (EventKind.PLAN_SIGNED,)
    role: str
    hash: str


@dataclass(frozen=True)
class FollowupPlanned(Payload):
    kinds = (EventKind.FOLLOWUP_PLANNED,)
    meeting_id: int
    start: str  # ISO 8601, UTC
    minutes: int


@dataclass(frozen=True)
class ProgressRecorded(Payload):
    kinds = (EventKind.PROGRESS_RECORDED,)
    changed: int  # agreements whose status or note changed


@dataclass(frozen=True)
class CancelRequested(Payload):
    kinds = (EventKind.CANCEL_REQUESTED,)
    reason: str = ""


@dataclass(frozen=True)
class MailHandled(Payload):
    """HR resent a failed mail, or it was refused (the recipient left the POP)."""

    kinds = (EventKind.MAIL_RESENT, EventKind.MAIL_REFUSED)
    outbox_id: int
    kind: str  # the mail's
    recipient_id: int
    error: str | None  # the last failure, as the outbox row had it


@dataclass(frozen=True)
class MeetingScheduled(Payload):
    """A manager planned the conversation (or planned it again from the planning page)."""

    kinds = (EventKind.MEETING_SCHEDULED, EventKind.MEETING_RESCHEDULED)
    meeting_id: int
    start: str  # ISO 8601, UTC
    minutes: int
    location: str
    sequence: int


@dataclass(frozen=True)
class MeetingMoved(Payload):
    """One meeting, of any kind, moved to another time or place."""

    kinds = (EventKind.MEETING_RESCHEDULED,)
    meeting_id: int
    kind: str  # the meeting's
    start: str  # ISO 8601, UTC
    minutes: int
    location: str
    sequence: int


@dataclass(frozen=True)
class MeetingAnswered(Payload):
    kinds = (EventKind.MEETING_ANSWERED,)
    meeting_id: int
    kind: str  # the meeting's
    sequence: int
    partstat: str
    via: str  # "calendar" or "link"
    name: str  # the attendee's, as it was then


@dataclass(frozen=True)
class ManagerImported(Payload):
    """The import gave the employee another manager; the POP follows (ManagerFollowed)."""

    kinds = (EventKind.MANAGER_CHANGED,)
    manager_id: int


@dataclass(frozen=True)
class ManagerFollowed(Payload):
    kinds = (EventKind.MANAGER_CHANGED,)
    from_: int
    to: int


@dataclass(frozen=True)
class AgendaUpdated(Payload):
    kinds = (EventKind.AGENDA_UPDATED,)
    role: str
    points: int
    joint: int


@dataclass(frozen=True)
class StateChanged(Payload):
    kinds = (EventKind.STATE_CHANGED,)
    from_: str
    to: str
    reason: str
