"""Agenda rules (004 step 1), plain Python: the order of the points and the time check.

Earlier agreements come first ("opvolging van eerdere afspraken", 004 step 2), then the
joint points (004 step 4), then by priority; within a priority the employee's points
first, because the initiative lies with the employee (004, "wederzijdse inbreng").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Protocol

PRIORITIES = {1: "hoog", 2: "normaal", 3: "laag"}
AUTHOR_ORDER = {"employee": 0, "manager": 1}


class PointLike(Protocol):
    author_role: str
    position: int
    text: str
    priority: int
    minutes: int | None
    joint: bool


def ordered(points: Iterable[PointLike]) -> list[PointLike]:
    return sorted(points, key=lambda p: (not p.joint, p.priority, AUTHOR_ORDER.get(p.author_role, 2), p.position))


def planned_minutes(points: Iterable[PointLike]) -> int:
    return sum(p.minutes or 0 for p in points)


def time_advice(points: Sequence[PointLike], available: int | None) -> str | None:
    """A code when the points do not fit the time of the conversation; advice, never a block."""
    if available is None:
        return None
    planned = planned_minutes(points)
    if planned > available:
        return "too_long"
    return None


def points_hash(points: Iterable[PointLike]) -> str:
    """What one side loaded: a save from a stale form is told, not silently applied.

    Without `joint`: the other side marking a point 'mine too' is no conflict.
    """
    content = [[p.position, p.text, p.priority, p.minutes] for p in sorted(points, key=lambda p: p.position)]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()[:16]
