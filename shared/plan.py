"""The plan's content hash: what both people sign. Any edit changes it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from shared.models import Agreement

SIGNED_FIELDS = ("what", "measurable_result", "owner", "due_date", "kind", "activity", "cost_eur", "hours", "support")


def plan_content(agreements: Iterable[Agreement]) -> list[dict]:
    ordered = sorted(agreements, key=lambda a: (a.position, a.id or 0))
    return [
        {name: (None if getattr(a, name) is None else str(getattr(a, name))) for name in SIGNED_FIELDS} for a in ordered
    ]


def plan_hash(agreements: Iterable[Agreement], goal: str) -> str | None:
    """SHA-256 of the plan's canonical JSON: its agreements and the goal above them (the POP's
    plan_goal); None without agreements (nothing to sign). Without a goal the JSON is the list
    alone, as before goals existed: plans signed then keep their signatures."""
    content = plan_content(agreements)
    if not content:
        return None
    signed = {"goal": goal, "agreements": content} if goal else content
    canonical = json.dumps(signed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
