"""The test-only npm packages in tests/js (ical.js, axe-core), installed on first use
with `npm ci` from the committed package-lock.json."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

JS_DIR = Path(__file__).resolve().parent / "js"
IN_CI = os.environ.get("CI", "").lower() == "true"
PACKAGES = ("ical.js", "axe-core")


def required(what: str) -> NoReturn:
    """Without CI a missing tool skips the test; CI=true makes it a failure."""
    if IN_CI:
        pytest.fail(f"{what}; CI requires it", pytrace=False)
    pytest.skip(f"{what} (required when CI=true)")


def _installed() -> bool:
    return all((JS_DIR / "node_modules" / name / "package.json").is_file() for name in PACKAGES)


def ensure_node_modules() -> Path:
    """tests/js/node_modules with every package of package.json; returns JS_DIR.

    pytest-xdist workers may ask at once: one installs while the others wait on the lock
    (`npm ci` first removes node_modules, so two at once would break each other)."""
    if _installed():
        return JS_DIR
    with open(JS_DIR / ".npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed():
            _npm_ci()
    return JS_DIR


def _npm_ci() -> None:
    npm = shutil.which("npm")
    if npm is None:
        required("npm is not on PATH: it installs the test packages into tests/js")
    command = [npm, "ci", "--prefix", str(JS_DIR), "--no-audit", "--no-fund"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}", pytrace=False)
