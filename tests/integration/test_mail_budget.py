"""The mail budget (issue 19): what each person gets from one POP, from its scheduling to its
first progress review, counted in the real mail sink; a manager's reminders of two reports
in one mail. The table is docs/mail-budget.md's; this test holds the same numbers."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from email.utils import parseaddr

from sqlalchemy import select

from intake.scheduling import schedule_meeting
from shared.models import Meeting, OutboxMail, Person
from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, agree_and_sign, schedule, seed, state
from tests.mails import Mail, all_mail

ANNA = "anna@voorbeeld.nl"
LEAD = timedelta(days=28)  # review_invite_days_before's default
REVIEW_REMINDER = timedelta(days=2)  # review_reminder_days's default

# Per person, per kind of mail, for Jan's POP from scheduling to its first review (nobody
# prepares, nobody answers a calendar item). "bundle": a manager's reminders of that moment
# for both reports in one mail (Anna's POP runs an hour behind Jan's).
BUDGET = {
    EMPLOYEE: {
        "invitation": 1,
        "prepare_reminder": 2,
        "exchange": 1,
        "agreements_open": 1,
        "plan_signed": 1,
        "review_invite": 1,
        "review_reminder": 1,
    },
    MANAGER: {
        "invitation": 2,  # one per report, each with its calendar item (iTIP: one per meeting)
        "bundle": 3,  # T-10 and T-8: prepare, both reports; the first review's reminder, both reports
        "exchange": 2,
        "agreements_open": 2,
        "plan_signed": 2,
        "review_invite": 2,
    },
}


def _kind_of(system, mail: Mail) -> str:
    """The outbox rows behind a mail (by its Message-ID): one kind, or a bundle of several."""
    with system.runtime.uow() as uow:
        kinds = uow.session.scalars(select(OutboxMail.kind).where(OutboxMail.message_id == mail.message_id)).all()
    assert kinds, mail.subject
    return kinds[0] if len(kinds) == 1 else "bundle"


def _step(system, at) -> None:
    system.clock.set(at)
    system.tick()
    system.settle()


def test_one_pop_from_scheduling_to_its_first_review_sends_its_budget_and_no_more(system):

    seed(system)
    with system.runtime.uow() as uow:
        marieke = uow.session.scalars(select(Person).where(Person.email == MANAGER)).one()
        uow.session.add(Person(name="Anna Bakker", email=ANNA, language="nl", manager=marieke))
        uow.commit()
    jan_pop = schedule(system)
    with system.runtime.uow() as uow:
        anna_pop = schedule_meeting(
            uow, system.clock.now(), employee_email=ANNA, start=MEETING_UTC + timedelta(hours=1), location="Kamer 2.14"
        ).pop.id
        uow.commit()
    system.settle()

    # Both POPs' reminders of a day are due by this tick: one mail to the manager for both.
    for day in (10, 8):
        _step(system, MEETING_UTC - timedelta(days=day) + timedelta(hours=2))
    _step(system, MEETING_UTC - timedelta(days=6))  # the exchange
    _step(system, MEETING_UTC + timedelta(hours=3))  # both conversations are over
    assert state(system, jan_pop) == state(system, anna_pop) == "agreements"
    agree_and_sign(system, "Cursus Python afronden", pop_id=jan_pop)
    agree_and_sign(system, "Training feedback geven", pop_id=anna_pop)
    with system.runtime.uow() as uow:
        first = uow.session.scalars(
            select(Meeting).where(Meeting.pop_id == jan_pop, Meeting.kind == "review").order_by(Meeting.starts_at)
        ).first()
        first_start = first.starts_at
    _step(system, first_start - LEAD + timedelta(hours=2))  # both reviews' invitations
    _step(system, first_start - REVIEW_REMINDER + timedelta(hours=2))  # and their reminders
    _step(system, first_start + timedelta(hours=3))  # the first review is over: nothing more

    got: dict[str, Counter] = {}
    for mail in all_mail(system.sink.directory):
        got.setdefault(parseaddr(mail.to)[1], Counter())[_kind_of(system, mail)] += 1
        if parseaddr(mail.to)[1] == MANAGER:
            # Every subject to the manager names the employee it is about (a bundle: both).
            assert "Jan Jansen" in mail.subject or "Anna Bakker" in mail.subject, mail.subject
    print({who: dict(c) for who, c in got.items()})
    assert got[EMPLOYEE] == Counter(BUDGET[EMPLOYEE])
    assert got[MANAGER] == Counter(BUDGET[MANAGER])
    assert got[ANNA] == got[EMPLOYEE]  # her POP, an hour behind, costs her the same


def test_a_managers_reminder_due_after_that_days_bundle_waits_for_the_next_morning(system):

    seed(system)
    with system.runtime.uow() as uow:
        marieke = uow.session.scalars(select(Person).where(Person.email == MANAGER)).one()
        uow.session.add(Person(name="Anna Bakker", email=ANNA, language="nl", manager=marieke))
        uow.commit()
    schedule(system)
    with system.runtime.uow() as uow:
        schedule_meeting(
            uow, system.clock.now(), employee_email=ANNA, start=MEETING_UTC + timedelta(hours=5), location="Kamer 2.14"
        )
        uow.commit()
    system.settle()
    before = len(all_mail(system.sink.directory))
    _step(system, MEETING_UTC - timedelta(days=10) + timedelta(minutes=1))  # Jan's T-10: at once
    _step(system, MEETING_UTC - timedelta(days=10) + timedelta(hours=5, minutes=1))  # Anna's, the same day
    to_marieke = [m for m in all_mail(system.sink.directory)[before:] if MANAGER in m.to]
    assert [m.subject for m in to_marieke] == [
        "Herinnering: bereid je POP-gesprek met Jan Jansen op maandag 5 april 2027 om 10:00 voor"
    ]
    # The next morning at 08:00 in Amsterdam (winter time, UTC+1): Anna's, on its own.
    _step(system, MEETING_UTC - timedelta(days=9) - timedelta(hours=1, minutes=1))
    assert len([m for m in all_mail(system.sink.directory)[before:] if MANAGER in m.to]) == 1
    _step(system, MEETING_UTC - timedelta(days=9) - timedelta(hours=1))
    to_marieke = [m for m in all_mail(system.sink.directory)[before:] if MANAGER in m.to]
    assert len(to_marieke) == 2 and "Anna Bakker" in to_marieke[1].subject, [m.subject for m in to_marieke]
    assert len([m for m in all_mail(system.sink.directory)[before:] if ANNA in m.to]) == 1
