"""HR logs in and out, and changes their password.

A login answers the same, in the same time, whatever went wrong: no such account, a wrong
password, a disabled account, or an account in backoff. Every attempt checks one Argon2
hash (a stand-in one when the address is unknown).

Backoff: after MAX_FAILED_LOGINS failures in a row an account waits BACKOFF_START, doubling
with every further failure up to BACKOFF_MAX. The wait holds only for browsers that never
logged in to this account: a successful login leaves a signed device mark (a cookie), and a
browser with that mark skips the wait (it still meets the per-client limit of
intake/limits.py). So someone guessing elsewhere cannot keep a real HR user out of her own
browser (OWASP's "device cookies").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import update

from intake import web
from intake.api.tokens import find_hr_user
from intake.hr.forms import LoginForm, PasswordForm
from intake.hr.views import bp, hr_required
from intake.i18n import _, current_lang
from shared.db import UnitOfWork
from shared.models import HrUser
from shared.passwords import check_password, hash_password, password_problem, problem_message

MAX_FAILED_LOGINS = 5
BACKOFF_START = timedelta(minutes=1)
BACKOFF_MAX = timedelta(minutes=15)
DEVICE_COOKIE = "popflow_hr_device"
DEVICE_DAYS = 180


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="popflow-hr-device")


def _device_user_ids() -> list[int]:
    """The HR users who logged in from this browser before (at most a few)."""
    try:
        found = _device_serializer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return []
    return [i for i in found if isinstance(i, int)] if isinstance(found, list) else []


def count_failed_login(uow: UnitOfWork, now: datetime, user: HrUser) -> None:
    """One UPDATE raises the counter, so attempts in parallel each count."""
    failures = uow.session.execute(
        update(HrUser)
        .where(HrUser.id == user.id)
        .values(failed_logins=HrUser.failed_logins + 1)
        .returning(HrUser.failed_logins)
    ).scalar_one()
    if failures >= MAX_FAILED_LOGINS:
        wait = min(BACKOFF_START * 2 ** (failures - MAX_FAILED_LOGINS), BACKOFF_MAX)
        uow.session.execute(update(HrUser).where(HrUser.id == user.id).values(locked_until=now + wait))


def start_session(user: HrUser) -> None:
    session.clear()
    session["hr_user_id"], session["hr_epoch"] = user.id, user.session_epoch


def end_every_session(uow: UnitOfWork, user: HrUser) -> None:
    """Every session of this user (in any browser) stops at its next request."""
    uow.session.execute(update(HrUser).where(HrUser.id == user.id).values(session_epoch=HrUser.session_epoch + 1))
    uow.session.refresh(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    web.choose_language()
    form = LoginForm()
    if form.validate_on_submit():
        work, now = web.uow(), web.now()
        user = find_hr_user(work, form.email.data)
        right = check_password(user.password_hash if user else None, form.password.data)
        locked = user is not None and user.locked_until is not None and user.locked_until > now
        waiting = locked and user.id not in _device_user_ids()
        if user is not None and right and not waiting and user.disabled_at is None:
            if not locked:  # her own login in a backoff leaves the guesser's count standing
                work.session.execute(
                    update(HrUser).where(HrUser.id == user.id).values(failed_logins=0, locked_until=None)
                )
                work.commit()
            start_session(user)
            target = request.args.get("next", "")
            response = redirect(target if target.startswith("/hr") else url_for("hr.pops"))
            known = [user.id] + [i for i in _device_user_ids() if i != user.id][:4]
            response.set_cookie(
                DEVICE_COOKIE,
                _device_serializer().dumps(known),
                max_age=DEVICE_DAYS * 86400,
                path="/hr",
                httponly=True,
                samesite="Lax",
                secure=current_app.config["SESSION_COOKIE_SECURE"],
            )
            return response
        if user is not None and not right:
            count_failed_login(work, now, user)
            work.commit()  # the count stands even though the answer is an error page
        form.password.errors.append(
            _(
                "Inloggen lukt niet met dit e-mailadres en wachtwoord. Na een paar mislukte pogingen moet je "
                "even wachten. Klopt alles en lukt het niet? Vraag het je beheerder."
            )
        )
    return render_template("hr/login.html", form=form), (422 if form.errors else 200)


@bp.post("/logout")
@hr_required
def logout():
    """Logging out ends every session of this user, in every browser."""
    work = web.uow()
    end_every_session(work, g.hr_user)
    work.commit()
    session.clear()
    return redirect(url_for("hr.login"))


@bp.route("/password", methods=["GET", "POST"])
@hr_required
def change_password():
    """A new password ends every other session of this user; this one goes on."""
    form = PasswordForm()
    if form.validate_on_submit():
        work, user = web.uow(), g.hr_user
        problem = password_problem(form.new.data)
        if not check_password(user.password_hash, form.current.data):
            form.current.errors = [*form.current.errors, _("Dit is niet je huidige wachtwoord.")]
        elif form.new.data != form.repeat.data:
            form.repeat.errors = [*form.repeat.errors, _("De twee nieuwe wachtwoorden zijn niet gelijk.")]
        elif problem:
            form.new.errors = [*form.new.errors, problem_message(problem, current_lang())]
        else:
            user.password_hash = hash_password(form.new.data)
            work.session.flush()
            end_every_session(work, user)
            work.commit()
            start_session(user)
            flash(_("Je wachtwoord is gewijzigd. Op andere apparaten moet je opnieuw inloggen."), "info")
            return redirect(url_for("hr.pops"))
    return render_template("hr/password.html", form=form), (422 if form.errors else 200)
