"""The preparation form behind a personal link: answers, what is shared, a draft or the final
version, and the manager's department answers carried from one report to the next."""

from __future__ import annotations

from flask import flash, g, jsonify, redirect, render_template, request, url_for

from intake import commands, web
from intake.commands import Conflict, InputError
from intake.department_answers import earlier_department_answers
from intake.i18n import _, error_message
from intake.personal.consent_views import shared_with_name
from intake.personal.forms import ReopenForm, ShareAgainForm, preparation_form
from intake.personal.link_query import LockedPop, full_link
from intake.personal.views import bp, locks_pop_on_post, other_person
from intake.preparation_ready import before_exchange
from intake.preparation_write import save_draft_if_current
from shared.conversation_types import ratings_on, suggested_type
from shared.models import Pop, Preparation
from shared.pop_states import BEFORE_MEETING


@bp.route("/prepare", methods=["GET", "POST"])
@locks_pop_on_post  # a save's link query takes the POP's lock
def prepare():
    work = web.uow()
    saving = request.method == "POST"
    if saving and g.current_pop.state in BEFORE_MEETING:
        saved = _save_draft_without_reading(work, g.current_pop)
        if saved is not None:
            return saved
    pop = full_link()
    # Any other save reads the preparation once, under the POP's lock (what its version check
    # needs); a page to look at takes no lock.
    prep = commands.preparation_for_edit(work, pop, g.role) if saving else commands.preparation_of(work, pop, g.role)
    qs = web.question_set(prep.question_set if prep else pop.question_set)
    questions = qs.for_role(g.role)
    if prep is not None and prep.submitted_at is not None or pop.state not in BEFORE_MEETING:
        if _autosave():
            return jsonify(saved=False, reason="closed"), 409
        return render_template(
            "personal/preparation_done.html",
            pop=pop,
            prep=prep,
            questions=questions,
            lang=g.lang,
            other=other_person(pop),
            share_form=ShareAgainForm(),
            shared_with=shared_with_name(work, prep),
            reopen_form=ReopenForm() if before_exchange(pop, web.now()) else None,
        )
    initial, reused_from = ({}, None) if saving else _opening(work, pop, prep, qs, questions)
    form = preparation_form(questions, g.role, g.lang, other_person(pop).name, _rates(work, pop), **initial)
    if saving and form.validate():
        return _save(work, pop, prep, form, questions)
    if _autosave():
        return jsonify(saved=False, reason="invalid"), 422  # the page shows why once it is sent
    return _render_prepare(form, questions, prep, reused_from=reused_from), 422 if saving else 200


def _autosave() -> bool:
    """A save in the background (static/autosave.js): it is answered in JSON, not a page."""
    return request.headers.get("X-Autosave") == "1"


def _save_draft_without_reading(work, pop: Pop | LockedPop):
    """The usual save, a valid draft over the saved draft of the POP's question set, in one
    statement; None when it takes the way below (nothing was written)."""
    questions = web.question_set(pop.question_set).for_role(g.role)
    other = pop.manager if g.role == "employee" else pop.employee  # other_person's, on either kind of POP
    manager = _rates(work, pop)
    form = preparation_form(questions, g.role, g.lang, other.name, manager)
    if form.submit.data or not form.validate():
        return None
    version = save_draft_if_current(
        work,
        web.now(),
        pop,
        g.person,
        answers=_answers(form, questions),
        potential=form.potential.data if manager else None,
        willingness=form.willingness.data if manager else None,
        loaded_version=_loaded_version(form.version.data),
    )
    if version is None:
        return None
    work.commit()
    return _saved(submit=False, version=version)


def _rates(work, pop: Pop | LockedPop) -> bool:
    """Whether this person rates potential and willingness: the manager, in a round with the
    conversation types on (seed 002's matrix; HR may leave it out of a round)."""
    return g.role == "manager" and ratings_on(work.session, pop.id)


def _answers(form, questions) -> dict:
    return {
        q.id: {"text": (form[f"answer_{q.id}"].data or "").strip(), "share": bool(form[f"share_{q.id}"].data)}
        for q in questions
    }


def _save(work, pop: Pop, prep: Preparation | None, form, questions):
    """A valid form saved as a draft or made ready to share; the answer the browser gets.
    Whatever the button, what was typed is kept: not yet ready is saved as a draft."""
    submit = bool(form.submit.data) and not _autosave()
    answers = _answers(form, questions)
    manager = "potential" in form  # a manager, in a round that rates
    incomplete = submit and _incomplete(form, manager, answers, questions)
    if incomplete:
        submit = False
    try:
        prep = commands.record_preparation(
            work,
            web.now(),
            pop,
            g.person,
            prep,
            answers=answers,
            potential=form.potential.data if manager else None,
            willingness=form.willingness.data if manager else None,
            submit=submit,
            loaded_version=_loaded_version(form.version.data),
        )
    except InputError as exc:
        work.rollback()
        if _autosave():
            return jsonify(saved=False, reason="conflict" if isinstance(exc, Conflict) else exc.code), 409
        flash(error_message(exc.code), "error")
        if isinstance(exc, Conflict):
            return _render_conflict(work, pop, form, questions, answers), 409
        return _render_prepare(form, questions, prep), 409
    work.commit()
    if incomplete:  # saved as a draft; the page says what is missing to be ready
        form.version.data = str(prep.version)
        return _render_prepare(form, questions, prep), 422
    return _saved(submit, prep.version)


