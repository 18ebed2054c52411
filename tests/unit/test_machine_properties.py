"""Property tests: the machine and the time rules under random events over a simulated year.

One POP, its meeting at a fixed T, scheduled 1 to 30 days ahead. Hypothesis draws a
sequence of events (preparations, signatures on the current or an older plan, plan
edits, agreements added and closed, a cancellation, a new POP taking over the open
agreements) interleaved with clock advances from a minute to months and with jumps to
(or one minute around) the moment the tick would look again. A small pure model applies
each event to a Facts value and then does what the worker does: next_transition until
None, then the due reminders into a set keyed like the outbox's unique dedupe key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import event, given, settings
from hypothesis import strategies as st

from workflow import machine, rules
from workflow.machine import FINAL, Facts, Settings, State

UTC = UTC
T = datetime(2027, 4, 5, 8, 0, tzinfo=UTC)  # the meeting: a week after the spring DST change
END = T + timedelta(hours=1)
MIN = timedelta(minutes=1)
ROLES = machine.ROLES
FORWARD_ORDER = [State.PLANNING, State.ANNOUNCEMENT, State.ALIGNMENT, State.AGREEMENTS, State.ACTION, State.COMPLETED]
MAX_WALK = 7

Key = tuple[str, str, str]


@dataclass
class Model:
    """One POP as the database would hold it, reduced to what Facts is made of."""

    settings: Settings
    facts: Facts
    now: datetime
    horizon: datetime
    version: int = 0  # plan version; the hash is f"h{version}"
    agreements: dict[int, tuple[date | None, bool]] = field(default_factory=dict)  # id -> (due, open)
    next_id: int = 1
    outbox: set[Key] = field(default_factory=set)  # the outbox's unique dedupe keys
    windows: dict[Key, set[tuple[datetime, datetime]]] = field(default_factory=dict)
    walked: list[machine.Transition] = field(default_factory=list)

    # -- facts derived from the rows ----------------------------------------------------

    def with_plan(self) -> None:
        open_due = tuple((i, d) for i, (d, is_open) in sorted(self.agreements.items()) if is_open and d)
        self.facts = replace(
            self.facts,
            plan_hash=f"h{self.version}" if self.agreements else None,
            open_agreements=sum(1 for _d, is_open in self.agreements.values() if is_open),
            due_dates=open_due,
        )


# -- events -------------------------------------------------------------------------------

roles = st.sampled_from(ROLES)
advance = st.one_of(
    st.integers(1, 59).map(lambda m: ("advance", timedelta(minutes=m))),
    st.integers(1, 48).map(lambda h: ("advance", timedelta(hours=h))),
    st.integers(1, 30).map(lambda d: ("advance", timedelta(days=d))),
    st.integers(1, 4).map(lambda m: ("advance", timedelta(days=30 * m))),
)
tick = st.sampled_from([("tick",), ("tick", -MIN), ("tick", MIN)])  # at, just before, just after next_moment
sign_current = st.tuples(st.just("sign"), roles, st.just(0))
sign_old = st.tuples(st.just("sign"), roles, st.integers(1, 3))  # n plan versions back
add = st.tuples(st.just("add"), st.one_of(st.none(), st.integers(-20, 420)))  # due date: days after T
close = st.tuples(st.just("close"), st.integers(0, 10))
events = st.one_of(
    advance,
    advance,
    tick,
    tick,
    roles.map(lambda r: ("prepare", r)),
    sign_current,
    sign_current,
    sign_old,
    st.just(("edit",)),
    add,
    close,
    close,
)
scenarios = st.tuples(
    st.integers(24 * 60, 30 * 24 * 60).map(lambda m: timedelta(minutes=m)),  # scheduling lead
    st.sampled_from([3, 6, 12]),  # plan_months
    st.lists(events, min_size=20, max_size=80),
    st.one_of(st.none(), st.integers(0, 80)),  # before which event a cancellation is requested, if any
    st.one_of(st.none(), st.integers(0, 80)),  # before which event a new POP takes over, if any
)


def apply_event(m: Model, e: tuple) -> None:  # noqa: C901 - one branch per kind of event, as the model reads
    f = m.facts
    kind = e[0]
    if kind == "advance":
        m.now = min(m.now + e[1], m.horizon)
    elif kind == "tick":
        moment = rules.next_moment(f, m.now, m.settings)
        if moment is not None:
            m.now = min(max(moment + (e[1] if len(e) > 1 else timedelta(0)), m.now), m.horizon)
    elif kind == "prepare":
        m.facts = replace(f, prepared=f.prepared | {e[1]})
    elif kind == "sign":
        _kind, role, back = e
        if back == 0 and f.plan_hash is None:
            return  # an empty plan cannot be signed
        signed = dict(f.signed)
        signed[role] = f"h{m.version - back}"
        m.facts = replace(f, signed=signed)
    elif kind == "edit":
        if m.agreements:
            m.version += 1
            m.with_plan()
    elif kind == "add":
        due = None if e[1] is None else T.date() + timedelta(days=e[1])
        m.agreements[m.next_id] = (due, True)
        m.next_id += 1
        m.version += 1
        m.with_plan()
    elif kind == "close":
        open_ids = [i for i, (_d, is_open) in sorted(m.agreements.items()) if is_open]
        if open_ids:
            i = open_ids[e[1] % len(open_ids)]
            m.agreements[i] = (m.agreements[i][0], False)  # the status is not part of the signed content
            m.with_plan()
    elif kind == "cancel":
        m.facts = replace(f, cancel_requested=True)
    elif kind == "supersede":  # HR schedules the next conversation: a new POP takes the open agreements
        m.agreements = {i: (d, False) for i, (d, _open) in m.agreements.items()}  # status "carried"
        m.with_plan()
        m.facts = replace(m.facts, superseded=True)
    else:  # pragma: no cover
        raise AssertionError(e)


def enter(m: Model, t: machine.Transition) -> None:
    """The state change plus what the entry action writes that Facts can see."""
    m.facts = replace(m.facts, state=t.target)
    if t.target == State.ACTION and not m.facts.reviews:
        starts = machine.review_starts(T, m.settings, m.settings.timezone)
        m.facts = replace(
            m.facts,
            reviews=tuple((1000 + n, s) for n, s in enumerate(starts)),
            last_review_end=starts[-1] + timedelta(minutes=m.settings.review_minutes),
        )
    if t.target in FINAL:  # future reviews are called off
        m.facts = replace(m.facts, reviews=tuple((i, s) for i, s in m.facts.reviews if s <= m.now))


def check_transition(m: Model, t: machine.Transition) -> None:
    f, now = m.facts, m.now
    # (a) only transitions of the table, forward along the 4 A's or to CANCELLED, never out of a final state
    assert t.source == f.state
    assert (t.source, t.target) in machine.TRANSITIONS
    assert t.source not in FINAL
    if t.target == State.CANCELLED:
        assert f.cancel_requested
    else:
        assert not f.cancel_requested  # cancellation goes first
        assert FORWARD_ORDER.index(t.target) == FORWARD_ORDER.index(t.source) + 1
    if t.target == State.ALIGNMENT:
        lead = f.meeting_start - f.scheduled_at
        exchange = T - min(timedelta(days=m.settings.exchange_days), lead / 2)
        assert f.prepared == set(ROLES) or now >= exchange
    # (d) the agreements phase only once the meeting has ended
    if t.target == State.AGREEMENTS:
        assert now >= END
    # (c) action only when both signed the very plan that is current now
    if t.target == State.ACTION:
        current = f"h{m.version}"
        assert m.agreements and f.plan_hash == current
        assert f.signed.get("employee") == f.signed.get("manager") == current
    if t.target == State.COMPLETED:
        assert not any(is_open for _d, is_open in m.agreements.values())
        assert f.superseded or (f.last_review_end is not None and now >= f.last_review_end)


def evaluate(m: Model) -> None:
    """What the worker does at `m.now`: walk every transition, then queue the due reminders."""
    # (b) the walk ends within MAX_WALK steps
    for _ in range(MAX_WALK):
        t = machine.next_transition(m.facts, m.now, m.settings)
        if t is None:
            break
        # (f) determinism: the same facts and time give the same answer
        assert machine.next_transition(replace(m.facts), m.now, m.settings) == t
        check_transition(m, t)
        enter(m, t)
        m.walked.append(t)
    assert machine.next_transition(m.facts, m.now, m.settings) is None
    due = rules.due_reminders(m.facts, m.now, m.settings)
    assert rules.due_reminders(replace(m.facts), m.now, m.settings) == due
    for r in due:
        # (e) due only inside its window, and one window per dedupe key
        assert r.at <= m.now < r.until
        if r.kind == "prepare_reminder":  # never one at (or before) the invitation itself
            assert r.at > m.facts.scheduled_at
        key = (r.kind, r.role, r.key)
        m.windows.setdefault(key, set()).add((r.at, r.until))
        assert len(m.windows[key]) == 1, (key, m.windows[key])
        m.outbox.add(key)
    if m.facts.state in FINAL:
        assert due == [] and rules.next_moment(m.facts, m.now, m.settings) is None


def snapshot(m: Model) -> tuple:
    return (m.facts, set(m.outbox), {k: set(v) for k, v in m.windows.items()}, len(m.walked))


def check_quiet_until_next_moment(m: Model, now: datetime, later: datetime) -> None:
    """Nothing becomes due before next_moment: a tick sleeping until then misses nothing."""
    f, s = m.facts, m.settings
    moment = rules.next_moment(f, now, s)
    assert moment is None or moment > now
    assert rules.next_moment(replace(f), now, s) == moment  # (f) determinism
    if moment is None or later < moment:
        assert machine.next_transition(f, later, s) is None
        assert set(rules.due_reminders(f, later, s)) <= set(rules.due_reminders(f, now, s))
        assert rules.overdue(f, later) == rules.overdue(f, now)


@settings(max_examples=200, deadline=None, database=None)
@given(scenarios)
def test_random_events_over_a_year(scenario):
    lead, plan_months, steps, cancel_at, supersede_at = scenario
    for at, e in ((cancel_at, ("cancel",)), (supersede_at, ("supersede",))):
        if at is not None:
            steps = steps[:at] + [e] + steps[at:]
    s = Settings(plan_months=plan_months)
    scheduled = T - lead
    start = Facts(State.PLANNING, meeting_start=T, meeting_end=END, scheduled_at=scheduled)
    m = Model(settings=s, facts=start, now=scheduled, horizon=scheduled + timedelta(days=366))
    evaluate(m)
    assert m.facts.state == State.ANNOUNCEMENT
    for e in steps:
        earlier = m.now
        apply_event(m, e)
        if m.now != earlier:  # a clock step: the facts are those evaluated at `earlier`
            check_quiet_until_next_moment(m, earlier, m.now)
        evaluate(m)
        # (f) idempotence: a second look with no new event changes nothing
        first = snapshot(m)
        evaluate(m)
        assert snapshot(m) == first
    # (a) the states walked form one forward path
    path = [State.PLANNING] + [t.target for t in m.walked]
    assert all(a == b.source for a, b in zip(path, m.walked, strict=False))  # path holds one state more
    for a, b in pairwise(path):
        assert b == State.CANCELLED or FORWARD_ORDER.index(b) == FORWARD_ORDER.index(a) + 1
    assert len(m.walked) <= 6
    assert all(state not in FINAL for state in path[:-1])
    event(f"ended in {m.facts.state}")
    event(f"{len(steps) // 10 * 10}+ events")
