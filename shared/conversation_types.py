"""A round's conversation types (seed 002's potential x willingness matrix): on or off, and
HR's own text for each of the four types, over the question set's.

The switch is a round setting (shared/round_settings.py, "conversation_types"); the texts
are defined here once: the settings page makes its fields from TYPE_TEXTS and the round
keeps what HR wrote in `conversation_type_texts` ({"high_low": {"nl": ..., "en": ...}}).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Pop, Round
from shared.questions import LATEST_VERSION, LEVELS, conversation_type, load_question_set

TYPE_KEYS = tuple(f"{p}_{w}" for p in LEVELS for w in LEVELS)  # the question set's order
LANGUAGES = ("nl", "en")
TEXT_LIMIT = 600  # a sentence or three


@dataclass(frozen=True)
class TypeText:
    """One text HR may write: a type's explanation in one language."""

    key: str
    lang: str

    @property
    def field(self) -> str:
        return f"type_{self.key}_{self.lang}"

    def default(self, version: str = LATEST_VERSION, session: Session | None = None) -> str:
        return load_question_set(version, session).conversation_types[self.key].explanation(self.lang)

    def name(self, version: str = LATEST_VERSION, session: Session | None = None) -> str:
        return load_question_set(version, session).conversation_types[self.key].name(self.lang)


TYPE_TEXTS = tuple(TypeText(key, lang) for key in TYPE_KEYS for lang in LANGUAGES)


def own_text(rnd: Round | None, key: str, lang: str) -> str:
    """HR's text of a type for this round; "" when HR wrote none (the set's shows)."""
    texts = (rnd.conversation_type_texts if rnd is not None else None) or {}
    value = texts.get(key, {}) if isinstance(texts, dict) else {}
    text = value.get(lang, "") if isinstance(value, dict) else ""
    return text.strip() if isinstance(text, str) else ""


def kept_texts(entered: dict[str, str]) -> dict[str, dict[str, str]]:
    """What a round stores of the texts entered by field name: the non-empty ones."""
    kept: dict[str, dict[str, str]] = {}
    for text in TYPE_TEXTS:
        value = (entered.get(text.field) or "").strip()
        if value:
            kept.setdefault(text.key, {})[text.lang] = value
    return kept


def ratings_on(session: Session, pop_id: int) -> bool:
    """Whether this POP's round asks the manager for the two ratings (a POP of no round: yes)."""
    on = session.scalar(select(Round.conversation_types).join(Pop, Pop.round_id == Round.id).where(Pop.id == pop_id))
    return True if on is None else bool(on)


def suggested_type(
    rnd: Round | None,
    potential: str | None,
    willingness: str | None,
    lang: str,
    version: str,
    session: Session | None = None,
) -> tuple[str, str] | None:
    """(type name, explanation) for the manager's two ratings, the round's own text first;
    None when the round has no conversation types or a rating is missing."""
    if rnd is not None and not rnd.conversation_types:
        return None
    found = conversation_type(potential, willingness, lang, version=version, session=session)
    if found is None:
        return None
    return found[0], own_text(rnd, f"{potential}_{willingness}", lang) or found[1]
