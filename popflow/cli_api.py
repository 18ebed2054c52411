"""`popflow hr token ...`: HR API tokens for scripts (create, list, revoke)."""

from __future__ import annotations

import json

import click

from popflow.cli_lang import _, fail
from shared.config import Config


@click.group("token")
def hr_token_group() -> None:
    """HR API tokens: a script sends one as `Authorization: Bearer <token>` to /api/v1/."""


@hr_token_group.command("create")
@click.option("--email", required=True, help="The HR user the script acts for.")
@click.option("--name", required=True, help="What the token is for, e.g. 'salarisadministratie'.")
@click.option("--days", type=int, default=None, help="How many days it works (default API_TOKEN_DAYS, 365).")
def token_create(email: str, name: str, days: int | None) -> None:
    """A new token. Its secret is printed once, as JSON {"id": ..., "token": ...}; only a hash is kept."""
    from intake.api.tokens import MAX_VALID_DAYS, NAME_MAX, create_token, find_hr_user
    from popflow.processes import cli_runtime

    config = Config.from_env()
    days = config.api_token_days if days is None else days
    if not name.strip() or len(name.strip()) > NAME_MAX:
        fail(_("--name moet 1 tot {most} tekens hebben", most=NAME_MAX))
    if not 1 <= days <= MAX_VALID_DAYS:
        fail(_("--days moet 1 tot {most} zijn", most=MAX_VALID_DAYS))
    with cli_runtime(config) as runtime, runtime.uow() as uow:
        user = find_hr_user(uow, email)
        if user is None:
            fail(_("Er is geen HR-gebruiker {email}; maak die met `popflow hr add {email}`.", email=email))
        token, secret = create_token(uow, runtime.now(), user, name, valid_days=days)
        uow.commit()
        assert token.expires_at is not None  # a token made with valid_days expires
        click.echo(json.dumps({"id": token.id, "token": secret, "expires_at": token.expires_at.isoformat()}))


@hr_token_group.command("list")
@click.option("--json", "as_json", is_flag=True)
def token_list(as_json: bool) -> None:
    """Every token: id, name, HR user, created, last used, expiry, revoked. Never the secrets."""
    from intake.api.tokens import list_tokens, token_json
    from popflow.processes import cli_runtime

    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        found = [token_json(token) for token in list_tokens(uow)]
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for token in found:
        never = _("nooit")
        state = (
            _("ingetrokken {moment}", moment=token["revoked_at"])
            if token["revoked_at"]
            else _("verloopt {moment}", moment=token["expires_at"] or never)
        )
        used = _("laatst gebruikt {moment}", moment=token["last_used_at"] or never)
        click.echo(f"{token['id']:>5}  {token['name']:<30} {token['hr_user']:<30} {used}  {state}")


@hr_token_group.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """The token stops working at once (revoking twice is fine)."""
    from intake.api.tokens import revoke_token
    from popflow.processes import cli_runtime

    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        token = revoke_token(uow, runtime.now(), token_id)
        if token is None:
            fail(_("Er is geen token {token_id}.", token_id=token_id))
        uow.commit()
        assert token.revoked_at is not None  # revoked now, or at the first revoke
        click.echo(json.dumps({"id": token.id, "revoked_at": token.revoked_at.isoformat()}))
