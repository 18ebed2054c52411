"""Reply-To: a reply in words reaches the POP's other person, or the service when that
person cannot take it (left, or an address that is not one mailbox)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier.mail_payload import MailPayload
from notifier.render import MailFacts, hr_mailbox, reply_address
from shared.config import Config
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


def test_hrs_mailbox_for_a_rounds_launch_when_it_is_set():
    hr = ("HR Zorggroep Noord", "hr@voorbeeld.nl")
    assert reply_address(facts("manager", kind="schedule_request"), hr) == hr
    assert reply_address(facts("employee"), hr) == MARIEKE  # a POP's own mail still answers its other person
    config = Config.from_env({"HR_REPLY_TO": "hr@voorbeeld.nl", "MAIL_FROM_NAME": "HR Zorggroep Noord"})
    assert hr_mailbox(config, "nl") == hr
    assert hr_mailbox(Config.from_env({}), "nl") is None


@given(
    st.one_of(
        st.text(max_size=40).filter(lambda s: "@" not in s),
        st.builds(lambda a, b: f"{a}@x.nl, {b}@y.nl", st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.just("b")),
        st.builds(
            lambda a, c: f"{a}{c}@voorbeeld.nl",
            st.from_regex(r"[a-z]{1,8}", fullmatch=True),
            st.sampled_from([" ", "\t", "\n", "\x00", "\x1f"]),
        ),
        st.builds(lambda n: f"{n} <hr@voorbeeld.nl>", st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True)),
    ).filter(bool)
)
def test_hr_reply_to_that_is_not_one_address_stops_the_start(bad):
    with pytest.raises(ValueError, match="HR_REPLY_TO"):
        Config.from_env({"HR_REPLY_TO": bad})
