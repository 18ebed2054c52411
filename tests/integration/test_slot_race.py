"""Two reports pick the same time at the same moment, on PostgreSQL: exactly one gets it, the
other is told, and one conversation is planned."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from intake import slot_offers
from intake.commands import InputError
from shared.models import Meeting, OfferedSlot, Person, Pop
from tests.integration.helpers import text_of
from tests.integration.test_slot_offers import ANNA, BRAM, TAKEN, free_slots, launched, offer_two_times, pick_link

pytestmark = pytest.mark.parametrize("backend", ["postgresql+rabbitmq"], indirect=True)


def _meetings(system) -> int:
    with system.runtime.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Meeting))


def test_two_requests_for_one_time_at_once_plan_one(system):
    launched(system)
    app = system.app()
    offer_two_times(system, app.test_client())
    links = [pick_link(system, ANNA), pick_link(system, BRAM)]
    slot = free_slots(app.test_client(), links[0])[0]
    start = threading.Barrier(2)

    def post(link):
        client = app.test_client()
        start.wait()  # both requests leave together
        return client.post(link, data={"slot": slot})

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(post, links))
    assert sorted(a.status_code for a in answers) == [302, 409]
    (loser,) = [a for a in answers if a.status_code == 409]
    assert TAKEN in text_of(loser)
    assert _meetings(system) == 1
    with system.runtime.uow() as uow:
        assert uow.session.scalar(select(OfferedSlot.taken_by_pop_id).where(OfferedSlot.id == int(slot))) is not None


def _waiting_on_a_lock(system) -> bool:
    with system.runtime.uow() as uow:
        return bool(
            uow.session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            )
        )


def test_the_second_pick_waits_for_the_first_and_finds_the_time_taken(system):
    """Made to overlap for sure: the first pick holds its transaction open until the second is
    seen waiting on the row, then commits; the second's UPDATE then changes nothing."""
    launched(system)
    offer_two_times(system, system.app().test_client())
    with system.runtime.uow() as uow:
        ids = dict(uow.session.execute(select(Person.email, Pop.id).join(Pop, Pop.employee_id == Person.id)).all())
        slot_id = uow.session.scalars(select(OfferedSlot.id).order_by(OfferedSlot.starts_at)).first()
    first_updated = threading.Event()
    outcome: dict[str, object] = {}

    def first():
        with system.runtime.uow() as uow:
            slot_offers.pick_slot(uow, system.clock.now(), uow.session.get(Pop, ids[ANNA]), slot_id, "test")
            first_updated.set()
            deadline = time.monotonic() + 10
            while not _waiting_on_a_lock(system) and time.monotonic() < deadline:
                time.sleep(0.02)
            outcome["second_waited"] = _waiting_on_a_lock(system)
            uow.commit()

    def second():
        first_updated.wait(10)
        with system.runtime.uow() as uow:
            try:
                slot_offers.pick_slot(uow, system.clock.now(), uow.session.get(Pop, ids[BRAM]), slot_id, "test")
                uow.commit()
                outcome["second"] = "picked"
            except InputError as exc:
                uow.rollback()
                outcome["second"] = exc.code

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"second_waited": True, "second": "slot_taken"}
    assert _meetings(system) == 1
    with system.runtime.uow() as uow:
        assert uow.session.scalar(select(OfferedSlot.taken_by_pop_id).where(OfferedSlot.id == slot_id)) == ids[ANNA]
