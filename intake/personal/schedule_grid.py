"""What the planning grid does with its rows: the rules of shared/schedule_rules.py in the
manager's words, at the row they are about, and the slot generator filling the rows.

No routes here (schedule_views.py has them); one statement reads the meetings already
planned of everyone on the page, as intake/scheduling.py does when it saves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from intake import scheduling
from intake.i18n import _, current_lang, error_message
from shared.db import UnitOfWork
from shared.localtime import format_when
from shared.models import Pop
from shared.schedule_rules import NOTICE_DAYS, Problem, Proposal, problems
from shared.slots import generate_slots, is_weekend

MORNING = (time(9), time(12))  # the generator's default day


@dataclass
class Check:
    chosen: list = field(default_factory=list)  # (Pop, SlotForm) of the rows with a date and a time
    errors: bool = False  # a row has an error (typed wrong, or a rule)
    warnings: dict[int, list[str]] = field(default_factory=dict)  # POP id: what to confirm
    top: list[str] = field(default_factory=list)  # messages for the whole page

    def fingerprint(self) -> str:
        """The warnings as shown: "Toch opslaan" confirms these, not others made by a change."""
        text = "\n".join(f"{pid}:{message}" for pid, messages in sorted(self.warnings.items()) for message in messages)
        return hashlib.sha256(text.encode()).hexdigest()[:32] if text else ""


def _period(pop: Pop) -> tuple[date, date] | None:
    rnd = pop.round
    return (rnd.meetings_from, rnd.meetings_until) if rnd.meetings_from and rnd.meetings_until else None


def periods(pops) -> list[tuple[date, date]]:
    """The rounds' periods on the page, for its hint."""
    return sorted({p for p in map(_period, pops) if p is not None})


def next_working_day(now: datetime, tz: str, pops=()) -> date:
    """The generator's first day: two weeks ahead (seed 002's notice), not before a round begins."""
    day = now.astimezone(ZoneInfo(tz)).date() + timedelta(days=NOTICE_DAYS)
    starts = [p[0] for p in periods(pops)]
    if starts and max(starts) > day:
        day = max(starts)
    while is_weekend(day):
        day += timedelta(days=1)
    return day


def pop_id_of(slot) -> int:
    """The row's POP; 0 (no POP) for a value that is no number (a tampered form)."""
    text = slot.pop_id.data or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


def check_rows(uow: UnitOfWork, form, pops: dict[int, Pop], tz: str, now: datetime) -> Check:
    """Every row: half a moment or a typing error at its field; the rules for the rows with
    a date and a time, errors at their field and warnings to confirm."""
    check = Check()
    zone = ZoneInfo(tz)
    for entry in form.slots:
        slot, pop = entry.form, pops.get(pop_id_of(entry.form))
        if pop is None:
            continue  # planned meanwhile (another tab, or HR): nothing to do for this row
        if bool(slot.day.data) != bool(slot.time.data) and not (slot.day.errors or slot.time.errors):
            (slot.time if slot.day.data else slot.day).errors.append(_("Vul datum en tijd allebei in."))
        elif slot.day.data and slot.time.data and not (slot.minutes.errors or slot.location.errors):
            check.chosen.append((pop, slot))
    proposals = [
        Proposal(
            key=pop.id,
            people=frozenset({pop.employee_id, pop.manager_id}),
            start=slot.start_utc(tz),
            end=slot.start_utc(tz) + timedelta(minutes=slot.minutes.data or 60),
            day=slot.day.data,
            period=_period(pop),
            exchange_days=pop.round.exchange_days,
        )
        for pop, slot in check.chosen
    ]
    busy = (
        scheduling.busy_times(
            uow,
            {i for p in proposals for i in p.people},
            min(p.start for p in proposals),
            max(p.end for p in proposals),
        )
        if proposals
        else []
    )
    times = {b.meeting_id: (b.start.astimezone(zone), b.end.astimezone(zone)) for b in busy}
    found = problems(proposals, busy, now)
    for pop, slot in check.chosen:
        for problem in found.get(pop.id, []):
            text = _words(problem, pop, pops, times, tz)
            if problem.is_error:
                (slot.time if problem.code == "double_booked" else slot.day).errors.append(text)
            else:
                check.warnings.setdefault(pop.id, []).append(text)
    check.errors = any(f.errors for entry in form.slots for f in entry.form)
    return check


