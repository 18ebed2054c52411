"""The reads of a mail to render, each statement built once, and the rows held per session."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import BindParameter, Select, bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from notifier.mail_payload import MailPayload
from shared.db import UnitOfWork
from shared.models import Agreement, Meeting, OutboxMail, Person, Pop, Preparation, Round

# The POP's round comes with it: whether it has conversation types changes an invitation's words.
# SQLAlchemy builds (and computes the cache key of) a new statement on every Session.get
# or select(), which cost as much CPU as the query: so each is built here, once.
_ID: BindParameter[int] = bindparam("id")
_POP = (
    select(Pop).options(joinedload(Pop.employee), joinedload(Pop.manager), joinedload(Pop.round)).where(Pop.id == _ID)
)
_MEETING = select(Meeting).options(joinedload(Meeting.attendees)).where(Meeting.id == _ID)
# Both in one round trip: the first mail of a POP needs both (a quarter less CPU than two reads).
_POP_AND_MEETING = (
    select(Pop, Meeting)
    .join(Meeting, Meeting.pop_id == Pop.id)
    .options(joinedload(Pop.employee), joinedload(Pop.manager), joinedload(Pop.round), joinedload(Meeting.attendees))
    .where(Pop.id == bindparam("pop_id"), Meeting.id == bindparam("meeting_id"))
)
# The same for the mails of a group (its claim's rows): one read for all their POPs.
_POPS_AND_MEETINGS = (
    select(Pop, Meeting)
    .join(Meeting, Meeting.pop_id == Pop.id)
    .options(joinedload(Pop.employee), joinedload(Pop.manager), joinedload(Pop.round), joinedload(Meeting.attendees))
    .where(Meeting.id.in_(bindparam("meeting_ids", expanding=True)))
)
_PERSON = select(Person).where(Person.id == _ID)
_AGREEMENT = select(Agreement).where(Agreement.id == _ID)
_ROUND = select(Round).where(Round.id == _ID)
_CONVERSATION = (
    select(Meeting)
    .where(Meeting.pop_id == bindparam("pop_id"), Meeting.kind == "conversation", Meeting.cancelled_at.is_(None))
    .order_by(Meeting.id.desc())
    .limit(1)
)
_PREPARATION = select(Preparation).where(
    Preparation.pop_id == bindparam("pop_id"),
    Preparation.role == bindparam("role"),
    Preparation.author_id == bindparam("author_id"),
)
_WAITING = (
    select(Person.name)
    .join(Pop, Pop.employee_id == Person.id)
    .where(Pop.round_id == bindparam("round_id"), Pop.manager_id == bindparam("manager_id"), Pop.state == "planning")
    .order_by(Person.name, Pop.id)
)
# A review's place among the POP's reviews ("2 of 4"): the ones not called off, in time order.
# A POP's meetings of a kind not called off, in time order: a review's place among them
# ("2 of 4") and the signed plan's review dates.
_LIVE_OF_KIND = (
    select(Meeting.id, Meeting.starts_at)
    .where(Meeting.pop_id == bindparam("pop_id"), Meeting.kind == bindparam("kind"), Meeting.cancelled_at.is_(None))
    .order_by(Meeting.starts_at, Meeting.id)
)
_KEEP = "notifier.render.keep"  # key in Session.info, see keep
T = TypeVar("T")


def read_for_render(uow: UnitOfWork, mails: list[OutboxMail]) -> None:
    """Read the POPs, people and meetings of a group of mails at once and hold them for
    the session, so that render_mail finds them (a launch's group of twenty invitations:
    one read instead of ten)."""
    # Only ids that can be ids: a row with broken data fails in render_mail, alone.
    meeting_ids = sorted(
        {
            mail.data["meeting_id"]
            for mail in mails
            if isinstance(mail.data, dict)
            and type(mail.data.get("meeting_id")) is int
            and 0 < mail.data["meeting_id"] < 2**31
        }
    )
    if len(meeting_ids) > 1:
        for pop, meeting in uow.session.execute(_POPS_AND_MEETINGS, {"meeting_ids": meeting_ids}).unique():
            keep(uow, pop, meeting)


def keep(uow: UnitOfWork, *rows: object) -> None:
    """Hold the rows for as long as the session lives. The identity map holds its objects
    weakly, so without this the POP, its people and the meeting are gone when a mail is
    rendered, and the next mail of the same group (the other side of the same POP)
    would read them again. Only within this session: the next group reads afresh."""
    kept = uow.session.info.setdefault(_KEEP, [])
    kept.extend(row for row in rows if row is not None)


def _get(uow: UnitOfWork, entity: type[T], statement: Select, key: int) -> T | None:
    """Session.get, with the statement built once. A row the session holds comes from the
    identity map through Session.get itself (which also handles an expired row)."""
    if identity_key(entity, key) in uow.session.identity_map:
        return uow.session.get(entity, key)
    return uow.session.execute(statement, {"id": key}).unique().scalar_one_or_none()


def _row(uow: UnitOfWork, entity: type[T], statement: Select, key: int | None) -> T:
    """A row the mail's data names and that must be there (a broken reference fails the mail)."""
    found = _get(uow, entity, statement, key) if key is not None else None
    if found is None:
        raise LookupError(f"no {entity.__name__} {key}")
    return found


