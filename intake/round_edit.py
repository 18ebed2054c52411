"""HR changes a round's settings and its conversation-type texts, on its settings page.

No Flask here. A change applies to what is still to come: the workflow reads a round's
settings each time it decides (workflow/facts.py); a mail already sent stays sent. Each
change is a fact in the audit trail with who and when, naming the settings that changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.conversation_types import kept_texts
from shared.db import UnitOfWork
from shared.event_types import EventKind
from shared.events import record_fact
from shared.models import Round
from shared.round_settings import ROUND_SETTINGS, values_of


def change_settings(
    uow: UnitOfWork, now: datetime, rnd: Round, settings: dict[str, Any], texts: dict[str, str], actor: str
) -> list[str]:
    """Store what differs (settings checked by the caller against the table); the names changed."""
    before = values_of(rnd)
    changed = []
    for setting in ROUND_SETTINGS:
        if not setting.allows(settings[setting.name]):  # the form checked it: a programming error
            raise ValueError(f"{setting.name} is out of its bounds")
        value = setting.kept(settings[setting.name])
        if value != before[setting.name]:
            setattr(rnd, setting.name, value)
            changed.append(setting.name)
    new_texts = kept_texts(texts)
    if new_texts != (rnd.conversation_type_texts or {}):
        rnd.conversation_type_texts = new_texts
        changed.append("conversation_type_texts")
    if changed:
        record_fact(uow, now, None, EventKind.ROUND_SETTINGS_CHANGED, actor, {"round_id": rnd.id, "changed": changed})
    return changed
