"""Pages behind a personal link: the POP overview, agreements, signing (the preparation:
prepare_views.py)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from intake import access_web, commands, plan_commands, web
from intake.agenda_commands import agenda_of
from intake.commands import AgreementInput, Conflict, InputError
from intake.feed import feed_url
from intake.i18n import _, error_message
from intake.personal.forms import AgreementsForm, SignForm, smart_advice
from intake.personal.link_query import LinkedPerson, LockedPop, locked_link, person_of, pop_and_people
from intake.personal.plan_advice import date_warnings, plan_days
from shared import smart
from shared.models import Meeting, Person, Pop, Signature
from shared.next_step import next_step
from shared.plan import plan_hash
from shared.pop_states import BEFORE_MEETING, FINAL, PHASES
from shared.tokens import LinkExpired, LinkInvalid, make_link_token, read_link_token

bp = Blueprint("personal", __name__, url_prefix="/p/<token>")
access_web.guard(bp)  # every personal page: shared.access decides, after the link resolved

STEPS = [state.value for state in PHASES]

# A save behind the link locks the POP anyway (commands.lock_for_edit): its link query takes
# that lock, a statement fewer (link_query.py). PostgreSQL then returns the POP as saved now;
# if its people changed in that moment, the joined rows no longer match and the link answers
# 404 once.
_LOCKING_ENDPOINTS: set[str] = set()


def locks_pop_on_post(view):
    """For a view whose POST edits the POP under commands.lock_for_edit."""
    _LOCKING_ENDPOINTS.add(f"{bp.name}.{view.__name__}")
    return view


@bp.url_value_preprocessor
def resolve_link(_endpoint, values):
    """Turn the token into g.person, g.current_pop and g.role, or show why the link does not work."""
    token = values.pop("token")
    config = web.runtime().config
    web.choose_language()
    try:
        claim = read_link_token(config.secret_key, token, config.link_max_age_days * 86400, now=web.now())
    except LinkExpired:
        g.expired_token = token  # the page offers to mail a fresh link for it
        abort(410)
    except LinkInvalid:
        abort(404)
    session = web.uow().session
    pop: Pop | LockedPop | None
    person: Person | LinkedPerson | None
    if request.method == "POST" and _endpoint in _LOCKING_ENDPOINTS:
        pop = locked_link(session, claim.pop_id)  # plain rows: full_link() has the objects
        person = person_of(pop, claim.person_id) if pop is not None else None
    else:
        pop = pop_and_people(session, claim.pop_id)
        person = session.get(Person, claim.person_id)  # one of the two just loaded: no SQL
    if person is None or pop is None or person.link_epoch != claim.epoch or pop.role_of(person.id) is None:
        abort(404)
    if isinstance(pop, LockedPop):
        commands.lock_held(web.uow(), pop)
    g.token, g.person, g.current_pop, g.role = token, person, pop, pop.role_of(person.id)
    web.choose_language(person.language)


@bp.url_defaults
def keep_token(_endpoint, values):
    if "token" not in values and "token" in g:
        values["token"] = g.token


@bp.app_errorhandler(410)
def link_expired(_e):
    from intake.links import RenewForm

    web.choose_language()
    return render_template("links/expired.html", form=RenewForm(token=g.get("expired_token", ""))), 410


def other_person(pop: Pop) -> Person:
    return pop.manager if g.role == "employee" else pop.employee


def still_ahead(meeting: Meeting) -> bool:
    return meeting.cancelled_at is None and meeting.ends_at > web.now()


def movable(meeting: Meeting) -> bool:
    """Whether the manager may propose another time for this meeting now."""
    pop = g.current_pop
    return (
        still_ahead(meeting)
        and pop.state not in FINAL
        and (meeting.kind != "conversation" or pop.state in BEFORE_MEETING)
    )


@bp.get("")
def overview() -> ResponseReturnValue:
    s = web.uow().session
    pop: Pop = g.current_pop
    meetings = s.scalars(select(Meeting).where(Meeting.pop_id == pop.id).order_by(Meeting.starts_at)).all()
    mine = commands.preparation_of(web.uow(), pop, g.role)
    agreements = commands.current_plan(web.uow(), pop)
    current_hash = plan_hash(agreements, pop.plan_goal)
    signatures = s.scalars(select(Signature).where(Signature.pop_id == pop.id).order_by(Signature.id)).all()
    valid = {sig.role: sig for sig in signatures if sig.content_hash == current_hash}
    sign_form = SignForm(content_hash=current_hash)
    reports = _reports_of(g.person) if g.role == "manager" else []  # one query, for the list and the count
    step = next_step(
        pop.state,
        g.role,
        prepared=bool(mine and mine.submitted_at),
        has_agreements=bool(agreements),
        signed_by_me=g.role in valid,
    )
    conversation = next((m for m in meetings if m.kind == "conversation" and still_ahead(m)), None)
    question_count = len(web.question_set(mine.question_set if mine else pop.question_set).for_role(g.role))
    plan_running = pop.state in ("action", "completed")  # progress and evaluations exist only then
    their_evaluation = plan_commands.shared_evaluation_of_other(web.uow(), pop, g.role) if plan_running else None
    return render_template(
        "personal/overview.html",
        pop=pop,
        role=g.role,
        person=g.person,
        steps=STEPS,
        step=step,
        conversation=conversation,
        question_count=question_count,
        meetings=meetings,
        mine=mine,
        still_ahead=still_ahead,
        movable=movable,
        shared=access_web.other_side_points(pop, g.lang),
        agreements=agreements,
        valid_signatures=valid,
        sign_form=sign_form,
        current_hash=current_hash,
        progress=plan_commands.progress_history(web.uow(), pop) if plan_running else {},
        their_evaluation=their_evaluation,
        evaluation_questions=web.question_set(their_evaluation.question_set).evaluation if their_evaluation else (),
        events=commands.timeline(web.uow(), pop),
        feed=feed_url(web.runtime().config, g.person),
        feed_renewed=request.args.get("feed") == "nieuw",
        reports=reports,
        agenda_count=len(agenda_of(web.uow(), pop)),
        plan_open=commands.plan_editable_now(web.uow(), pop, web.now()),
        date_warnings=date_warnings(pop, agreements) if pop.state == "agreements" and g.role not in valid else [],
        waiting=sum(1 for other, _token in reports if other.state == "planning"),
    )


def _reports_of(manager: Person) -> list[tuple[Pop, str]]:
    """A manager's link opens all their reports' POPs: each with a link of its own."""
    config = web.runtime().config
    until = web.now() + timedelta(days=config.link_max_age_days)  # a page's links: as long as a fresh link
    pops = (
        web.uow()
        .session.scalars(
            select(Pop)
            .where(Pop.manager_id == manager.id)
            .order_by(Pop.state.in_(list(FINAL)), Pop.id.desc())
            .limit(200)
        )
        .all()
    )
    return [(pop, make_link_token(config.secret_key, manager.id, pop.id, manager.link_epoch, until)) for pop in pops]


@bp.route("/agreements", methods=["GET", "POST"])
def agreements() -> ResponseReturnValue:
    pop: Pop = g.current_pop
    if not commands.plan_editable_now(web.uow(), pop, web.now()):
        flash(error_message("agreements_closed"), "error")
        return redirect(url_for(".overview"))
    if request.method == "GET":
        return _render_agreements(_loaded_agreements(pop))
    form = AgreementsForm()
    if form.add.data:
        form.agreements.append_entry()
        return _render_agreements(form)
    items = _checked_agreements(form)
    if items is None:
        return _render_agreements(form), 422
    return _save_agreements(form, items)


def _loaded_agreements(pop: Pop) -> AgreementsForm:
    existing = commands.current_plan(web.uow(), pop)
    rows = [
        {
            "what": a.what,
            "measurable_result": a.measurable_result,
            "owner": a.owner,
            "due_date": a.due_date,
            "kind": a.kind,
            "activity": a.activity,
            "cost_eur": a.cost_eur,
            "hours": a.hours,
            "support": a.support,
        }
        for a in existing
    ]
    return AgreementsForm(
        loaded_hash=plan_hash(existing, pop.plan_goal) or "", data={"agreements": rows or [{}], "goal": pop.plan_goal}
    )


def _checked_agreements(form: AgreementsForm) -> list[AgreementInput] | None:
    """The agreements to save, or None with the errors on the form."""
    if not form.validate():
        return None
    kept = [e for e in form.agreements if not e.remove.data and not e.form.is_blank()]
    missing_what = [e for e in kept if not (e.what.data or "").strip()]
    for entry in missing_what:
        entry.what.errors = [*entry.what.errors, _("Beschrijf wat je afspreekt.")]
    if missing_what:
        return None
    return [
        AgreementInput(**{k: v for k, v in e.data.items() if k != "remove"} | {"what": e.what.data.strip()})
        for e in kept
    ]


def _save_agreements(form: AgreementsForm, items: list[AgreementInput]):
    pop, work = g.current_pop, web.uow()
    try:
        commands.save_agreements(
            work, web.now(), pop, g.person, items, form.loaded_hash.data or None, goal=(form.goal.data or "").strip()
        )
    except InputError as exc:
        work.rollback()
        flash(error_message(exc.code), "error")
        if isinstance(exc, Conflict):  # keep their text; the next save knows the saved version
            saved = commands.current_plan(work, pop)
            form.loaded_hash.data = plan_hash(saved, pop.plan_goal) or ""
            return _render_agreements(form, saved=saved, saved_goal=pop.plan_goal), 409
        return _render_agreements(form), 409
    work.commit()
    flash(_("De afspraken zijn opgeslagen. Kijk ze na en onderteken ze op de POP-pagina."), "info")
    return redirect(url_for(".overview") + "#plan")


def _render_agreements(form, saved=None, saved_goal: str = ""):
    pop: Pop = g.current_pop
    today, end = plan_days(pop)
    advice = [smart_advice(entry.form, today, end) for entry in form.agreements]
    for entry in form.agreements:  # the two people as choices; any other name can be typed
        entry.owner.render_kw = {"list": "owner-choices", "autocomplete": "off"}
    return render_template(
        "personal/agreements.html",
        form=form,
        pop=pop,
        advice=advice,
        saved=saved,
        saved_goal=saved_goal,
        smart_rules=smart.rules_document(_),
        today=today,
        plan_end=end,
    )


@bp.post("/sign")
def sign():
    work = web.uow()
    form = SignForm()
    if not form.validate():
        abort(400)
    try:
        commands.sign_plan(work, web.now(), g.current_pop, g.person, form.content_hash.data)
    except InputError as exc:
        work.rollback()
        flash(error_message(exc.code), "error")
        return redirect(url_for(".overview") + "#plan")
    work.commit()
    flash(_("Je hebt het plan ondertekend."), "info")
    return redirect(url_for(".overview") + "#plan")
