"""R6: two people save the same form at the same moment: one wins, the other is told,
and nothing is lost. Real transactions on two connections: the second save is sent
while the first is still open, and must wait for it rather than overwrite it."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from intake import commands
from shared.models import Pop
from shared.plan import plan_hash
from tests.integration.helpers import EMPLOYEE, schedule, seed, text_of, to_agreements
from tests.mails import mail_to

BACKENDS = pytest.mark.parametrize("backend", ["sqlite+embedded", "postgresql+rabbitmq"], indirect=True)


def _race(system, first, second):
    """Run `first` in an open transaction, send `second` meanwhile, then commit the first.

    Returns what `second` raised (or returned), and whether it had to wait for the first.
    """
    outcome: dict = {}

    def later() -> None:
        with system.runtime.uow() as uow:
            try:
                outcome["result"] = second(uow, uow.session.scalars(select(Pop)).one())
                uow.commit()
            except commands.InputError as error:
                outcome["result"] = error
            outcome["finished"] = time.monotonic()

    with system.runtime.uow() as uow:
        first(uow, uow.session.scalars(select(Pop)).one())
        racer = threading.Thread(target=later)
        racer.start()
        time.sleep(0.5)  # the second save is under way and must be waiting on us
        waited = "finished" not in outcome
        uow.commit()
    racer.join(timeout=30)
    return outcome["result"], waited


@BACKENDS
def test_two_saves_of_the_plan_at_once_one_wins_and_the_other_is_told(system):
    to_agreements(system)
    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        loaded = plan_hash(commands.current_plan(uow, pop), pop.plan_goal)
    now = system.clock.now()

    def employee_saves(uow, pop):
        return commands.save_agreements(
            uow, now, pop, pop.employee, [commands.AgreementInput(what="Cursus Excel")], loaded
        )

    def manager_saves(uow, pop):
        return commands.save_agreements(uow, now, pop, pop.manager, [commands.AgreementInput(what="Coaching")], loaded)

    result, waited = _race(system, employee_saves, manager_saves)
    assert waited, "the second save did not wait for the first: it could overwrite it"
    assert isinstance(result, commands.Conflict) and result.code == "stale_agreements"
    with system.runtime.uow() as uow:
        plan = commands.current_plan(uow, uow.session.scalars(select(Pop)).one())
        assert [a.what for a in plan] == ["Cursus Excel"]  # the winner's plan, whole and once


@BACKENDS
def test_signing_while_the_other_changes_the_plan_signs_nothing_stale(system):
    to_agreements(system)
    now = system.clock.now()
    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        commands.save_agreements(uow, now, pop, pop.employee, [commands.AgreementInput(what="Cursus Excel")], None)
        uow.commit()
    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        seen = plan_hash(commands.current_plan(uow, pop), pop.plan_goal)

    def employee_edits(uow, pop):
        commands.save_agreements(uow, now, pop, pop.employee, [commands.AgreementInput(what="Cursus Word")], seen)

    def manager_signs(uow, pop):
        return commands.sign_plan(uow, now, pop, pop.manager, seen)

    result, waited = _race(system, employee_edits, manager_signs)
    assert waited
    assert isinstance(result, commands.Conflict) and result.code == "stale_plan"


@BACKENDS
def test_two_saves_of_one_preparation_at_once_keep_the_first_and_tell_the_second(system):
    seed(system)
    schedule(system)
    now = system.clock.now()
    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        saved = commands.save_preparation(
            uow,
            now,
            pop,
            pop.employee,
            answers={"q1": {"text": "eerste", "share": False}},
            potential=None,
            willingness=None,
            submit=False,
            loaded_version=None,
        )
        uow.commit()
        version = saved.version

    def from_the_laptop(uow, pop):
        commands.save_preparation(
            uow,
            now,
            pop,
            pop.employee,
            answers={"q1": {"text": "laptop", "share": False}},
            potential=None,
            willingness=None,
            submit=False,
            loaded_version=version,
        )

    def from_the_phone(uow, pop):
        commands.save_preparation(
            uow,
            now,
            pop,
            pop.employee,
            answers={"q1": {"text": "telefoon", "share": False}},
            potential=None,
            willingness=None,
            submit=False,
            loaded_version=version,
        )

    result, waited = _race(system, from_the_laptop, from_the_phone)
    assert waited
    assert isinstance(result, commands.Conflict) and result.code == "stale_form"
    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        kept = commands.preparation_of(uow, pop, "employee")
        assert kept.answers["q1"]["text"] == "laptop" and kept.version == version + 1


@BACKENDS
def test_a_draft_saved_on_the_page_while_another_save_is_open_waits_and_is_told(system):
    """The same race through the preparation page: its save waits for the open one, is told
    (409, their text kept on the page), and what the other saved stays saved."""
    seed(system)
    schedule(system)
    link = mail_to(system.sink.directory, EMPLOYEE)[0].home_path
    phone = system.app().test_client()
    assert (
        phone.post(link + "/prepare", data={"answer_strengths": "eerste", "save": "1", "version": ""}).status_code
        == 302
    )
    outcome: dict = {}

    def save_on_the_phone() -> None:
        outcome["response"] = phone.post(
            link + "/prepare", data={"answer_strengths": "telefoon", "save": "1", "version": "1"}
        )
        outcome["finished"] = time.monotonic()

    with system.runtime.uow() as uow:
        pop = uow.session.scalars(select(Pop)).one()
        commands.save_preparation(
            uow,
            system.clock.now(),
            pop,
            pop.employee,
            answers={"strengths": {"text": "laptop", "share": False}},
            potential=None,
            willingness=None,
            submit=False,
            loaded_version=1,
        )
        racer = threading.Thread(target=save_on_the_phone)
        racer.start()
        time.sleep(0.5)  # the page's save is under way and must be waiting on us
        waited = "finished" not in outcome
        uow.commit()
    racer.join(timeout=30)
    assert waited, "the page's save did not wait for the open one: it could overwrite it"
    page = text_of(outcome["response"])
    assert outcome["response"].status_code == 409 and "intussen elders opgeslagen" in page
    assert "telefoon" in page  # their text, still on the page
    with system.runtime.uow() as uow:
        kept = commands.preparation_of(uow, uow.session.scalars(select(Pop)).one(), "employee")
        assert kept.answers["strengths"]["text"] == "laptop" and kept.version == 2
