"""`popflow privacy ...`: retention now, and a person's subject access (export, erase)."""

from __future__ import annotations

import json
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from popflow.cli_lang import _, fail, ngettext
from shared.config import Config
from shared.i18n import N_

# Why an erasure is refused; the counted ones as (singular, plural) with the count {n}.
ERASE_MESSAGES = {
    "unknown_person": N_("deze persoon bestaat niet"),
    "manager_has_reports": N_(
        "nog {n} actieve persoon heeft deze leidinggevende; geef die eerst een andere "
        "(popflow people import met de nieuwe leidinggevende)",
        "nog {n} actieve personen hebben deze leidinggevende; geef die eerst een andere "
        "(popflow people import met de nieuwe leidinggevende)",
    ),
    "open_pops": N_(
        "nog {n} POP van deze persoon is open; laat de persoon eerst uit dienst gaan (popflow people "
        "leave) en wacht tot het POP is geannuleerd",
        "nog {n} POP's van deze persoon zijn open; laat de persoon eerst uit dienst gaan (popflow "
        "people leave) en wacht tot de POP's zijn geannuleerd",
    ),
}
ERASE_COUNTS = {"manager_has_reports": "reports", "open_pops": "pops"}


def _refusal(code: str, details: dict) -> str:
    text = ERASE_MESSAGES.get(code, code)
    if isinstance(text, tuple):
        singular, plural = text
        return ngettext(singular, plural, int(details[ERASE_COUNTS[code]]))
    return _(text, **details)


def _person_id(uow, email: str) -> int:
    from sqlalchemy import func, select

    from shared.models import Person

    found = uow.session.scalar(select(Person.id).where(func.lower(Person.email) == email.strip().lower()))
    if found is None:
        fail(_("Er is geen persoon {email}.", email=email))
    return found


@click.group("privacy")
def privacy_group() -> None:
    """Retention of personal data, and a person's export and erasure."""


@privacy_group.command("retention")
@click.option("--dry-run", is_flag=True, help="Report what would be blanked and deleted; change nothing.")
@click.option("--now", "now_text", default=None, help='As at "YYYY-MM-DD HH:MM" (local time) instead of now.')
def retention(dry_run: bool, now_text: str | None) -> None:
    """Blank private answers after RETENTION_PRIVATE_MONTHS, delete plans after RETENTION_PLAN_YEARS."""
    from popflow.processes import cli_runtime
    from shared.retention import run_retention

    config = Config.from_env()
    with cli_runtime(config) as runtime, runtime.uow() as uow:
        now = runtime.now()
        if now_text:
            now = datetime.strptime(now_text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(config.timezone))
        report = run_retention(uow, now, config.retention_private_months, config.retention_plan_years)
        if not dry_run:  # a dry run does the same work in a transaction that is rolled back
            uow.commit()
    click.echo(json.dumps({**report.as_json(), "dry_run": dry_run}, indent=2))


@privacy_group.command("export")
@click.argument("email")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for person-<id>.json and the signed plans (PDF).",
)
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Of the PDFs (default: the person's).")
def export(email: str, out_dir: str, lang: str | None) -> None:
    """Everything about one person: a JSON file and the PDF of every signed plan."""
    from notifier.plan_document import plan_pdf
    from popflow.processes import cli_runtime
    from shared.models import Person
    from shared.subject_access import export_person, plan_pdfs

    out = Path(out_dir)
    config = Config.from_env()
    with cli_runtime(config) as runtime, runtime.uow() as uow:
        person_id = _person_id(uow, email)
        data = export_person(uow, person_id)
        language = lang or uow.session.get(Person, person_id).language
        pdfs = plan_pdfs(uow, person_id, language, partial(plan_pdf, base_url=config.base_url))
        uow.commit()  # the PDFs' fingerprints, so they verify (popflow plan verify)
    out.mkdir(parents=True, exist_ok=True)
    written = [f"person-{person_id}.json"]
    (out / written[0]).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    for name, content in pdfs.items():
        (out / name).write_bytes(content)
        written.append(name)
    click.echo(json.dumps({"person": person_id, "files": written}))


@privacy_group.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Really erase: this cannot be undone.")
def erase(email: str, yes: bool) -> None:
    """Anonymise a person and delete what they wrote; their POPs stay as anonymous counts."""
    from popflow.processes import cli_runtime
    from shared.subject_access import ErasureRefused, erase_person

    if not yes:
        fail(
            _(
                "wissen kan niet ongedaan worden gemaakt; voeg --yes toe (exporteer de persoon eerst als die om "
                "zijn gegevens vroeg)"
            )
        )
    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        person_id = _person_id(uow, email)
        try:
            report = erase_person(uow, runtime.now(), person_id, actor="cli")
        except ErasureRefused as refused:
            fail(f"{refused.code}: {_refusal(refused.code, refused.details)}")
        uow.commit()
    click.echo(json.dumps(report.as_json()))
