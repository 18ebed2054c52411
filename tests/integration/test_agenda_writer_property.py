"""Any order of agenda saves, shares and manager changes: each save replaces only its
writer's points, each point shows its writer, and the employee's shared points reach only
the manager they were last shared with (review of issue 17, finding 7)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, update
from sqlalchemy.orm import sessionmaker

from intake import commands
from intake.agenda_commands import PointInput, agenda_of, save_agenda, split_agenda
from shared.access import PopFacts, Viewer, visible_answers
from shared.db import UnitOfWork
from shared.models import Base, Person, Pop, Preparation, Round


class _NoBroker:
    consumed = False  # nothing reads what this test publishes: events stay for the tick


NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
MANAGERS = ("m0", "m1", "m2")
steps = st.lists(
    st.one_of(
        st.tuples(st.just("agenda"), st.sampled_from(["employee", "manager"])),
        st.tuples(st.just("prepare"), st.just("employee")),
        st.tuples(st.just("share_again"), st.just("employee")),
        st.tuples(st.just("handover"), st.sampled_from(MANAGERS)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(steps)
def test_agenda_points_and_shared_points_follow_the_people(plan):
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    try:
        with UnitOfWork(sessionmaker(engine, expire_on_commit=False), publisher=_NoBroker()) as uow:
            s = uow.session
            people = {key: Person(name=f"Persoon {key}", email=f"{key}@voorbeeld.nl") for key in ("jan", *MANAGERS)}
            rnd = Round(name="Ronde")
            s.add_all([*people.values(), rnd])
            s.flush()
            pop = Pop(round_id=rnd.id, employee_id=people["jan"].id, manager_id=people["m0"].id, state="announcement")
            s.add(pop)
            s.flush()
            written: dict[int, list[str]] = {}  # writer id -> their points now
            shared_with = None  # whom Jan's preparation was last shared with
            for n, (what, arg) in enumerate(plan):
                if what == "handover":
                    pop.manager_id = people[arg].id
                    s.flush()
                    s.refresh(pop, ["manager"])
                elif what == "agenda":
                    writer = pop.person_in(arg)
                    texts = [f"{writer.email}-{n}-{i}" for i in range(n % 3)]
                    save_agenda(uow, NOW, pop, writer, [PointInput(text=t) for t in texts], set(), None)
                    written[writer.id] = texts
                elif what == "prepare":
                    commands.save_preparation(
                        uow,
                        NOW,
                        pop,
                        pop.employee,
                        answers={"strengths": {"text": f"gedeeld-{n}", "share": True}},
                        potential=None,
                        willingness=None,
                        submit=False,
                        loaded_version=None,
                    )
                    shared_with = pop.manager_id
                elif shared_with is not None:  # the button: Jan shares with his manager of now
                    s.execute(update(Preparation).values(shared_with_id=pop.manager_id))
                    shared_with = pop.manager_id
                points = agenda_of(uow, pop)
                by_writer = {a: [p.text for p in points if p.author_id == a] for a in {p.author_id for p in points}}
                assert by_writer == {a: t for a, t in written.items() if t}  # nobody's save touched another's
                assert all(p.text.startswith(s.get(Person, p.author_id).email) for p in points)
                mine, _theirs, former = split_agenda(points, pop, pop.manager_id)
                assert {p.author_id for p in mine} <= {pop.manager_id}
                assert {p.author_id for p in former}.isdisjoint({pop.manager_id, pop.employee_id})
            prep = commands.preparation_of(uow, pop, "employee")
            if prep is not None:
                prep.submitted_at = NOW
                facts = PopFacts(
                    pop_id=pop.id, employee_id=pop.employee_id, manager_id=pop.manager_id, state="alignment"
                )
                seen = visible_answers(
                    Viewer("manager", pop.manager_id), facts, "employee", prep.answers, True, prep.shared_with_id
                )
                assert bool(seen) is (shared_with == pop.manager_id)
    finally:
        engine.dispose()
