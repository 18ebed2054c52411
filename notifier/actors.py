"""Dramatiq actors of the notify queue: deliver outbox rows by id (one, or a group)."""

from __future__ import annotations

import dramatiq

from notifier.deliver import SmtpConnections, deliver
from shared.broker import queue_name
from shared.runtime import Runtime

DELIVER = "notify.deliver"


def declare(runtime: Runtime) -> list[dramatiq.Actor]:
    connections = SmtpConnections(runtime.config.smtp_url)
    runtime.closers.append(connections.close_all)

    def deliver_mail(outbox_ids: int | list[int]) -> None:
        deliver(runtime, connections, outbox_ids)

    return [
        dramatiq.actor(
            actor_name=DELIVER,
            broker=runtime.broker,
            queue_name=queue_name(runtime.config, DELIVER),
            max_retries=10,
            min_backoff=1000,
            max_backoff=300_000,
        )(deliver_mail)
    ]
