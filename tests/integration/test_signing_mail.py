"""Signing is one mail each (issue 19): the signed plan with the review dates and the evaluation
link; each progress review's invitation goes out its lead time (a round setting) before it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import select

from intake import plan_commands, scheduling
from shared.models import Meeting, Pop
from tests.integration.helpers import EMPLOYEE, MANAGER, agree_and_sign, to_agreements
from tests.mails import all_mail

LEAD = timedelta(days=28)  # review_invite_days_before's default


def _reviews(system) -> list[Meeting]:
    with system.runtime.uow() as uow:
        rows = uow.session.scalars(select(Meeting).where(Meeting.kind == "review").order_by(Meeting.starts_at)).all()
        uow.session.expunge_all()
        return list(rows)


def test_signing_sends_each_person_one_mail_and_each_review_invitation_at_its_lead_time(sqlite_system):
    system = sqlite_system
    to_agreements(system)
    before = len(all_mail(system.sink.directory))
    agree_and_sign(system, "Cursus Python afronden")
    # Whatever a tick would still add within the first minute after signing.
    system.clock.set(system.clock.now() + timedelta(minutes=1))
    system.tick()
    system.settle()
    arrived = all_mail(system.sink.directory)[before:]
    got = [(parseaddr(m.to)[1], m.subject) for m in arrived]
    assert Counter(to for to, _subject in got) == {EMPLOYEE: 1, MANAGER: 1}, got
    reviews = _reviews(system)
    assert len(reviews) == 4
    for mail in arrived:
        assert "hebben het ontwikkelingsplan ondertekend" in mail.subject
        assert mail.calendar is None
        assert any(name.endswith(".pdf") for name in mail.attachments)
        assert "Jullie hebben allebei het plan ondertekend." in mail.text
        # The four review dates, as Dutch readers read them (10:00 in Amsterdam, winter and summer).
        for day in ("maandag 5 juli 2027 om 10:00", "dinsdag 5 oktober 2027 om 10:00", "5 januari 2028 om 10:00"):
            assert day in mail.text and day in mail.html, day
        assert "Hoe vond je het POP-gesprek?" in mail.text
        assert mail.link_path.endswith("/evaluation")  # the evaluation mail's call to action, now here
        assert "Naar de evaluatie" in mail.html

    # A day before the first review's lead time: nothing yet.
    first = reviews[0]
    system.clock.set(first.starts_at - LEAD - timedelta(days=1))
    system.tick()
    system.settle()
    assert len(all_mail(system.sink.directory)) == before + 2
    # At its lead time: that one invitation each, a REQUEST of SEQUENCE 0 with the meeting's UID.
    system.clock.set(first.starts_at - LEAD)
    system.tick()
    system.settle()
    invites = all_mail(system.sink.directory)[before + 2 :]
    assert Counter(parseaddr(m.to)[1] for m in invites) == {EMPLOYEE: 1, MANAGER: 1}
    for invite in invites:
        assert invite.subject.startswith("Voortgangsgesprek 1 van 4 met ")
        assert invite.calendar_method_param == "REQUEST"
        event = invite.calendar.walk("VEVENT")[0]
        assert str(event["UID"]) == first.uid and int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == first.starts_at
        assert str(event["SUMMARY"]) == "Voortgangsgesprek Jan Jansen – Marieke de Vries"  # no "POP 1…4"
        assert " over het ontwikkelingsplan staat op " in invite.text and "Je voortgangsgesprek met " in invite.text
    # The POP page numbers the reviews as their mails do: one plan, four reviews.
    page = system.app().test_client().get(invites[0].home_path).data.decode()
    assert [f"Voortgangsgesprek {n} van 4" in page for n in range(1, 5)] == [True] * 4


def test_a_review_moved_or_called_off_before_its_invitation_sends_nothing_stale(sqlite_system):
    system = sqlite_system
    to_agreements(system)
    agree_and_sign(system, "Cursus Python afronden")
    first, second = _reviews(system)[:2]
    # The second review moves a week before its invitation was due: no invitation for the old time.
    moved_to = second.starts_at + timedelta(days=14)
    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        scheduling.move_meeting(
            uow,
            system.clock.now(),
            pop,
            uow.session.get(Meeting, second.id),
            "manager",
            start=moved_to,
            minutes=30,
            location="",
        )
        uow.commit()
    system.settle()
    seen = len(all_mail(system.sink.directory))
    system.clock.set(second.starts_at - LEAD)  # the old lead time: nothing for the moved review
    system.tick()
    system.settle()
    assert [m.subject for m in all_mail(system.sink.directory)[seen:] if "2 van 4" in m.subject] == []
    system.clock.set(moved_to - LEAD)
    system.tick()
    system.settle()
    second_invites = [m for m in all_mail(system.sink.directory)[seen:] if "2 van 4" in m.subject]
    assert Counter(parseaddr(m.to)[1] for m in second_invites) == {EMPLOYEE: 1, MANAGER: 1}
    for invite in second_invites:
        event = invite.calendar.walk("VEVENT")[0]
        assert str(event["UID"]) == second.uid and int(event["SEQUENCE"]) == 1  # a move raises it, as before
        assert event.decoded("DTSTART") == moved_to

    # The plan is called off: a CANCEL for the reviews in people's calendars, none for the two
    # whose invitations were not due yet.
    seen = len(all_mail(system.sink.directory))
    with system.runtime.uow() as uow:
        plan_commands.request_cancel(
            uow, system.clock.now(), uow.session.scalars(select(Pop)).one(), "manager", "reorganisatie"
        )
        uow.commit()
    system.settle()
    cancels = [m for m in all_mail(system.sink.directory)[seen:] if m.calendar_method_param == "CANCEL"]
    cancelled_uids = Counter(str(m.calendar.walk("VEVENT")[0]["UID"]) for m in cancels)
    assert cancelled_uids == {second.uid: 2}  # the first review is past; the third and fourth never sent


def test_a_plan_signed_after_a_reviews_lead_time_sends_that_invitation_at_signing(sqlite_system):
    system = sqlite_system
    to_agreements(system)
    # Signed late: ten days before the first review (5 July 2027, 10:00 in Amsterdam).
    system.clock.set(datetime(2027, 6, 25, 8, 0, tzinfo=UTC))
    system.tick()
    system.settle()
    before = len(all_mail(system.sink.directory))
    agree_and_sign(system, "Cursus Python afronden")
    arrived = [(parseaddr(m.to)[1], m.subject) for m in all_mail(system.sink.directory)[before:]]
    assert Counter(to for to, _subject in arrived) == {EMPLOYEE: 2, MANAGER: 2}, arrived
    assert sorted(subject.split(" met ")[0] for to, subject in arrived if to == EMPLOYEE) == [
        "Jij en Marieke de Vries hebben het ontwikkelingsplan ondertekend",
        "Voortgangsgesprek 1 van 4",
    ]
