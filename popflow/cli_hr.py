"""`popflow hr add|password|disable|enable EMAIL`: HR users, their password and access.

A new password (at least 12 characters, not a common one) and disabling both end every
session of that user at its next request (their session_epoch goes up); a disabled
user's API tokens stop working too.
"""

from __future__ import annotations

import click

from popflow.cli_lang import _, cli_lang, fail
from shared.config import Config


def check_new_password(password: str) -> None:
    """Stop the command when the password breaks the policy (shared/passwords.py)."""
    from shared.passwords import password_problem, problem_message

    problem = password_problem(password)
    if problem:
        fail(problem_message(problem, cli_lang()))


def _change_user(email: str, change) -> None:
    from intake.api.tokens import find_hr_user
    from intake.hr.login import end_every_session
    from popflow.processes import cli_runtime

    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        user = find_hr_user(uow, email)
        if user is None:
            fail(_("Er is geen HR-gebruiker {email}.", email=email))
        change(user, runtime.now())
        uow.session.flush()
        end_every_session(uow, user)
        uow.commit()


@click.command("add")
@click.argument("email")
@click.option("--name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl")
def hr_add(email: str, name: str, password: str, language: str) -> None:
    """A new HR user (or a new password and name for one: their sessions end)."""
    from intake.hr.login import end_every_session
    from popflow.demo import add_hr_user
    from popflow.processes import cli_runtime

    check_new_password(password)
    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        end_every_session(uow, add_hr_user(uow, email, password, name=name, language=language))
        uow.commit()
    click.echo(_("HR-gebruiker {email} staat klaar", email=email))


@click.command("password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--revoke-tokens", is_flag=True, help="Revoke the user's API tokens too (after a leak).")
def hr_password(email: str, password: str, revoke_tokens: bool) -> None:
    """Set a new password; every session of this user ends."""
    from shared.passwords import hash_password

    check_new_password(password)

    def change(user, now):
        user.password_hash = hash_password(password)
        if revoke_tokens:
            _revoke_tokens(user, now)

    _change_user(email, change)
    click.echo(
        _("nieuw wachtwoord voor {email}; de sessies zijn beëindigd en de API-tokens ingetrokken", email=email)
        if revoke_tokens
        else _("nieuw wachtwoord voor {email}; de sessies zijn beëindigd", email=email)
    )


def _revoke_tokens(user, now) -> None:
    from sqlalchemy import inspect, update

    from shared.models import ApiToken

    inspect(user).session.execute(
        update(ApiToken).where(ApiToken.hr_user_id == user.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )


@click.command("disable")
@click.argument("email")
def hr_disable(email: str) -> None:
    """No more login or sessions for this HR user (undo: `popflow hr enable`); their API
    tokens are revoked for good: a user disabled after a leak gets new ones when enabled."""

    def disable(user, now):
        user.disabled_at = user.disabled_at or now
        _revoke_tokens(user, now)

    _change_user(email, disable)
    click.echo(
        _("HR-gebruiker {email} uitgeschakeld; de sessies zijn beëindigd en de API-tokens ingetrokken", email=email)
    )


@click.command("enable")
@click.argument("email")
def hr_enable(email: str) -> None:
    """Undo `popflow hr disable`: the user can log in again (with new API tokens: disabling revoked the old)."""

    def enable(user, _now):
        user.disabled_at, user.failed_logins, user.locked_until = None, 0, None

    _change_user(email, enable)
    click.echo(_("HR-gebruiker {email} kan weer inloggen", email=email))
