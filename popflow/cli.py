"""`popflow`: the command line that starts processes and drives popflow from scripts."""

from __future__ import annotations

import json
import signal
import sys
import threading
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from popflow.cli_checks import one_line
from popflow.cli_lang import _, cli_lang, fail, ngettext
from shared.config import Config


def _config() -> Config:
    return Config.from_env()


def _process_config() -> Config:
    """The config of a long-running process (web, worker, tick, inbound): SECRET_KEY required."""
    from shared.config import MissingSecretKey

    config = _config()
    try:
        config.require_secret_key()
    except MissingSecretKey as error:
        fail(f"popflow: {error}")
    return config


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Meer logregels.")
@click.option(
    "--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True, help="Taal van de meldingen (nl of en)."
)
def main(verbose: bool, lang: str) -> None:
    """popflow: POP-gesprekken voor de hele organisatie."""
    from shared.log_context import configure_logging

    # LOG_FORMAT=json: one JSON object per line (time, level, logger, message, pop_id).
    configure_logging(_config().log_format, verbose=verbose)


# -- database ---------------------------------------------------------------------------
@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the schema to the newest version (safe to run again)."""
    from shared.migrate import upgrade

    config = _config()
    _ensure_var(config)
    upgrade(config.database_url)
    click.echo(_("database bijgewerkt"))


def _ensure_var(config: Config) -> None:
    if config.database_url.startswith("sqlite:///"):
        Path(config.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


# -- people and HR users ------------------------------------------------------------------
@main.group()
def people() -> None:
    """Employees and managers."""


@people.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only check the file; write nothing.")
def people_import(file: str, dry_run: bool) -> None:
    """Import FILE (.csv or .xlsx) with columns name,email[,manager_email,department,language,
    employee_number,timezone]; Dutch headers (naam, e-mail, leidinggevende, ...) work too."""
    from intake.people import TableError, import_people, read_table
    from popflow.processes import cli_runtime

    path = Path(file)
    try:
        rows = read_table(path.read_bytes(), path.name)
    except TableError as error:
        fail(f"{path.name}: {error.problem.message(cli_lang())}")
    with cli_runtime(_config()) as runtime, runtime.uow() as uow:
        with _import_progress(len(rows)) as progress:
            report = import_people(uow, rows, runtime.now(), dry_run=dry_run, progress=progress)
        if report.problems:
            fail(
                "\n".join(report.messages(cli_lang()))
                + "\n"
                + ngettext(
                    "{n} probleem; niets geïmporteerd", "{n} problemen; niets geïmporteerd", len(report.problems)
                )
            )
        if not dry_run:
            uow.commit()
    counts = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    click.echo(
        _("{created} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd (proefdraai)", **counts)
        if dry_run
        else _("{created} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd", **counts)
    )


PROGRESS_FROM_ROWS = 1000


@contextmanager
def _import_progress(total: int):
    """A progress callback for a large file: the bar (on stderr) appears once writing starts,
    so a dry run or a file with problems shows none."""
    if total <= PROGRESS_FROM_ROWS:
        yield None
        return
    with ExitStack() as stack:
        bar = None

        def show(done: int, length: int) -> None:
            nonlocal bar
            if bar is None:
                bar = stack.enter_context(click.progressbar(length=length, label=_("importeren"), file=sys.stderr))
            bar.update(done - bar.pos)

        yield show


@people.command("leave")
@click.argument("email")
def people_leave(email: str) -> None:
    """An employee leaves: their links stop working and their open POPs are cancelled."""
    from intake.commands import find_person
    from intake.plan_commands import person_left
    from popflow.processes import cli_runtime

    with cli_runtime(_config()) as runtime, runtime.uow() as uow:
        person = find_person(uow, email)
        if person is None:
            fail(_("Er is geen persoon {email}.", email=email))
        count = person_left(uow, runtime.now(), person, "cli")
        uow.commit()
    click.echo(
        ngettext(
            "{email} is uit dienst; {n} open POP wordt geannuleerd",
            "{email} is uit dienst; {n} open POP's worden geannuleerd",
            count,
            email=email,
        )
    )


@main.group()
def hr() -> None:
    """HR users (they log in with a password)."""


# -- POPs -----------------------------------------------------------------------------------
@main.group()
def pop() -> None:
    """POPs: schedule, list, show."""


@pop.command("schedule")
@click.option("--employee", required=True, help="The employee's e-mail address.")
@click.option("--at", "at", required=True, help='Local start, "YYYY-MM-DD HH:MM" (TIMEZONE).')
@click.option("--minutes", default=60, show_default=True)
@click.option("--location", default="", callback=one_line())
def pop_schedule(employee: str, at: str, minutes: int, location: str) -> None:
    """Schedule (or move) the POP conversation of an employee with their manager."""
    from intake.commands import InputError
    from intake.i18n import ERRORS
    from intake.scheduling import schedule_meeting
    from popflow.processes import cli_runtime

    config = _config()
    try:
        local = datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(config.timezone))
    except ValueError:
        fail(_('--at moet eruitzien als "2026-12-08 10:00", niet {text}', text=repr(at)))
    with cli_runtime(config) as runtime, runtime.uow() as uow:
        try:
            done = schedule_meeting(
                uow,
                runtime.now(),
                employee_email=employee,
                start=local.astimezone(ZoneInfo("UTC")),
                minutes=minutes,
                location=location,
                actor="cli",
                tz=config.timezone,
            )
        except InputError as exc:
            fail(_(ERRORS.get(exc.code, exc.code), **exc.details))
        uow.commit()
    verb = "rescheduled" if done.rescheduled else "scheduled"
    click.echo(
        json.dumps(
            {"pop": done.pop.id, "meeting_uid": done.meeting.uid, "sequence": done.meeting.sequence, "result": verb}
        )
    )


@pop.command("cancel")
@click.argument("pop_id", type=int)
@click.option(
    "--reason", required=True, callback=one_line(multi_line=True), help="Why; it goes into the timeline and the e-mail."
)
def pop_cancel(pop_id: int, reason: str) -> None:
    """Cancel a POP: every future meeting gets a CANCEL, pending mails are dropped."""
    from intake.commands import InputError
    from intake.i18n import ERRORS
    from intake.plan_commands import request_cancel
    from popflow.processes import cli_runtime
    from shared.models import Pop

    with cli_runtime(_config()) as runtime, runtime.uow() as uow:
        item = uow.session.get(Pop, pop_id)
        if item is None:
            fail(_("Er is geen POP {pop_id}.", pop_id=pop_id))
        try:
            request_cancel(uow, runtime.now(), item, "cli", reason)
        except InputError as exc:
            fail(_(ERRORS.get(exc.code, exc.code), **exc.details))
        uow.commit()
    click.echo(json.dumps({"pop": pop_id, "result": "cancel requested"}))


@pop.command("list")
@click.option("--json", "as_json", is_flag=True)
def pop_list(as_json: bool) -> None:
    from intake.serialize import pop_summaries
    from popflow.processes import cli_runtime

    with cli_runtime(_config()) as runtime, runtime.uow() as uow:
        rows = pop_summaries(uow)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:>6}  {row['state']:<13} {row['employee']:<32} {row['meeting_start'] or '-'}")


@pop.command("show")
@click.argument("pop_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def pop_show(pop_id: int, as_json: bool) -> None:
    from intake.api.schema import to_json
    from intake.serialize import pop_detail
    from popflow.processes import cli_runtime
    from shared.models import Pop

    with cli_runtime(_config()) as runtime, runtime.uow() as uow:
        item = uow.session.get(Pop, pop_id)
        if item is None:
            fail(_("Er is geen POP {pop_id}.", pop_id=pop_id))
        detail = to_json(pop_detail(uow, item))
    click.echo(json.dumps(detail, indent=2 if as_json else None, ensure_ascii=False))


# -- processes ----------------------------------------------------------------------------
def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()


@main.command()
@click.option("--queues", default="workflow,notify", show_default=True)
@click.option("--threads", type=int, default=None)
@click.option(
    "--metrics-port",
    type=int,
    default=None,
    help="Serve this worker's Prometheus figures (actor latency) on this port; off by default.",
)
@click.option(
    "--metrics-host",
    default="127.0.0.1",
    show_default=True,
    help="The address for --metrics-port (0.0.0.0 in a container, for Prometheus).",
)
def worker(queues: str, threads: int | None, metrics_port: int | None, metrics_host: str) -> None:
    """A Dramatiq worker for the workflow and/or notify queue."""
    from popflow.processes import declare_all_actors, start_worker
    from shared.runtime import build_runtime

    config = _process_config()
    if metrics_port is not None:
        from shared.metrics import serve

        serve(metrics_port, metrics_host)
    runtime = build_runtime(config)
    declare_all_actors(runtime)
    w = start_worker(runtime, queues={q.strip() for q in queues.split(",") if q.strip()}, threads=threads)
    click.echo(_("worker voor {queues}; Ctrl-C stopt hem na de berichten die nu lopen", queues=queues))
    _wait_for_signal()
    w.stop()  # unfinished messages go back to the broker
    runtime.close()


@main.command()
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option(
    "--now",
    "now_text",
    default=None,
    help='Rehearse: apply the rules as at "YYYY-MM-DD HH:MM" and send their mails now (implies --once).',
)
def tick(once: bool, now_text: str | None) -> None:
    """The scheduler: time rules and recovery of lost messages. Run exactly one."""
    from popflow.processes import TickLoop, cli_runtime, tick_once

    config = _process_config()
    if now_text:
        from popflow.rehearsal import rehearse

        try:
            at = datetime.strptime(now_text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(config.timezone))
        except ValueError:
            fail(_('--now moet eruitzien als "2026-12-08 10:00", niet {text}', text=repr(now_text)))
        with cli_runtime(config) as runtime:
            # The rules run here, as at that time; the mails they make are sent now, from here.
            click.echo(json.dumps(rehearse(runtime, at)))
        return
    if once:
        with cli_runtime(config) as runtime:
            report = tick_once(runtime, inline=not runtime.publisher.consumed)  # else the workers do them
        click.echo(json.dumps(report.__dict__))
        return
    from popflow.processes import declare_all_actors
    from shared.runtime import build_runtime

    runtime = build_runtime(config)
    declare_all_actors(runtime)
    loop = TickLoop(runtime).start()
    seconds = f"{config.tick_seconds:g}"
    click.echo(_("tick elke {seconds}s", seconds=seconds))
    _wait_for_signal()
    loop.stop()
    runtime.close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=2525, show_default=True)
@click.option("--lmtp", is_flag=True, help="Speak LMTP (a mail server's local delivery) instead of SMTP.")
@click.option("--imap", "imap_url", default=None, help="Poll a mailbox instead: imap[s]://user:pass@host/INBOX.")
@click.option("--interval", type=float, default=60.0, show_default=True, help="Seconds between IMAP polls.")
@click.option("--once", is_flag=True, help="With --imap: one poll, then exit.")
def inbound(host: str, port: int, lmtp: bool, imap_url: str | None, interval: float, once: bool) -> None:
    """Calendar replies (accept/decline) to the organizer mailbox, back into popflow."""
    from notifier.authenticity import AuthPolicy
    from notifier.inbound import poll_imap, poll_imap_once, start_listener
    from popflow.processes import cli_runtime

    config = _process_config()
    if not AuthPolicy.of(config).workable:  # every reply would be refused: say so, do not start
        fail(
            _(
                "INBOUND_REQUIRE_AUTH={required} vraagt om INBOUND_AUTHSERV_ID: de naam waarmee je mailserver "
                "Authentication-Results schrijft (zie docs/security-inbound.md).",
                required=config.inbound_require_auth,
            )
        )
    with cli_runtime(config) as runtime:
        if imap_url and once:
            read = poll_imap_once(runtime, imap_url)
            click.echo(ngettext("{n} bericht gelezen", "{n} berichten gelezen", read))
            return
        stop = threading.Event()
        if imap_url:
            poller = threading.Thread(target=poll_imap, args=(runtime, imap_url, interval, stop), daemon=True)
            poller.start()
            seconds = f"{interval:g}"
            click.echo(_("{mailbox} wordt elke {seconds}s gelezen", mailbox=imap_url.split("@")[-1], seconds=seconds))
        else:
            listener = start_listener(runtime, host, port, lmtp)
            address, protocol = f"{host}:{port}", "LMTP" if lmtp else "SMTP"
            click.echo(
                _(
                    "luistert naar antwoorden op uitnodigingen op {address} ({protocol})",
                    address=address,
                    protocol=protocol,
                )
            )
        _wait_for_signal()
        stop.set()
        if not imap_url:
            listener.stop()


@main.command()
@click.option("--port", type=int, default=None, envvar="PORT")
@click.option("--workers", type=int, default=2)
def web(port: int | None, workers: int) -> None:
    """The web app under gunicorn."""
    from popflow.webserver import serve_gunicorn

    serve_gunicorn(_process_config(), port or 8000, workers)


@main.command()
@click.option("--port", type=int, default=5000, envvar="PORT", show_default=True)
@click.option("--demo/--no-demo", default=True, help="Load demo people into an empty database.")
def run(port: int, demo: bool) -> None:
    """Everything in one process on embedded defaults: web, worker, tick, mail sink."""
    from popflow.embedded_run import run_everything

    run_everything(port=port, demo=demo)


def _add_command_groups() -> None:
    from popflow.cli_api import hr_token_group
    from popflow.cli_hr import hr_add, hr_disable, hr_enable, hr_password
    from popflow.cli_plan import plan_group
    from popflow.cli_privacy import privacy_group
    from popflow.cli_questions import questions_group
    from popflow.cli_rounds import round_group

    hr.add_command(hr_token_group)  # popflow hr token create/list/revoke
    for command in (hr_add, hr_password, hr_disable, hr_enable):
        hr.add_command(command)
    main.add_command(round_group)
    main.add_command(privacy_group)
    main.add_command(questions_group)
    main.add_command(plan_group)  # popflow plan verify FILE.pdf


_add_command_groups()

if __name__ == "__main__":
    main()
