"""A round of 50 POPs with mixed behaviour over a simulated year, on PostgreSQL + RabbitMQ.

The clock jumps from one moment to the next at which something can happen (a scripted
action or a POP's next check), as a tick running every minute would see it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from intake import commands, plan_commands, scheduling
from intake.commands import AgreementInput
from popflow.processes import tick_once
from shared.models import Event, OutboxMail, Person, Pop
from shared.plan import plan_hash
from tests.mails import all_mail

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
GROUPS = {
    0: "cancelled early",
    1: "employee never prepares",
    2: "employee prepares late",
    3: "rescheduled",
    4: "employee signs late",
    5: "employee leaves",
    6: "follow-up meeting",
    7: "one agreement stays open",
    8: "on time",
    9: "on time",
}


@dataclass
class Script:
    at: datetime
    run: Callable
    order: int


def pop_of(uow, email: str) -> Pop:
    return uow.session.scalar(
        select(Pop).join(Person, Pop.employee_id == Person.id).where(Person.email == email).order_by(Pop.id.desc())
    )


def person(uow, email: str) -> Person:
    return commands.find_person(uow, email)


def first_meeting(i: int) -> datetime:
    """Employee i's conversation: a day per manager (man{i % 5}), an hour each on it."""
    return START + timedelta(days=28 + i % 5, hours=1 + i // 5)


def build_script(n: int) -> list[Script]:
    """What each of the 50 employees and their managers do, and when."""
    steps: list[Script] = []
    add = lambda at, fn: steps.append(Script(at, fn, len(steps)))  # noqa: E731
    for i in range(n):
        group, emp, man = i % 10, f"emp{i}@org.nl", f"man{i % 5}@org.nl"
        meeting = first_meeting(i)
        if group == 3:
            add(
                START + 2 * DAY,
                lambda u, now, e=emp, m=meeting: scheduling.schedule_meeting(
                    u, now, employee_email=e, start=m + 3 * DAY, minutes=60, actor="test"
                ),
            )
            meeting = meeting + 3 * DAY
        end = meeting + timedelta(hours=1)
        if group == 0:
            add(
                meeting - 12 * DAY,
                lambda u, now, e=emp: plan_commands.request_cancel(u, now, pop_of(u, e), "hr:1", "reorganisatie"),
            )
            continue
        if group != 1:
            late = group == 2
            add(meeting - (3 if late else 20) * DAY, lambda u, now, e=emp: prepare(u, now, e, "employee"))
        add(meeting - 19 * DAY, lambda u, now, e=emp, m=man: prepare(u, now, e, "manager", m))
        first_sign = end + DAY
        if group == 6:
            add(
                end + DAY,
                lambda u, now, e=emp, end=end: plan_commands.plan_followup(
                    u, now, pop_of(u, e), "person:x", start=end + 7 * DAY, minutes=45, location="Kamer 1"
                ),
            )
            first_sign = end + 8 * DAY
        add(first_sign, lambda u, now, e=emp, m=meeting: record_plan(u, now, e, m))
        add(first_sign + timedelta(minutes=5), lambda u, now, e=emp, m=man: sign(u, now, e, m))
        employee_signs = first_sign + (8 * DAY if group == 4 else timedelta(minutes=10))
        add(employee_signs, lambda u, now, e=emp: sign(u, now, e, e))
        if group == 5:
            add(meeting + 100 * DAY, lambda u, now, e=emp: plan_commands.person_left(u, now, person(u, e), "hr:1"))
            continue
        add(meeting + 90 * DAY, lambda u, now, e=emp: progress(u, now, e, {0: "done"}))
        if group != 7:
            add(meeting + 250 * DAY, lambda u, now, e=emp: progress(u, now, e, {1: "dropped"}))
    return steps


def prepare(uow, now, employee: str, role: str, manager: str | None = None) -> None:
    pop = pop_of(uow, employee)
    who = person(uow, employee if role == "employee" else manager)
    commands.save_preparation(
        uow,
        now,
        pop,
        who,
        answers={"strengths": {"text": "Plannen", "share": True}},
        potential="high",
        willingness="high",
        submit=True,
        loaded_version=None,
    )


def record_plan(uow, now, employee: str, meeting: datetime) -> None:
    pop = pop_of(uow, employee)
    items = [
        AgreementInput(
            what="Cursus presenteren",
            measurable_result="Presentatie aan MT",
            owner="Medewerker",
            due_date=(meeting + 60 * DAY).date(),
        ),
        AgreementInput(
            what="Meelopen met planning",
            measurable_result="Twee roosters gemaakt",
            owner="Medewerker",
            due_date=(meeting + 200 * DAY).date(),
        ),
    ]
    commands.save_agreements(uow, now, pop, person(uow, employee), items, None)


def sign(uow, now, employee: str, signer: str) -> None:
    pop = pop_of(uow, employee)
    commands.sign_plan(uow, now, pop, person(uow, signer), plan_hash(commands.current_plan(uow, pop), pop.plan_goal))


def progress(uow, now, employee: str, statuses: dict[int, str]) -> None:
    pop = pop_of(uow, employee)
    agreements = commands.current_plan(uow, pop)
    updates = {agreements[index].id: (status, "") for index, status in statuses.items()}
    plan_commands.record_progress(uow, now, pop, person(uow, employee), updates)


def seed_round(system, n: int) -> None:
    with system.runtime.uow() as uow:
        managers = [Person(name=f"Manager {m}", email=f"man{m}@org.nl", language="nl") for m in range(5)]
        uow.session.add_all(managers)
        for i in range(n):
            uow.session.add(
                Person(
                    name=f"Medewerker {i}",
                    email=f"emp{i}@org.nl",
                    manager=managers[i % 5],
                    language="en" if i % 7 == 0 else "nl",
                )
            )
        uow.session.flush()
        for i in range(n):
            meeting = first_meeting(i)
            scheduling.schedule_meeting(
                uow,
                START,
                employee_email=f"emp{i}@org.nl",
                start=meeting,
                minutes=60,
                location="Kamer 2.14",
                actor="hr:1",
            )
        uow.commit()


# A year of ticks, step by step: the suite's longest test (about two minutes alone), so it
# gets more than the default timeout when it shares the cores with the others.
@pytest.mark.timeout(420)
@pytest.mark.parametrize("backend", ["postgresql+rabbitmq"])
def test_a_round_of_50_pops_over_a_simulated_year(system):
    n, end_of_year = 50, START + 400 * DAY
    system.clock.set(START)
    seed_round(system, n)
    system.settle(timeout=60)
    script = sorted(build_script(n), key=lambda s: (s.at, s.order))
    steps = 0
    while True:
        with system.runtime.uow() as uow:
            due = uow.session.scalar(select(func.min(Pop.next_check_at)))
        candidates = [m for m in (due, script[0].at if script else None) if m is not None]
        now = max(min(candidates), system.clock.now()) if candidates else end_of_year
        if now >= end_of_year:
            break
        system.clock.set(now)
        while script and script[0].at <= now:
            step = script.pop(0)
            with system.runtime.uow() as uow:
                step.run(uow, now)
                uow.commit()
        system.settle(timeout=60)
        tick_once(system.runtime, now=now, inline=True)  # the time rules, as at this minute
        system.settle(timeout=60)
        steps += 1
        assert steps < 2000, "the simulation does not converge"
    print(f"simulated a year in {steps} steps")

    with system.runtime.uow() as uow:
        states = {p.employee.email: p.state for p in uow.session.scalars(select(Pop))}
        mails = [
            (m.kind, uow.session.get(Person, m.recipient_id).email, m.dedupe_key, m.status)
            for m in uow.session.scalars(select(OutboxMail))
        ]
        # A manager's reminders of one day are one mail (notifier/bundles.py): its rows share its Message-ID.
        sent_messages = set(uow.session.scalars(select(OutboxMail.message_id).where(OutboxMail.status == "sent")))
        timelines = defaultdict(list)
        for pop in uow.session.scalars(select(Pop)):
            timelines[pop.employee.email] = [
                e.data["to"]
                for e in uow.session.scalars(
                    select(Event).where(Event.pop_id == pop.id, Event.kind == "state_changed").order_by(Event.id)
                )
            ]
    expect = {
        0: "cancelled",
        1: "completed",
        2: "completed",
        3: "completed",
        4: "completed",
        5: "cancelled",
        6: "completed",
        7: "action",
        8: "completed",
        9: "completed",
    }
    assert {e: s for e, s in states.items()} == {f"emp{i}@org.nl": expect[i % 10] for i in range(n)}
    got = Counter((kind, to) for kind, to, _key, status in mails if status == "sent")
    sent_total = sum(got.values())
    assert sent_total >= len(sent_messages)
    assert len(all_mail(system.sink.directory)) == len(sent_messages)  # every sent mail reached the SMTP server once
    assert all(status in ("sent", "dropped") for *_rest, status in mails)

    full = ["announcement", "alignment", "agreements", "action", "completed"]
    for i in range(n):
        emp, man, group = f"emp{i}@org.nl", f"man{i % 5}@org.nl", i % 10
        kinds = Counter(kind for kind, to, _k, status in mails if to == emp and status == "sent")
        if group == 0:
            assert timelines[emp] == ["announcement", "cancelled"]
            assert kinds["pop_cancelled"] == 1 and kinds["meeting_cancelled"] == 1 and kinds["exchange"] == 0
            continue
        if group == 5:
            assert timelines[emp] == full[:4] + ["cancelled"]
            assert kinds["pop_cancelled"] == 0  # gone: only the manager hears of it
            assert got[("pop_cancelled", man)] >= 1
            continue
        assert timelines[emp] == (full[:4] if group == 7 else full), (emp, timelines[emp])
        assert kinds["invitation"] == (2 if group == 3 else 1)
        assert kinds["prepare_reminder"] == {1: 2, 2: 2}.get(group, 0), (emp, kinds)
        # Group 4's employee signs 8 days after the manager: reminded twice. Group 6 records its
        # plan the day after its follow-up meeting, which restarted the signing clock: not reminded.
        assert kinds["sign_reminder"] == (2 if group == 4 else 0), (emp, kinds)
        assert kinds["sign_request"] == 1  # the manager signed first: the employee was told
        # Signing is one mail (the evaluation link in it); each review's invitation at its lead time.
        assert kinds["review_invite"] == 4 and kinds["plan_signed"] == 1 and kinds["evaluation"] == 0
        assert kinds["due_reminder"] == 2  # a week before each due date, while the agreement was open
        assert kinds["review_reminder"] == 4
        assert kinds["followup_invite"] == (1 if group == 6 else 0)
        assert kinds["completed"] == (0 if group == 7 else 1)
    late_exchange = [key for kind, to, key, _s in mails if kind == "exchange" and key.endswith(":late")]
    assert len(late_exchange) == sum(1 for i in range(n) if i % 10 == 2)