def person(uow: UnitOfWork, person_id: int) -> Person:
    return _row(uow, Person, _PERSON, person_id)


def agreement(uow: UnitOfWork, payload: MailPayload) -> Agreement | None:
    return _get(uow, Agreement, _AGREEMENT, payload.agreement_id) if payload.agreement_id is not None else None


def round_and_waiting(uow: UnitOfWork, payload: MailPayload, pop: Pop) -> tuple[Round, list[str]]:
    """A round's launch: the round, and the names of the manager's reports still waiting for a meeting."""
    rnd = _row(uow, Round, _ROUND, payload.round_id if payload.round_id is not None else pop.round_id)
    keep(uow, rnd)  # a group holds the launch mails of several managers of one round
    return rnd, list(uow.session.scalars(_WAITING, {"round_id": rnd.id, "manager_id": pop.manager_id}))


def place_in_series(uow: UnitOfWork, meeting: Meeting) -> tuple[int, int] | None:
    """(number, total) of a meeting among its POP's meetings of its kind; None for one called off."""
    ids = [row.id for row in uow.session.execute(_LIVE_OF_KIND, {"pop_id": meeting.pop_id, "kind": meeting.kind})]
    return (ids.index(meeting.id) + 1, len(ids)) if meeting.id in ids else None


def review_starts(uow: UnitOfWork, pop: Pop) -> list:
    """When the POP's progress reviews start, in time order."""
    return [row.starts_at for row in uow.session.execute(_LIVE_OF_KIND, {"pop_id": pop.id, "kind": "review"})]


def preparation(uow: UnitOfWork, pop: Pop, role: str) -> Preparation | None:
    return uow.session.scalar(_PREPARATION, {"pop_id": pop.id, "role": role, "author_id": pop.person_id_in(role)})


def pop_and_meeting(uow: UnitOfWork, mail: OutboxMail, payload: MailPayload) -> tuple[Pop, Meeting | None]:
    """The POP and the mail's meeting, read together unless the session holds both."""
    meeting_id, held = payload.meeting_id, uow.session.identity_map
    if meeting_id and not (identity_key(Pop, mail.pop_id) in held and identity_key(Meeting, meeting_id) in held):
        row = (
            uow.session.execute(_POP_AND_MEETING, {"pop_id": mail.pop_id, "meeting_id": meeting_id})
            .unique()
            .one_or_none()
        )
        if row is not None:
            return row[0], row[1]
        # No such meeting (or not of this POP): read each as Session.get would.
    pop = _row(uow, Pop, _POP, mail.pop_id)
    if meeting_id:
        return pop, _get(uow, Meeting, _MEETING, meeting_id)
    return pop, uow.session.scalar(_CONVERSATION, {"pop_id": pop.id})
