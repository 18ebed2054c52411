"""pip-audit over the installed virtualenv, for `make audit` (and so for CI's `make test`).

A known vulnerability in any installed package fails, with its id and the versions that
fix it (raise that package's minimum in pyproject.toml). A vulnerability service that
does not answer, or cannot look our versions up, is reported loudly but passes: an
outage of PyPI's API must not turn every build red until it ends. AUDIT_STRICT=1 makes
that a failure too (for a release). popflow itself, installed editable, is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - runs pip-audit, a fixed command line
import sys
import tempfile
from pathlib import Path


def main() -> int:
    strict = os.environ.get("AUDIT_STRICT") == "1"
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "audit.json"
        run = subprocess.run(  # nosec B603 - our own interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--skip-editable",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(report_path),
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        # pip-audit writes its report only when it reached the service; exit 1 means either.
        if not report_path.exists():
            print(run.stderr.strip()[-2000:], file=sys.stderr)
            print("pip-audit: the vulnerability service did not answer; dependencies NOT audited", file=sys.stderr)
            return 1 if strict else 0
        report = json.loads(report_path.read_text())
    packages = report["dependencies"]
    found = [
        (p["name"], p["version"], v["id"], ", ".join(v.get("fix_versions", [])) or "no fix yet")
        for p in packages
        for v in p.get("vulns", [])
    ]
    for name, version, vuln, fixed in found:
        print(f"pip-audit: {name} {version}: {vuln} (fixed in: {fixed})", file=sys.stderr)
    if found:
        return 1
    unaudited = [p["name"] for p in packages if "skip_reason" in p and "editable" not in p["skip_reason"]]
    if unaudited:
        print(
            f"pip-audit: the service could not look up {len(unaudited)} of {len(packages)} packages "
            f"({', '.join(unaudited[:8])}{', …' if len(unaudited) > 8 else ''}); those are NOT audited",
            file=sys.stderr,
        )
        return 1 if strict else 0
    print(f"pip-audit: {len(packages)} packages, no known vulnerability")
    return 0


if __name__ == "__main__":
    sys.exit(main())
