"""`popflow questions ...`: question sets from scripts (list, export, import, a department's default).

The file is the shipped sets' format 2 (docs/forms.md); an export imports again with the
same questions, under a new version key.
"""

from __future__ import annotations

import json

import click

from popflow.cli_checks import one_line
from popflow.cli_lang import _, cli_lang, fail
from shared.config import Config


def _refused(exc) -> None:
    from intake.i18n import ERRORS

    fail(_(ERRORS.get(exc.code, exc.code), **exc.details))


@click.group("questions")
def questions_group() -> None:
    """Question sets: list, export, import, a department's default."""


@questions_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="As JSON: one object per version.")
@click.option("--drafts", is_flag=True, help="HR's drafts too (they have no version yet).")
def questions_list(as_json: bool, drafts: bool) -> None:
    """Every version a round can pick: HR's published ones, newest first, then the shipped ones."""
    from intake.api.schema import to_json
    from intake.question_defaults import department_defaults
    from intake.question_files import list_versions
    from popflow.processes import cli_runtime

    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        found = list_versions(uow, drafts=drafts, lang=cli_lang())
        defaults = department_defaults(uow)
    if as_json:
        click.echo(json.dumps([to_json(info) for info in found], indent=2, ensure_ascii=False))
        return
    for info in found:
        count = info.questions
        shown = info.version or _("concept {id}", id=info.draft_id)
        click.echo(f"{shown:<10} {info.status:<10} {count['employee']:>3} {count['manager']:>3}  {info.name}")
    for department, version in defaults.items():
        click.echo(_("standaard van {department}: {version}", department=department, version=version))


@questions_group.command("export")
@click.argument("version")
def questions_export(version: str) -> None:
    """The version as a file (JSON, format 2) on stdout."""
    from intake.commands import InputError
    from intake.question_files import export_version
    from popflow.processes import cli_runtime

    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        try:
            data = export_version(uow, version, cli_lang())
        except InputError as exc:
            _refused(exc)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@questions_group.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--name", default=None, callback=one_line(), help="The set's name (default: the file's).")
def questions_import(file, name: str | None) -> None:
    """Check FILE (or - for stdin) and publish it as a new version: prints its key."""
    from intake.commands import InputError
    from intake.question_files import FILE_LIMIT, import_file, read_file
    from popflow.processes import cli_runtime

    raw = file.read(FILE_LIMIT + 1)
    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        try:
            key = import_file(uow, runtime.now(), "cli", read_file(raw), name=name)
        except InputError as exc:
            _refused(exc)
        uow.commit()
    click.echo(key)


@questions_group.command("default")
@click.argument("department", callback=one_line())
@click.argument("version", required=False)
@click.option("--clear", is_flag=True, help="The department has no default any more.")
def questions_default(department: str, version: str | None, clear: bool) -> None:
    """VERSION becomes the question set of new rounds for DEPARTMENT alone."""
    from intake.commands import InputError
    from intake.question_defaults import set_department_default
    from popflow.processes import cli_runtime

    if bool(version) == clear:
        fail(_("Geef een versie, of --clear."))
    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        try:
            set_department_default(uow, runtime.now(), "cli", department, None if clear else version)
        except InputError as exc:
            _refused(exc)
        uow.commit()
    click.echo(json.dumps({"department": department.strip(), "version": None if clear else version}))
