"""`popflow plan verify FILE.pdf`: is this file a signed plan exactly as popflow issued it?

Valid only when the file's SHA-256 is that of a PDF popflow made of a plan both signed
(shared/plan_verification.py): one changed byte, an edited name included, makes it invalid.
Exit status 0 when valid, 1 when not (2 for a file that cannot be read, as click's errors).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from popflow.cli_lang import _, cli_lang, fail
from shared.config import Config

MAX_BYTES = 50 * 1024 * 1024  # a plan is tens of kilobytes: anything far larger is not one


@click.group("plan")
def plan_group() -> None:
    """Signed development plans: verify a PDF."""


@plan_group.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object: valid, signed_at, content_hash.")
def verify(file: Path, as_json: bool) -> None:
    """Say whether FILE is a signed plan as popflow issued it, and when it was signed."""
    from popflow.processes import cli_runtime
    from shared.localtime import format_when
    from shared.plan_verification import by_code, by_pdf, claimed_code

    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        fail(_("kan {file} niet lezen: {error}", file=str(file), error=error.strerror or str(error)))
    config = Config.from_env()
    with cli_runtime(config) as runtime, runtime.uow() as uow:
        found = by_pdf(uow, data) if len(data) <= MAX_BYTES else None
        signed_at, content_hash = (found.signed_at, found.content_hash) if found else (None, None)
        claimed = claimed_code(data)
        claims_a_plan = found is None and claimed is not None and by_code(uow, claimed) is not None
    if as_json:
        click.echo(
            json.dumps(
                {
                    "valid": signed_at is not None,
                    "signed_at": signed_at.isoformat() if signed_at else None,
                    "content_hash": content_hash,
                }
            )
        )
    elif signed_at is not None:
        when = format_when(signed_at, cli_lang(), config.timezone)
        click.echo(_("geldig: dit is een ondertekend plan, ondertekend op {when}", when=when))
        click.echo(_("inhoudshash: {hash}", hash=content_hash))
    elif claims_a_plan:
        click.echo(_("ongeldig: dit bestand is veranderd na het ondertekenen (het is niet zoals popflow het maakte)"))
    else:
        click.echo(_("ongeldig: dit is geen ondertekend plan van popflow"))
    sys.exit(0 if signed_at is not None else 1)
