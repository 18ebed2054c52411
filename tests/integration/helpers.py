"""Small shared steps of the integration tests."""

from __future__ import annotations

import functools
import html
from datetime import UTC, datetime

from sqlalchemy import select

from intake.scheduling import schedule_meeting
from popflow.demo import save_hr_user
from shared.models import Person, Pop
from shared.passwords import hash_password

MANAGER = "marieke@voorbeeld.nl"
EMPLOYEE = "jan@voorbeeld.nl"
NEW_MANAGER = "kees@voorbeeld.nl"
MEETING_UTC = datetime(2027, 4, 5, 8, 0, tzinfo=UTC)
HR_EMAIL, HR_PASSWORD = "hr@voorbeeld.nl", "geheim-wachtwoord"


@functools.cache
def password_hash(password: str) -> str:
    """Argon2 at its production cost, once per password in a test process: hashing is
    made to be slow, and most tests make an HR account."""
    return hash_password(password)


def add_hr(uow, email: str = HR_EMAIL, password: str = HR_PASSWORD, **fields):
    """An HR account that logs in with that password (as popflow.demo.add_hr_user makes it)."""
    return save_hr_user(uow, email, password_hash(password), **fields)


def seed(system, employee_language: str = "nl") -> None:
    with system.runtime.uow() as uow:
        manager = Person(name="Marieke de Vries", email=MANAGER, language="nl")
        uow.session.add(manager)
        uow.session.add(Person(name="Jan Jansen", email=EMPLOYEE, language=employee_language, manager=manager))
        add_hr(uow)
        uow.commit()


def import_with_jan_under(system, jan_manager: str) -> None:
    """Marieke, Kees and Jan through the people import, Jan reporting to jan_manager: run it
    again with another address for a manager change as HR makes one."""
    from intake.people import import_people

    def row(name, email, manager):
        return {"name": name, "email": email, "manager_email": manager, "department": "", "language": "nl"}

    with system.runtime.uow() as uow:
        assert (
            import_people(
                uow,
                [
                    row("Marieke de Vries", MANAGER, ""),
                    row("Kees Visser", NEW_MANAGER, ""),
                    row("Jan Jansen", EMPLOYEE, jan_manager),
                ],
                system.clock.now(),
            ).problems
            == []
        )
        uow.commit()
    system.settle()


def schedule(system, start: datetime = MEETING_UTC, settle: bool = True) -> int:
    """settle=False: do not wait for the outbox to empty (a test whose SMTP server refuses)."""
    with system.runtime.uow() as uow:
        done = schedule_meeting(
            uow,
            system.clock.now(),
            employee_email=EMPLOYEE,
            start=start,
            minutes=60,
            location="Kamer 2.14",
            actor="test",
        )
        uow.commit()
    if settle:
        system.settle()
    return done.pop.id


def pass_the_exchange(system, pop_id: int) -> None:
    """The clock at T-6d: the points each side shared are exchanged; the POP is in alignment."""
    from datetime import timedelta

    system.settle()
    system.clock.set(MEETING_UTC - timedelta(days=6))
    system.tick()
    system.settle()
    assert state(system, pop_id) == "alignment"


def state(system, pop_id: int | None = None) -> str:
    """The state of the only POP, or of `pop_id`."""
    with system.runtime.uow() as uow:
        if pop_id is not None:
            return uow.session.get(Pop, pop_id).state
        return uow.session.scalars(select(Pop.state)).one()


def hr_client(app):
    client = app.test_client()
    assert (
        client.post("/hr/login", data={"email": "hr@voorbeeld.nl", "password": "geheim-wachtwoord"}).status_code == 302
    )
    return client


def agree_and_sign(system, *whats: str, pop_id: int | None = None, goal: str | None = None) -> None:
    """Both sign a plan of these agreements, and this goal if given (the POP is in
    agreements); waits for action."""
    from intake import commands
    from shared.plan import plan_hash

    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id) if pop_id else uow.session.scalars(select(Pop)).one()
        commands.save_agreements(
            uow,
            system.clock.now(),
            pop,
            pop.employee,
            [commands.AgreementInput(what=what, owner="Jan") for what in whats],
            None,
            goal=goal,
        )
        uow.commit()
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id) if pop_id else uow.session.scalars(select(Pop)).one()
        for signer in (pop.employee, pop.manager):
            commands.sign_plan(
                uow, system.clock.now(), pop, signer, plan_hash(commands.current_plan(uow, pop), pop.plan_goal)
            )
        uow.commit()
    system.settle()
    assert state(system, pop_id) == "action"


def to_agreements(system) -> tuple[str, str]:
    """Schedule, let the meeting pass; returns the employee's and the manager's POP page."""
    from datetime import timedelta

    from tests.mails import mail_to

    seed(system)
    schedule(system)
    system.clock.set(MEETING_UTC + timedelta(hours=2))
    system.tick()
    system.settle()
    assert state(system) == "agreements"
    return (mail_to(system.sink.directory, EMPLOYEE)[0].home_path, mail_to(system.sink.directory, MANAGER)[0].home_path)


def text_of(response) -> str:
    """A page's HTML with entities decoded, for finding what a user reads."""
    return html.unescape(response.data.decode())
