"""Recording whether someone comes to a meeting: from a calendar program's iTIP REPLY
(read by the inbound listener or the IMAP poller) or from the answer links in the e-mail.

One function for both ways in, on a UnitOfWork: it flushes, the caller commits, and the
event it records makes the workflow look again (a decline of the employee asks the
manager for another time: workflow/entry.py). It is idempotent and order-proof: a reply
for an older SEQUENCE, or one stamped before the answer already recorded for this
SEQUENCE, changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from shared.db import UnitOfWork
from shared.event_types import EventKind, MeetingAnswered
from shared.events import record_event
from shared.models import Attendee, Meeting

log = logging.getLogger(__name__)

PARTSTATS = ("ACCEPTED", "TENTATIVE", "DECLINED")


@dataclass(frozen=True)
class Answer:
    uid: str
    sequence: int
    attendee: str  # the ATTENDEE address that answers
    partstat: str  # ACCEPTED, TENTATIVE or DECLINED
    stamp: datetime  # when the person answered (the reply's DTSTAMP, at most its arrival)
    via: str = "calendar"  # or "link"
    sender: str | None = None  # the e-mail's From address, for replies by mail


def record_answer(uow: UnitOfWork, now: datetime, answer: Answer) -> str:
    """Returns the outcome: 'recorded', 'unchanged', or why the answer was ignored."""
    partstat = answer.partstat.upper()
    meeting = uow.session.scalar(select(Meeting).where(Meeting.uid == answer.uid))
    outcome = _check(meeting, answer, partstat)
    attendee = _attendee(meeting, answer.attendee) if meeting is not None else None
    if outcome or meeting is None or attendee is None:  # _check names either: unknown_meeting, not_attendee
        log.info(
            "answer ignored (%s): uid=%r seq=%s from %r",
            outcome,
            answer.uid,
            answer.sequence,
            answer.sender or answer.attendee,
        )
        return outcome
    if attendee.answered_sequence == meeting.sequence and attendee.answered_at is not None:
        if answer.stamp < attendee.answered_at:
            return "stale"  # an earlier answer that arrived late
        if attendee.partstat == partstat:
            return "unchanged"
    attendee.partstat, attendee.answered_sequence, attendee.answered_at = partstat, meeting.sequence, answer.stamp
    meeting.tally_answers()
    # An event, so the worker looks at the POP again (a decline asks the manager for a new time).
    record_event(
        uow,
        now,
        meeting.pop_id,
        EventKind.MEETING_ANSWERED,
        f"person:{attendee.person_id}",
        MeetingAnswered(
            meeting_id=meeting.id,
            kind=meeting.kind,
            sequence=meeting.sequence,
            partstat=partstat,
            via=answer.via,
            name=attendee.person.name,
        ),
    )
    uow.session.flush()
    return "recorded"


def _check(meeting: Meeting | None, answer: Answer, partstat: str) -> str:
    if partstat not in PARTSTATS:
        return "unknown_partstat"
    if meeting is None:
        return "unknown_meeting"
    if meeting.cancelled_at is not None:
        return "cancelled_meeting"
    if answer.sequence < meeting.sequence:
        return "old_sequence"  # answers a time that has since moved
    if answer.sequence > meeting.sequence:
        return "unknown_sequence"  # never sent by us
    if _attendee(meeting, answer.attendee) is None:
        return "not_attendee"
    # By mail, the sender must be the attendee who answers: nobody answers for another.
    if answer.sender is not None and answer.sender.strip().lower() != answer.attendee.strip().lower():
        return "not_attendee"
    return ""


def _attendee(meeting: Meeting, address: str) -> Attendee | None:
    address = address.strip().lower()
    return next((a for a in meeting.attendees if a.person.email.lower() == address), None)
