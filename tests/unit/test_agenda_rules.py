"""The agenda's order and time check (004 step 1), without a database."""

from dataclasses import dataclass

from shared.agenda import ordered, planned_minutes, points_hash, time_advice


@dataclass
class Point:
    author_role: str
    position: int
    text: str
    priority: int = 2
    minutes: int | None = None
    joint: bool = False


def test_joint_points_come_first_then_priority_then_the_employee():
    points = [
        Point("manager", 0, "Teamplan", priority=1),
        Point("employee", 0, "Cursus", priority=2),
        Point("employee", 1, "Werkdruk", priority=1),
        Point("manager", 1, "Doorgroei", joint=True, priority=3),
    ]
    assert [p.text for p in ordered(points)] == ["Doorgroei", "Werkdruk", "Teamplan", "Cursus"]


def test_points_that_need_more_time_than_the_conversation_get_advice():
    points = [Point("employee", 0, "A", minutes=40), Point("manager", 0, "B", minutes=30), Point("manager", 1, "C")]
    assert planned_minutes(points) == 70
    assert time_advice(points, 60) == "too_long"
    assert time_advice(points, 70) is None
    assert time_advice(points, None) is None  # no conversation planned yet: nothing to compare with


def test_the_other_side_marking_a_point_joint_is_no_conflict_for_its_author():
    mine = [Point("employee", 0, "Cursus", minutes=10)]
    before = points_hash(mine)
    mine[0].joint = True
    assert points_hash(mine) == before
    mine[0].text = "Cursus Excel"
    assert points_hash(mine) != before
