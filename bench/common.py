"""What every benchmark shares: the figure record, a throwaway PostgreSQL database,
peak memory sampling, and small helpers for starting servers on loopback."""

from __future__ import annotations

import os
import secrets
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def note(message: str) -> None:
    """Progress for the operator: stderr, so stdout stays one JSON figure per line."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _round(value: float | int | None) -> float | int | None:
    # Three significant digits are more than the noise on a shared machine allows.
    if value is None or isinstance(value, bool) or isinstance(value, int):
        return value
    if value == 0:
        return 0.0
    magnitude = abs(value)
    digits = 3 if magnitude < 1 else 2 if magnitude < 10 else 1 if magnitude < 1000 else 0
    return round(value, digits)


def figure(
    id: str, value: float, unit: str, goal: str, passed: bool, floor: float | None = None, ratio: float | None = None
) -> dict:
    return {
        "id": id,
        "value": _round(value),
        "unit": unit,
        "floor": _round(floor),
        "ratio": None if ratio is None else round(ratio, 3),
        "goal": goal,
        "pass": bool(passed),
    }


def _admin_engine():
    from sqlalchemy import create_engine

    return create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")


@contextmanager
def temporary_pg_database(tag: str) -> Iterator[str]:
    """A migrated database of its own on the test server, dropped afterwards (even if
    a server process still holds connections to it: WITH (FORCE))."""
    from sqlalchemy import text

    from shared.migrate import upgrade

    name = f"popflow_bench_{tag}_{secrets.token_hex(4)}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _proc_rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _proc_children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found.extend(int(c) for c in children.read().split())
    except OSError:
        pass
    return found + [g for c in found for g in _proc_children(c)]


def rss_mb(pid: int, children: bool = True) -> dict[int, float]:
    """RSS in MB of pid (and its descendants), per process."""
    try:
        import psutil
    except ImportError:
        pids = [pid] + (_proc_children(pid) if children else [])
        return {p: _proc_rss_mb(p) for p in pids}
    result: dict[int, float] = {}
    try:
        proc = psutil.Process(pid)
        procs = [proc] + (proc.children(recursive=True) if children else [])
    except psutil.Error:
        return result
    for p in procs:
        try:
            result[p.pid] = p.memory_info().rss / (1024 * 1024)
        except psutil.Error:
            pass
    return result


class PeakRss:
    """Samples a process and its children every 50 ms in a thread.

    `peak_mb`: the highest sum over the tree; `peak_per_process_mb`: the highest RSS
    any single process reached (e.g. one gunicorn worker); `peak_by_pid` per pid.
    """

    def __init__(self, pid: int, interval: float = 0.05, children: bool = True) -> None:
        self.pid = pid
        self.interval = interval
        self.children = children
        self.peak_mb = 0.0
        self.peak_by_pid: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-rss", daemon=True)

    @property
    def peak_per_process_mb(self) -> float:
        return max(self.peak_by_pid.values(), default=0.0)

    def sample(self) -> None:
        sizes = rss_mb(self.pid, self.children)
        self.peak_mb = max(self.peak_mb, sum(sizes.values()))
        for pid, size in sizes.items():
            self.peak_by_pid[pid] = max(self.peak_by_pid.get(pid, 0.0), size)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def start(self) -> PeakRss:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()

    def __enter__(self) -> PeakRss:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 30.0) -> None:
    """Until the URL answers with any HTTP status (a 404 also means it is up)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError as exc:
            last = exc
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s ({last})")
