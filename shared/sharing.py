"""What one side of a POP chose to share with the other: used by pages and e-mails alike."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from shared.models import Preparation
from shared.questions import load_question_set


def shared_points(prep: Preparation | None, lang: str, reader_id: int) -> list[tuple[str, str]]:
    """(question, answer) the side shared with this reader, in the question set's order; []
    before submitting, and for anyone it was not shared with (a new manager, until the
    employee shares with him: consent names a person)."""
    if prep is None or prep.submitted_at is None or prep.shared_with_id != reader_id:
        return []
    points = []
    # The set as the POP was asked it: a version HR published is read through the row's session.
    for question in load_question_set(prep.question_set, object_session(prep)).for_role(prep.role):
        answer = (prep.answers or {}).get(question.id) or {}
        if answer.get("share") and (answer.get("text") or "").strip():
            points.append((question.text(lang), answer["text"].strip()))
    return points
