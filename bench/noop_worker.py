"""P4's floor: a Dramatiq worker exactly like `popflow worker --queues workflow` (same broker
set-up, same threads), whose only actor does nothing but note the time.

    QUEUE_PREFIX=... BROKER_URL=amqp://... python bench/noop_worker.py

On SIGTERM it prints one JSON line: count, first, last (time.time() of the first and last
message handled).
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dramatiq  # noqa: E402

from popflow.processes import start_worker  # noqa: E402
from shared.broker import queue_name  # noqa: E402
from shared.config import Config  # noqa: E402
from shared.runtime import build_runtime  # noqa: E402

NOOP = "workflow.noop"


def main() -> None:
    runtime = build_runtime(Config.from_env())
    seen = {"count": 0, "first": 0.0, "last": 0.0}
    lock = threading.Lock()

    def noop(number: int) -> None:
        now = time.time()
        with lock:
            seen["count"] += 1
            seen["first"] = seen["first"] or now
            seen["last"] = now

    dramatiq.actor(
        noop,
        actor_name=NOOP,
        broker=runtime.broker,
        queue_name=queue_name(runtime.config, NOOP),
        max_retries=10,
        min_backoff=500,
        max_backoff=60_000,
    )
    worker = start_worker(runtime, queues={"workflow"})
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    worker.stop()
    runtime.close()
    print(json.dumps(seen), flush=True)


if __name__ == "__main__":
    main()
