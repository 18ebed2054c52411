"""The benchmarks run and report: `bench/run.py --scale small --only P2` (and P3) prints one
JSON figure per line with every key, for every figure the benchmark promises. One run per
benchmark, so that the test runner can run them side by side.

Whether a figure passes depends on the machine's load, so that is not asserted here;
that the harness ran every benchmark to the end (exit 0 or 1, never 2) is.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"id", "value", "unit", "floor", "ratio", "goal", "pass"}
EXPECTED = {
    "P2": {"P2", "P2-p99"},
    "P3": {
        "P3-dashboard-ms",
        "P3-list-ms",
        "P3-list-filtered-ms",
        "P3-list-page2-ms",
        "P3-list-search-ms",
        "P3-managers-ms",
        "P3-managers-behind-ms",
        "P3-people-ms",
        "P3-people-search-ms",
        "P3-statements",
    },
}


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


@pytest.mark.parametrize("bench_id", sorted(EXPECTED))
def test_the_small_benchmarks_print_every_figure(pg_database, bench_id):  # pg_database: PostgreSQL must answer
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--scale", "small", "--only", bench_id],
        cwd=ROOT,
        env={**os.environ, "CI": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), f"exit {done.returncode}:\n{done.stderr[-4000:]}"
    figures = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert {f["id"] for f in figures} == EXPECTED[bench_id] and len(figures) == len(EXPECTED[bench_id]), done.stdout
    for f in figures:
        assert set(f) == KEYS, f
        assert _positive(f["value"]), f
        assert isinstance(f["pass"], bool) and f["unit"] and f["goal"], f
        if f["floor"] is not None:
            assert _positive(f["floor"]) and _positive(f["ratio"]), f
    # A figure fails only where the output says so: the exit code agrees with the lines.
    assert done.returncode == (0 if all(f["pass"] for f in figures) else 1)