def _saved(submit: bool, version: int):
    """Where the browser goes once saved; a save in the background gets the form's next version."""
    if _autosave():
        return jsonify(saved=True, version=version)
    if submit:
        flash(_("Je voorbereiding staat klaar om te delen."), "info")
        return redirect(url_for(".prepare"))
    onward = _next_group(request.form.get("save", ""))
    if onward is None:
        flash(_("Je concept is opgeslagen."), "info")
        return redirect(url_for(".prepare"))
    # Said beside the group they go on with: a message at the top would be out of sight.
    return redirect(url_for(".prepare", saved=onward, _anchor=f"groep-{onward}"))


def _render_conflict(work, pop: Pop, form, questions, answers: dict):
    """Keep what they typed; show what was saved elsewhere beside it."""
    newest = commands.preparation_of(work, pop, g.role)
    assert newest is not None, "a conflict is with a version saved elsewhere"
    form.version.data = str(newest.version)
    elsewhere = {q.id: newest.answers.get(q.id, {}).get("text", "") for q in questions}
    return _render_prepare(
        form,
        questions,
        newest,
        elsewhere={qid: text for qid, text in elsewhere.items() if text != answers[qid]["text"]},
    )


def _next_group(pressed: str) -> int | None:
    """The group a 'save and go on' button leads to; None for the button at the end (or a
    value no page of ours sends)."""
    number = pressed.removeprefix("groep-")
    if pressed.startswith("groep-") and number.isascii() and number.isdigit() and len(number) < 3:
        return int(number)
    return None


def _loaded_version(text: str | None) -> int | None:
    """The version the form was loaded with; one that is no number (a tampered form) counts
    as stale, so it can never overwrite a version its sender did not see."""
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1


def _opening(work, pop: Pop, prep: Preparation | None, qs, questions) -> tuple[dict, str | None]:
    """What the form opens with: the saved draft; on a manager's first look, the department
    answers of their latest other preparation, and whom that was for."""
    if prep is not None or g.role != "manager":
        return _initial(prep, questions), None
    earlier = earlier_department_answers(work, pop, {q.id for q in qs.manager_flow})
    if earlier is None:
        return {}, None
    answers, name = earlier
    return {
        **{f"answer_{qid}": a.get("text", "") for qid, a in answers.items()},
        **{f"share_{qid}": a.get("share", False) for qid, a in answers.items()},
    }, name


def _initial(prep: Preparation | None, questions) -> dict:
    if prep is None:
        return {}
    data: dict = {"version": str(prep.version), "potential": prep.potential, "willingness": prep.willingness}
    for q in questions:
        answer = prep.answers.get(q.id, {})
        data[f"answer_{q.id}"] = answer.get("text", "")
        data[f"share_{q.id}"] = answer.get("share", False)
    return data


def _incomplete(form, rates: bool, answers: dict, questions) -> bool:
    """Submitting needs some content, an answer to each question HR made required, and the
    manager's two ratings (002's matrix) where the round asks for them."""
    missing = False
    if not any(a["text"] for a in answers.values()):
        form.form_errors.append(
            _("Beantwoord minstens één vraag voordat je je voorbereiding klaarzet. Je concept is opgeslagen.")
        )
        missing = True
    for q in questions:
        if q.required and not answers[q.id]["text"]:
            field = form[f"answer_{q.id}"]
            field.errors = [*field.errors, _("Beantwoord deze vraag om je voorbereiding klaar te zetten.")]
            missing = True
    if rates:
        for field in (form.potential, form.willingness):
            if not field.data:
                field.errors = [*field.errors, _("Kies laag of hoog om je voorbereiding klaar te zetten.")]
                missing = True
    return missing


def _question_groups(pop: Pop, role: str, questions) -> list[tuple[str, str, list, list, bool]]:
    """(title, hint, core questions, optional ones, about the department) per theme of the
    question set, in order: core questions show at once, the others behind a fold."""
    themes = web.question_set(pop.question_set).themes[role]
    shown = {q.id for q in questions}  # a preparation of another set is shown as done, not here
    return [
        (
            theme.title(g.lang, pop.employee.name),
            theme.help(g.lang),
            list(theme.core),
            list(theme.more),
            theme.department,
        )
        for theme in themes
        if any(q.id in shown for q in theme.questions)
    ]


def _render_prepare(form, questions, prep, elsewhere: dict[str, str] | None = None, reused_from: str | None = None):
    suggestion, rates = None, "potential" in form
    if rates and not (form.potential.errors or form.willingness.errors):  # no unknown level
        pop = g.current_pop
        version = prep.question_set if prep is not None else pop.question_set
        suggestion = suggested_type(
            pop.round, form.potential.data, form.willingness.data, g.lang, version, web.uow().session
        )
    answered_ids = {q.id for q in questions if (form[f"answer_{q.id}"].data or "").strip()}
    return render_template(
        "personal/prepare.html",
        form=form,
        groups=_question_groups(g.current_pop, g.role, questions),
        pop=g.current_pop,
        role=g.role,
        prep=prep,
        suggestion=suggestion,
        rates=rates,
        answered_ids=answered_ids,
        saved_before=request.args.get("saved", type=int),
        reused_from=reused_from,
        elsewhere=elsewhere or {},
        carried=commands.carried_over(web.uow(), g.current_pop),
        exchange_at=g.current_pop.exchange_at if g.current_pop.state in ("planning", "announcement") else None,
        exchanged=g.current_pop.state not in ("planning", "announcement"),
        other=other_person(g.current_pop),
    )
