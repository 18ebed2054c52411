"""Run the production benchmarks and print one JSON line per figure.

    python bench/run.py [--scale small|full] [--only P1,P2,...]

Each module bench/pN_*.py has `run(scale) -> list[figure]`; every figure carries its
own floor measured in the same run, so the ratio is what counts on a busy machine.
Exit 0 when every figure passes, 1 when one does not, 2 when a benchmark is missing
or crashed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import note  # noqa: E402

MODULES = {"P1": "p1_launch", "P2": "p2_intake", "P3": "p3_hr_pages", "P4": "p4_transitions"}
# P5 (memory) has no module of its own: P1 measures the worker, P2 the web process.
DERIVED = {"P5": ("P1", "P2")}
ORDER = ["P1", "P2", "P3", "P4", "P5"]


def _family(figure_id: str) -> str:
    return figure_id.split("-", 1)[0]


def plan(only: list[str]) -> tuple[list[str], set[str]]:
    """Which modules to run, and which figure families to print."""
    wanted = set(only) if only else set(ORDER)
    unknown = wanted - set(ORDER)
    if unknown:
        note(f"unknown benchmark id(s): {', '.join(sorted(unknown))} (known: {', '.join(ORDER)})")
        raise SystemExit(2)
    modules: list[str] = []
    for bench_id in ORDER:
        if bench_id not in wanted:
            continue
        for module_id in DERIVED.get(bench_id, (bench_id,)):
            if module_id not in modules:
                modules.append(module_id)
    return sorted(modules, key=ORDER.index), wanted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "full"], default="full")
    parser.add_argument("--only", default="", help="comma list, e.g. P1,P2 (P5 runs P1 and P2)")
    args = parser.parse_args(argv)
    only = [part.strip().upper() for part in args.only.split(",") if part.strip()]
    modules, wanted = plan(only)

    failed = broken = False
    for module_id in modules:
        name = MODULES[module_id]
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            note(f"{module_id}: bench/{name}.py does not exist yet")
            broken = True
            continue
        note(f"{module_id}: running bench/{name}.py at scale {args.scale}")
        started = time.monotonic()
        try:
            figures = module.run(args.scale)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            note(f"{module_id}: crashed")
            broken = True
            continue
        note(f"{module_id}: done in {time.monotonic() - started:.1f} s")
        for figure in figures:
            if _family(figure["id"]) not in wanted:
                continue
            print(json.dumps(figure, ensure_ascii=False), flush=True)
            failed |= not figure["pass"]
    return 2 if broken else 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
