"""P1: a round launch at scale, and P5's worker memory while it runs.

10,000 employees (20 per manager) get a POP; each manager schedules their reports'
conversations the way the planning page does (one transaction per manager); the
workflow worker turns each into an invitation for both people and the notify worker
sends those 20,000 mails with their calendar parts to a local SMTP sink. Timed from
the launch to the last invitation accepted by the sink, on PostgreSQL + RabbitMQ with
the deployment's worker processes (docker-compose.yml: a workflow worker, a notify
worker and the tick, each with its default threads).

Floor, in the same run: the same 20,000 messages, rendered beforehand from the
outbox, sent with the `emails` library over one SMTP connection to a fresh sink.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bench.common import PeakRss, figure, free_port, note, temporary_pg_database

ROOT = Path(__file__).resolve().parents[1]
RABBIT_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
SCALE = {"full": 10_000, "small": 400}
REPORTS_PER_MANAGER = 20
# The workers are processes: they need a SECRET_KEY as long as production asks for.
BENCH_SECRET = "bench-secret-key-of-at-least-32-chars"
GOAL_RATIO, GOAL_SECONDS, GOAL_WORKER_MB = 0.5, 180.0, 200.0


def run(scale: str) -> list[dict]:
    employees = int(os.environ.get("BENCH_P1_EMPLOYEES") or SCALE[scale])  # another size, for profiling
    with temporary_pg_database("p1") as database_url:
        prefix = f"bench{os.getpid()}_"
        try:
            launch = _launch_and_deliver(database_url, prefix, employees)
            floor = _floor(database_url, launch["invitations"])
        finally:
            _delete_queues(prefix)
    rate, floor_rate = launch["invitations"] / launch["seconds"], floor["rate"]
    ratio = rate / floor_rate
    return [
        figure(
            "P1",
            rate,
            "invitations/s",
            f">= {GOAL_RATIO:.0%} of the floor, < {GOAL_SECONDS:.0f} s",
            ratio >= GOAL_RATIO and launch["seconds"] < GOAL_SECONDS,
            floor=floor_rate,
            ratio=ratio,
        ),
        figure(
            "P1-seconds",
            launch["seconds"],
            "s",
            f"< {GOAL_SECONDS:.0f} s ({employees} POPs)",
            launch["seconds"] < GOAL_SECONDS,
        ),
        figure(
            "P5-worker",
            launch["worker_peak_mb"],
            "MB",
            f"< {GOAL_WORKER_MB:.0f} MB per worker process",
            launch["worker_peak_mb"] < GOAL_WORKER_MB,
        ),
    ]


# -- the launch --------------------------------------------------------------------------------
def _env(database_url: str, prefix: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "BROKER_URL": RABBIT_URL,
        "QUEUE_PREFIX": prefix,
        "SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SECRET_KEY": BENCH_SECRET,
        "BASE_URL": "https://pop.example",
        "MAIL_FROM": "pop@bench.example",
        "PYTHONPATH": str(ROOT),
    }


def _seed(runtime, employees: int, now: datetime) -> int:
    from intake.people import import_people
    from intake.rounds import RoundInput, create_round

    managers = max(1, employees // REPORTS_PER_MANAGER)
    rows = [
        {"name": f"Manager {m}", "email": f"m{m}@bench.example", "department": f"Afdeling {m % 25}"}
        for m in range(managers)
    ]
    rows += [
        {
            "name": f"Medewerker {e}",
            "email": f"e{e}@bench.example",
            "manager_email": f"m{e % managers}@bench.example",
            "department": f"Afdeling {(e % managers) % 25}",
            "language": "en" if e % 5 == 0 else "nl",
        }
        for e in range(employees)
    ]
    with runtime.uow() as uow:
        report = import_people(uow, rows, now)
        assert not report.problems, report.messages("en")[:5]
        today = now.date()
        rnd = create_round(
            uow,
            now,
            RoundInput(
                name="Benchronde", meetings_from=today + timedelta(days=20), meetings_until=today + timedelta(days=80)
            ),
            "bench",
        )
        uow.commit()
        return rnd.id


def _schedule_all(runtime, round_id: int) -> int:
    """What the managers do on their planning page: one submit (transaction) per manager,
    through the same call as the page."""
    from intake.scheduling import MeetingRequest, schedule_meetings
    from shared.models import Person, Pop

    with runtime.uow() as uow:
        by_manager: dict[int, list[str]] = {}
        for manager_id, email in uow.session.execute(
            select(Pop.manager_id, Person.email)
            .join(Person, Person.id == Pop.employee_id)
            .where(Pop.round_id == round_id)
            .order_by(Pop.id)
        ):
            by_manager.setdefault(manager_id, []).append(email)
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
    scheduled = 0
    for emails in by_manager.values():
        with runtime.uow() as uow:
            scheduled += len(
                schedule_meetings(
                    uow,
                    runtime.now(),
                    [
                        MeetingRequest(email, start + timedelta(hours=slot), 60, "Kamer 2.14")
                        for slot, email in enumerate(emails)
                    ],
                    actor="bench",
                )
            )
            uow.commit()
    return scheduled


def _invitations_sent(runtime) -> int:
    from shared.models import OutboxMail

    with runtime.uow() as uow:
        return uow.session.scalar(
            select(func.count())
            .select_from(OutboxMail)
            .where(OutboxMail.kind == "invitation", OutboxMail.status == "sent")
        )


def _launch_and_deliver(database_url: str, prefix: str, employees: int) -> dict:
    from intake.rounds import launch_round
    from popflow.processes import declare_all_actors
    from shared.config import Config
    from shared.runtime import build_runtime

    sink_port = free_port()
    env = _env(database_url, prefix, sink_port)
    config = Config.from_env(env)
    runtime = build_runtime(config)
    declare_all_actors(runtime)  # declares the queues this process publishes to
    round_id = _seed(runtime, employees, runtime.now())
    expected = 2 * employees
    note(f"P1: {employees} employees seeded; starting sink, workers and tick")
    sink = _start_sink(sink_port)
    cli = [sys.executable, "-m", "popflow.cli"]
    processes = [
        subprocess.Popen(cli + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for args in (["worker", "--queues", "workflow"], ["worker", "--queues", "notify"], ["tick"])
    ]
    # A worker is one process (no children to look for: that scan cost the benchmark's
    # own process 1.5 ms a sample).
    memory = [PeakRss(p.pid, children=False) for p in processes[:2]]
    servers_before, own_before = _server_cpu_seconds(), time.process_time()
    for sampler in memory:
        sampler.start()
    try:
        time.sleep(3)  # the workers connect and declare their queues
        started = time.perf_counter()
        with runtime.uow() as uow:
            launch_round(uow, runtime.now(), round_id, "bench")
            uow.commit()
        scheduled = _schedule_all(runtime, round_id)
        note(f"P1: launched and {scheduled} conversations scheduled after {time.perf_counter() - started:.1f}s")
        deadline = started + 900
        sent = 0
        while time.perf_counter() < deadline:
            sent = _invitations_sent(runtime)
            if sent >= expected:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        if sent < expected:
            raise RuntimeError(f"P1: only {sent} of {expected} invitations sent after {seconds:.0f}s")
        note(f"P1: {sent} invitations sent in {seconds:.1f}s")
    finally:
        for sampler in memory:
            sampler.stop()
        servers = {name: used - servers_before.get(name, 0.0) for name, used in _server_cpu_seconds().items()}
        note(
            "P1: CPU seconds used: "
            + ", ".join(
                [
                    f"{name} {_cpu_seconds(process.pid):.1f}"
                    for name, process in zip(("workflow", "notify", "tick"), processes, strict=True)
                ]
                + [
                    f"sink {_cpu_seconds(sink.pid):.1f}",
                    f"benchmark (launch, scheduling) {time.process_time() - own_before:.1f}",
                ]
                + [f"{name} {used:.1f}" for name, used in sorted(servers.items())]
            )
        )
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        received = _stop_sink(sink)
        runtime.close()
    if received["calendar"] < expected:
        raise RuntimeError(f"P1: the sink saw {received} but {expected} invitations were expected")
    return {
        "invitations": expected,
        "seconds": seconds,
        "worker_peak_mb": max(sampler.peak_per_process_mb for sampler in memory),
    }


# -- the floor ---------------------------------------------------------------------------------
def _floor(database_url: str, count: int) -> dict:
    """The same invitations, rendered first, then sent over one connection with `emails`."""
    from emails.backend.smtp import SMTPBackend

    from notifier.deliver import message_id_for
    from notifier.render import render_mail
    from shared.config import Config
    from shared.models import OutboxMail
    from shared.runtime import build_runtime

    runtime = build_runtime(
        Config(
            database_url=database_url,
            broker_url="embedded",
            secret_key=BENCH_SECRET,
            base_url="https://pop.example",
            mail_from="pop@bench.example",
        )
    )
    built = []
    with runtime.uow() as uow:
        mails = uow.session.scalars(
            select(OutboxMail).where(OutboxMail.kind == "invitation").order_by(OutboxMail.id)
        ).all()
        for mail in mails:
            rendered = render_mail(uow, mail, runtime.config, runtime.now())
            built.append((rendered.build(message_id_for(mail, runtime.config.mail_domain)), rendered.recipient))
    runtime.close()
    assert len(built) == count, (len(built), count)
    port = free_port()
    sink = _start_sink(port)
    backend = SMTPBackend(host="127.0.0.1", port=port, fail_silently=False, timeout=10)
    try:
        started = time.perf_counter()
        for message, recipient in built:
            response = message.send(to=recipient, smtp=backend)
            if not response.success:
                raise RuntimeError(f"floor: the sink refused a mail: {response.error}")
        seconds = time.perf_counter() - started
    finally:
        backend.close()
        received = _stop_sink(sink)
    assert received["messages"] == count, received
    note(f"P1 floor: {count} messages in {seconds:.1f}s over one connection")
    return {"rate": count / seconds, "seconds": seconds}


# -- helpers -----------------------------------------------------------------------------------
def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (where the time of a slow run went)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_cpu_seconds() -> dict[str, float]:
    """CPU time of the PostgreSQL and RabbitMQ server processes on this machine (all of
    their processes; the ones that ended meanwhile are not counted)."""
    names = {"postgres": "PostgreSQL", "beam.smp": "RabbitMQ"}
    used: dict[str, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = names.get(text[text.find("(") + 1 : text.rfind(")")])
        if name:
            used[name] = used.get(name, 0.0) + _cpu_seconds(int(stat.parent.name))
    return used


def _start_sink(port: int) -> subprocess.Popen:
    sink = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(port)], stdout=subprocess.PIPE, text=True
    )
    if sink.stdout.readline().strip() != "ready":
        raise RuntimeError("the bench SMTP sink did not start")
    return sink


def _stop_sink(sink: subprocess.Popen) -> dict:
    sink.terminate()
    out, _ = sink.communicate(timeout=30)
    return json.loads(out.strip().splitlines()[-1])


def _delete_queues(prefix: str) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(RABBIT_URL))
    channel = connection.channel()
    for queue in ("workflow", "notify"):
        for suffix in ("", ".DQ", ".XQ"):
            channel.queue_delete(queue=f"{prefix}{queue}{suffix}")
    connection.close()
