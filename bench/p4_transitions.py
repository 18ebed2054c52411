"""P4: workflow transitions per second of one worker on RabbitMQ.

N POPs wait with a conversation scheduled and its event not yet handled; their
`workflow.handle_event` messages are queued before the worker starts, one per manager's
submit of the planning page as the app queues them (20 events each), so what is timed
is the drain: from the first event handled to the last (events.handled_at). Each one
is a real transition (planning → announcement): the POP's facts read and locked, the
state change recorded, both invitations queued in the outbox and published.

Floor, in the same run: N messages to a no-op actor, drained by a worker with the same
settings (bench/noop_worker.py: the same broker set-up and threads).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import dramatiq
from sqlalchemy import func, select

from bench.common import figure, note, temporary_pg_database
from bench.p1_launch import (
    RABBIT_URL,
    ROOT,
    _cpu_seconds,
    _delete_queues,
    _env,
    _schedule_all,
    _seed,
    _server_cpu_seconds,
)

SCALE = {"full": 5_000, "small": 300}
GOAL_RATIO = 0.30


def run(scale: str) -> list[dict]:
    count = SCALE[scale]
    prefix = f"bench{os.getpid()}p4_"
    with temporary_pg_database("p4") as database_url:
        try:
            transitions = _transitions(database_url, prefix + "w_", count)
            floor = _noop(database_url, prefix + "n_", count)
        finally:
            _delete_queues(prefix + "w_")
            _delete_queues(prefix + "n_")
    ratio = transitions / floor
    return [
        figure(
            "P4",
            transitions,
            "transitions/s",
            f">= {GOAL_RATIO:.0%} of a no-op actor's rate",
            ratio >= GOAL_RATIO,
            floor=floor,
            ratio=ratio,
        )
    ]


def _transitions(database_url: str, prefix: str, count: int) -> float:
    from popflow.processes import declare_all_actors
    from shared.config import Config
    from shared.db import GROUP_SIZE
    from shared.events import HANDLE_EVENT
    from shared.models import Event, Pop
    from shared.runtime import build_runtime

    env = _env(database_url, prefix, 1)  # no mail goes out: nobody reads the notify queue
    quiet = build_runtime(Config.from_env(env), consumed=False)  # the rows only, no messages yet
    round_id = _seed(quiet, count, quiet.now())
    from intake.rounds import launch_round

    with quiet.uow() as uow:
        launch_round(uow, quiet.now(), round_id, "bench")
        uow.commit()
    _schedule_all(quiet, round_id)
    quiet.close()
    runtime = build_runtime(Config.from_env(env))
    declare_all_actors(runtime)
    with runtime.uow() as uow:
        by_manager: dict[int, list[int]] = {}
        for event_id, manager_id in uow.session.execute(
            select(Event.id, Pop.manager_id)
            .join(Pop, Pop.id == Event.pop_id)
            .where(Event.kind == "meeting_scheduled")
            .order_by(Event.id)
        ):
            by_manager.setdefault(manager_id, []).append(event_id)
    events = [event_id for group in by_manager.values() for event_id in group]
    # As the planning page queues them: one message per manager's submit (UnitOfWork.publish_grouped).
    for group in by_manager.values():
        for start in range(0, len(group), GROUP_SIZE):
            runtime.publisher.send(HANDLE_EVENT, group[start : start + GROUP_SIZE])
    note(f"P4: {len(events)} events queued in {len(by_manager)} messages; starting the workflow worker")
    servers_before = _server_cpu_seconds()
    worker = subprocess.Popen(
        [sys.executable, "-m", "popflow.cli", "worker", "--queues", "workflow"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            with runtime.uow() as uow:
                done = uow.session.scalar(
                    select(func.count())
                    .select_from(Event)
                    .where(Event.kind == "meeting_scheduled", Event.handled_at.is_not(None))
                )
            if done >= len(events):
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"P4: {done} of {len(events)} events handled in time")
        servers = {name: used - servers_before.get(name, 0.0) for name, used in _server_cpu_seconds().items()}
        note(
            f"P4: CPU seconds used: workflow worker {_cpu_seconds(worker.pid):.1f} (with its start), "
            + ", ".join(f"{name} {used:.1f}" for name, used in sorted(servers.items()))
        )
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=60)
    with runtime.uow() as uow:
        first, last = uow.session.execute(
            select(func.min(Event.handled_at), func.max(Event.handled_at)).where(Event.kind == "meeting_scheduled")
        ).one()
        moved = uow.session.scalar(select(func.count()).select_from(Pop).where(Pop.state == "announcement"))
    runtime.close()
    if moved != count:
        raise RuntimeError(f"P4: {moved} of {count} POPs reached announcement\n{errors[-2000:]}")
    seconds = (last - first).total_seconds()
    note(f"P4: {count} transitions in {seconds:.1f}s")
    return (count - 1) / seconds


def _noop(database_url: str, prefix: str, count: int) -> float:
    from bench.noop_worker import NOOP
    from shared.broker import queue_name
    from shared.config import Config
    from shared.runtime import build_runtime

    env = _env(database_url, prefix, 1)
    runtime = build_runtime(Config.from_env(env))
    dramatiq.actor(
        lambda number: None, actor_name=NOOP, broker=runtime.broker, queue_name=queue_name(runtime.config, NOOP)
    )  # declares the queue
    for number in range(count):
        runtime.publisher.send(NOOP, number)
    runtime.close()
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "noop_worker.py")], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert worker.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 300
        seen = None
        while time.monotonic() < deadline:
            time.sleep(1.0)
            if _queue_empty(prefix):
                break
        time.sleep(1.0)
    finally:
        worker.terminate()
        out, _ = worker.communicate(timeout=60)
    seen = json.loads(out.strip().splitlines()[-1])
    if seen["count"] != count:
        raise RuntimeError(f"P4 floor: {seen['count']} of {count} no-op messages handled")
    seconds = seen["last"] - seen["first"]
    note(f"P4 floor: {count} no-op messages in {seconds:.2f}s")
    return (count - 1) / seconds


def _queue_empty(prefix: str) -> bool:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(RABBIT_URL))
    try:
        channel = connection.channel()
        declared = channel.queue_declare(queue=f"{prefix}workflow", passive=True)
        return declared.method.message_count == 0
    finally:
        connection.close()
