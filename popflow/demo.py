"""Demo data for `make run`: an HR user, a manager and two employees."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.db import UnitOfWork
from shared.models import HrUser, Person
from shared.passwords import hash_password

DEMO_HR = ("hr@voorbeeld.nl", "popflow-demo")
DEMO_PEOPLE = [
    # name, email, manager email, department, language
    ("Marieke de Vries", "marieke@voorbeeld.nl", "", "Zorg", "nl"),
    ("Jan Jansen", "jan@voorbeeld.nl", "marieke@voorbeeld.nl", "Zorg", "nl"),
    ("Emma Clarke", "emma@voorbeeld.nl", "marieke@voorbeeld.nl", "Zorg", "en"),
]


def add_hr_user(uow: UnitOfWork, email: str, password: str, name: str = "", language: str = "nl") -> HrUser:
    return save_hr_user(uow, email, hash_password(password), name, language)


def save_hr_user(uow: UnitOfWork, email: str, password_hash: str, name: str = "", language: str = "nl") -> HrUser:
    """The HR account of that address with this (Argon2) hash, made when there is none."""
    user = uow.session.scalar(select(HrUser).where(func.lower(HrUser.email) == email.lower()))
    if user is None:
        user = HrUser(email=email.lower(), name=name, language=language, password_hash="")
        uow.session.add(user)
    user.password_hash = password_hash
    user.name = name or user.name
    uow.session.flush()
    return user


def load_demo(uow: UnitOfWork) -> bool:
    """Only into an empty database; says whether it loaded anything."""
    if uow.session.scalar(select(func.count()).select_from(Person)):
        return False
    add_hr_user(uow, *DEMO_HR, name="Hanna HR")
    people: dict[str, Person] = {}
    for name, email, manager, department, language in DEMO_PEOPLE:
        people[email] = Person(
            name=name, email=email, department=department, language=language, manager=people.get(manager)
        )
        uow.session.add(people[email])
    uow.session.flush()
    return True