def _words(problem: Problem, pop: Pop, pops: dict[int, Pop], times: dict, tz: str) -> str:
    d = problem.details
    if problem.code == "outside_round":
        return error_message("outside_round", start=d["start"].strftime("%d-%m-%Y"), end=d["end"].strftime("%d-%m-%Y"))
    if problem.code == "weekend":
        return _("Deze dag valt in het weekend.")
    if problem.code == "short_notice":
        return _(
            "Dit is minder dan twee weken vooruit. De gesprekspunten worden dan al op {moment} uitgewisseld: "
            "jullie hebben minder tijd om je voor te bereiden.",
            moment=format_when(d["exchange"], current_lang(), tz),
        )
    if problem.code == "double_booked":
        mine = d["person"] == pop.manager_id
        if "other" in d:
            other = pops[d["other"]].employee.name
            if mine:
                return _("Je hebt op dat moment al een gesprek met {name}.", name=other)
            return _("{name} staat op dat moment al in een andere rij.", name=pop.employee.name)
        start, end = times[d["meeting"]]
        if mine:
            return _("Je hebt van {start} tot {end} al een ander gesprek.", start=f"{start:%H:%M}", end=f"{end:%H:%M}")
        return _(
            "{name} heeft van {start} tot {end} al een ander gesprek.",
            name=pop.employee.name,
            start=f"{start:%H:%M}",
            end=f"{end:%H:%M}",
        )
    return error_message(problem.code, **d)


def fill_rows(uow: UnitOfWork, manager_id: int, rows: list, generator, pops: dict[int, Pop], place_all, tz, now) -> int:
    """Consecutive slots into the rows, in order: never past a round's end, around the
    manager's meetings already planned and not in the past. Saves nothing; returns how
    many rows got a slot (the others are emptied)."""
    zone = ZoneInfo(tz)
    ends = [p[1] for p in periods(pops.values())]
    until = min(ends) if ends else None
    first = generator.first_day.data
    since = datetime.combine(first, time.min, zone)
    last = datetime.combine(until or first + timedelta(days=366), time.max, zone)
    busy = [
        (b.start.astimezone(zone).replace(tzinfo=None), b.end.astimezone(zone).replace(tzinfo=None))
        for b in scheduling.busy_times(uow, {manager_id}, since, last)
    ]
    busy.append((datetime.combine(first, time.min), now.astimezone(zone).replace(tzinfo=None)))  # not in the past
    slots = generate_slots(
        first,
        generator.day_start.data,
        generator.day_end.data,
        generator.minutes.data,
        generator.gap.data or 0,
        generator.skip_weekends.data,
        len(rows),
        until,
        busy,
    )
    for i, slot in enumerate(rows):
        day, at = slots[i] if i < len(slots) else (None, None)
        _set(slot.day, day)
        _set(slot.time, at)
        if day is not None:
            _set(slot.minutes, generator.minutes.data)
        if place_all and not slot.location.data:
            _set(slot.location, place_all)
    return len(slots)


def _set(field_, value) -> None:
    # A field renders its raw_data (what was typed) before its data: both go.
    field_.data, field_.raw_data, field_.errors = value, None, []


def csrf_errors(form) -> list[str]:
    """The CSRF token's errors (there is no token when CSRF is off, as in tests)."""
    token = getattr(form, "csrf_token", None)
    return list(token.errors) if token is not None else []


def summary(form, generator, rows, check: Check) -> list[tuple[str | None, str]]:
    """The error summary: (field id to link to, or None; text), in the page's order."""
    found: list[tuple[str | None, str]] = [(None, message) for message in csrf_errors(form)]
    for f in generator:
        found += [(f.id, f"{_('Tijden invullen')}, {_(f.label.text)}: {message}") for message in f.errors]
    found += [(form.place_all.id, f"{_(form.place_all.label.text)}: {m}") for m in form.place_all.errors]
    for entry, pop in rows:
        for f in entry.form:
            found += [(f.id, f"{pop.employee.name}, {_(f.label.text).lower()}: {m}") for m in f.errors]
    return found + [(None, message) for message in check.top]
