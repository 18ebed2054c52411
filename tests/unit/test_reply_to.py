"""Reply-To: a reply in words reaches the POP's other person, or the service when that
person cannot take it (left, or an address that is not one mailbox)."""

from __future__ import annotations

import pytest

from notifier.mail_payload import MailPayload
from notifier.render import MailFacts, reply_address
from shared.models import OutboxMail, Person, Pop

JAN = ("Jan Jansen", "jan@voorbeeld.nl")
MARIEKE = ("Marieke de Vries", "marieke@voorbeeld.nl")


def facts(
    member: str | None, *, employee_active: bool = True, manager_email: str = MARIEKE[1], kind: str = "pop_cancelled"
) -> MailFacts:
    employee = Person(name=JAN[0], email=JAN[1], active=employee_active)
    manager = Person(name=MARIEKE[0], email=manager_email, active=True)
    former = Person(name="Oud Baas", email="oud@voorbeeld.nl", active=True)
    pop = Pop(employee=employee, manager=manager)
    recipient = {"employee": employee, "manager": manager, None: former}[member]
    return MailFacts(
        mail=OutboxMail(kind=kind, data={}),
        payload=MailPayload(),
        kind=kind,
        pop=pop,
        meeting=None,
        recipient=recipient,
        member=member,
        tz="Europe/Amsterdam",
    )


@pytest.mark.parametrize(("member", "expected"), [("employee", MARIEKE), ("manager", JAN), (None, JAN)])
def test_the_other_person_of_the_pop(member, expected):
    # None: a former manager's CANCEL; the POP's employee is whom it is about.
    assert reply_address(facts(member)) == expected


def test_none_for_someone_who_has_left_or_an_address_that_is_not_one_mailbox():
    assert reply_address(facts("manager", employee_active=False)) is None
    assert reply_address(facts("employee", manager_email="ceo@elders.example,marieke@voorbeeld.nl")) is None
    assert reply_address(facts("employee", manager_email="marieke\x00@voorbeeld.nl")) is None


def test_none_for_a_rounds_launch_which_is_about_every_waiting_report():
    assert reply_address(facts("manager", kind="schedule_request")) is None
