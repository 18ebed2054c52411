"""The Dramatiq broker, picked from BROKER_URL, and publishing by actor name.

Actors are always declared with an explicit broker (see workflow/actors.py and
notifier/actors.py), so Dramatiq's global default (RabbitMQ on localhost) is never
created by accident.
"""

from __future__ import annotations

import logging

import dramatiq
from dramatiq.brokers.stub import StubBroker

from shared.config import Config

log = logging.getLogger(__name__)

# Every actor name starts with the name of its queue: "workflow.handle_event".
QUEUES = ("workflow", "notify")


def make_broker(config: Config) -> dramatiq.Broker:
    url = config.broker_url
    if url == "embedded":
        broker: dramatiq.Broker = StubBroker()
        broker.emit_after("process_boot")
    elif url.startswith("amqp"):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url, confirm_delivery=True)
    elif url.startswith("redis"):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=url, namespace=(config.queue_prefix or "dramatiq"))
    else:
        raise ValueError(f"BROKER_URL must be 'embedded', amqp://… or redis://…, not {url!r}")
    return broker


def physical_queue(config: Config, queue: str) -> str:
    """RabbitMQ queues carry the prefix; Redis keys get it as namespace instead."""
    if queue not in QUEUES:
        raise ValueError(f"no queue named {queue!r}")
    return f"{config.queue_prefix}{queue}" if config.broker_url.startswith("amqp") else queue


def queue_name(config: Config, actor_name: str) -> str:
    return physical_queue(config, actor_name.split(".", 1)[0])


class Publisher:
    """Sends messages to actors by name; nothing here imports an actor.

    `consumed` says whether anyone will ever read what this process publishes:
    false for a CLI process on the embedded broker, whose messages would die with
    it. Then nothing is sent and the rows stay unpublished for the tick to pick up.
    """

    def __init__(self, broker: dramatiq.Broker, config: Config, consumed: bool) -> None:
        self.broker = broker
        self.config = config
        self.consumed = consumed

    def send(self, actor_name: str, *args, delay_ms: int | None = None) -> None:
        if not self.consumed:
            return
        message: dramatiq.Message[None] = dramatiq.Message(  # the actors return nothing
            queue_name=queue_name(self.config, actor_name),
            actor_name=actor_name,
            args=args,
            kwargs={},
            options={},
        )
        try:
            self.broker.enqueue(message, delay=delay_ms)
        except Exception:
            # The row is in the database; the tick publishes it again later.
            log.exception("could not publish %s%r; the tick will retry", actor_name, args)
