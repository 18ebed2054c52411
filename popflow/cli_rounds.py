"""`popflow round ...`: rounds from scripts (create, launch, summary)."""

from __future__ import annotations

import json
from datetime import date

import click

from popflow.cli_checks import one_line
from popflow.cli_lang import _, fail, ngettext
from shared.config import Config
from shared.round_settings import SETTING


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(_("{option} moet eruitzien als 2027-03-01, niet {text}", option=option, text=repr(text)))


@click.group("round")
def round_group() -> None:
    """POP rounds: create, launch, summary."""


@round_group.command("create")
@click.option("--name", required=True, callback=one_line())
@click.option(
    "--department", "departments", multiple=True, callback=one_line(), help="Repeat for more; none means everyone."
)
@click.option("--from", "from_", required=True, help="First day of the meetings, YYYY-MM-DD.")
@click.option("--to", "to", required=True, help="Last day of the meetings, YYYY-MM-DD.")
@click.option(
    "--review-every-months",
    default=SETTING["review_every_months"].default_number,
    show_default=True,
    type=click.IntRange(SETTING["review_every_months"].low, SETTING["review_every_months"].high),
)
@click.option(
    "--plan-months",
    default=SETTING["plan_months"].default_number,
    show_default=True,
    type=click.IntRange(SETTING["plan_months"].low, SETTING["plan_months"].high),
)
@click.option(
    "--question-set",
    default=None,
    help="Question set version (default: the one department's default, else the newest shipped).",
)
def round_create(
    name: str,
    departments: tuple[str, ...],
    from_: str,
    to: str,
    review_every_months: int,
    plan_months: int,
    question_set: str | None,
) -> None:
    """A round: a name, a scope (departments, or everyone) and the period of its meetings."""
    from intake.commands import InputError
    from intake.i18n import ERRORS
    from intake.rounds import RoundInput, create_round
    from popflow.processes import cli_runtime

    data = RoundInput(
        name=name,
        departments=list(departments),
        meetings_from=_date(from_, "--from"),
        meetings_until=_date(to, "--to"),
        review_every_months=review_every_months,
        plan_months=plan_months,
        question_set=question_set or None,
    )
    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        try:
            rnd = create_round(uow, runtime.now(), data, "cli")
        except InputError as exc:
            fail(_(ERRORS.get(exc.code, exc.code), **exc.details))
        uow.commit()
        click.echo(json.dumps({"round": rnd.id, "name": rnd.name, "departments": rnd.departments}))


@round_group.command("launch")
@click.argument("round_id", type=int)
def round_launch(round_id: int) -> None:
    """A POP for everyone in scope; each manager is asked to schedule. Launching again adds only newcomers."""
    from intake.commands import InputError
    from intake.i18n import ERRORS
    from intake.rounds import launch_round
    from popflow.processes import cli_runtime

    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        try:
            done = launch_round(uow, runtime.now(), round_id, "cli")
        except InputError as exc:
            fail(_(ERRORS.get(exc.code, exc.code), **exc.details))
        uow.commit()
    click.echo(
        json.dumps(
            {
                "round": round_id,
                "created": done.created,
                "already_open": done.already_open,
                "managers_asked": done.managers_asked,
            }
        )
    )


@round_group.command("summary")
@click.argument("round_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def round_summary_command(round_id: int, as_json: bool) -> None:
    """Counts per phase and overdue per phase."""
    from intake.api.schema import to_json
    from intake.commands import InputError
    from intake.i18n import ERRORS
    from intake.rounds import round_summary
    from popflow.processes import cli_runtime

    with cli_runtime(Config.from_env()) as runtime, runtime.uow() as uow:
        try:
            summary = round_summary(uow, round_id)
        except InputError:
            fail(_(ERRORS["unknown_round"]))
    if as_json:
        click.echo(json.dumps(to_json(summary), indent=2, ensure_ascii=False))
        return
    click.echo(ngettext("{name}: {n} POP", "{name}: {n} POP's", summary.total, name=summary.name))
    if summary.planning_deadline:
        click.echo(_("Plannen uiterlijk op {day}", day=summary.planning_deadline.isoformat()))
    for phase, count in summary.phases.items():
        overdue = f"{summary.overdue[phase]:>6}"
        click.echo(f"  {phase:<13} {count:>7}   " + _("achterstand {n}", n=overdue))
