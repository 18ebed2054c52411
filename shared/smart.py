"""The SMART rules of an agreement, once: the server applies them here, and exports them as
data (rules_document) for intake/static/smart.js, which applies the same patterns as the
person types. Pure Python.

Heuristics, on purpose simple (advice, never a block):
- Specific: "what" has at least MIN_WORDS words (a word: a run of characters that are not
  spaces or punctuation; a script without spaces counts as one word per run).
- Measurable: the result names a number (digits 0-9, or a number word: "drie", "five"),
  a month (a date), or something you can observe: a word that starts with one of
  OBSERVABLE ("afgerond", "certificaat", "presentatie", "opgeleverd", ...). "beter" is
  none of these. "een"/"one" are left out: in Dutch it is mostly the article.
- Who: filled with more than spaces or punctuation.
- Time-bound: a due date, not before today and not after the plan period's last day.

Only ASCII letters are lowered and the patterns use only explicit character classes (no
\\s, \\w or \\d, which differ between Python and JavaScript), so both read them the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from shared.i18n import N_

MIN_WORDS = 3
_SEPARATORS = r"\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000,;:.!?()/-"
WORD = f"[^{_SEPARATORS}]+"
_NUMBER_WORDS = (
    "twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig honderd duizend "
    "helft half two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand dozen"
)
_MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december "
    "january february march june july august october"
)
OBSERVABLE = (
    "afgerond afronden afronding behaald behalen certifica gecertificeerd diploma examen exam geslaagd slagen "
    "passed presenta opgeleverd opleveren oplevering delivered gepubliceerd publiceren published rapport report "
    "verslag portfolio demo gegeven gehouden voltooid completed finished zelfstandig independently score cijfer "
    "goedgekeurd approved getoetst"
)


def _alternatives(words: str) -> str:
    return "|".join(words.split())


MEASURABLE = (
    f"[0-9]|(?<![a-z])(?:{_alternatives(_NUMBER_WORDS)}|{_alternatives(_MONTHS)})(?![a-z])"
    f"|(?<![a-z])(?:{_alternatives(OBSERVABLE)})"
)

# code -> Dutch advice (translated where shown)
MESSAGES = {
    "specific": N_("Specifiek: beschrijf in een paar woorden wat er precies gebeurt."),
    "measurable": N_(
        "Meetbaar: noem een aantal, een datum of iets wat je kunt zien, zoals een certificaat of een presentatie."
    ),
    "owner": N_("Wie is eigenaar van deze afspraak?"),
    "due_missing": N_("Tijdgebonden: wanneer moet het klaar zijn?"),
    "due_past": N_("Deze datum ligt in het verleden."),
    "due_after_period": N_("Deze datum ligt na het einde van de planperiode."),
}
# Advice, not a rule: "Tip" ties it to the page's intro, and says saving works anyway.
TIP = N_("Tip (opslaan kan ook zo): {advice}")
FIELDS = ("what", "measurable_result", "owner", "due_date")


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(WORD), re.compile(MEASURABLE)


def ascii_lower(text: str) -> str:
    """Only A-Z: full Unicode lowering differs between Python and JavaScript."""
    return re.sub("[A-Z]", lambda m: chr(ord(m.group()) + 32), text)


def word_count(text: str) -> int:
    return len(_compiled()[0].findall(text))


def is_measurable(text: str) -> bool:
    return _compiled()[1].search(ascii_lower(text)) is not None


def due_advice(due: date | None, today: date, plan_end: date | None) -> str | None:
    """The time-bound code of a due date, or None when it is fine."""
    if due is None:
        return "due_missing"
    if due < today:
        return "due_past"
    if plan_end is not None and due > plan_end:
        return "due_after_period"
    return None


def advice(
    what: str, measurable_result: str, owner: str, due: date | None, today: date, plan_end: date | None
) -> dict[str, str]:
    """{field: code} of what is not yet SMART; nothing for an agreement not started."""
    if not (word_count(what) or word_count(measurable_result) or word_count(owner) or due is not None):
        return {}
    found: dict[str, str] = {}
    if word_count(what) < MIN_WORDS:
        found["what"] = "specific"
    if not is_measurable(measurable_result):
        found["measurable_result"] = "measurable"
    if not word_count(owner):
        found["owner"] = "owner"
    due_code = due_advice(due, today, plan_end)
    if due_code:
        found["due_date"] = due_code
    return found


def rules_document(translate: Callable[[str], str]) -> dict:
    """The rules as data for smart.js: the same patterns, and the messages in the reader's language."""
    return {
        "word": WORD,
        "measurable": MEASURABLE,
        "min_words": MIN_WORDS,
        "messages": {code: translate(text) for code, text in MESSAGES.items()},
        "tip": translate(TIP),
    }
