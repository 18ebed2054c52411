"""What both sign: the agreements and the goal above them, in one hash."""

from __future__ import annotations

import hashlib
import json

from shared.models import Agreement
from shared.plan import plan_content, plan_hash


def _plan() -> list[Agreement]:
    return [
        Agreement(id=1, position=0, what="Cursus Excel", owner="Jan"),
        Agreement(id=2, position=1, what="Meelopen met planning"),
    ]


def test_a_plan_without_a_goal_hashes_as_before_goals_existed():
    """Plans signed before the goal was part of the plan keep their signatures."""
    before = hashlib.sha256(
        json.dumps(plan_content(_plan()), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    assert plan_hash(_plan(), "") == before


def test_the_goal_is_signed_with_the_agreements():
    assert plan_hash(_plan(), "Doorgroeien naar teamleider") != plan_hash(_plan(), "")
    assert plan_hash(_plan(), "Doorgroeien naar teamleider") != plan_hash(_plan(), "Doorgroeien naar coach")
    assert plan_hash([], "Doorgroeien naar teamleider") is None  # a goal alone is nothing to sign yet
