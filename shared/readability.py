"""B1 hints on a text HR writes: long sentences, long words, the passive and office words.

Pure and small: the HR pages show its hints beside the text on a save or a preview (no
JavaScript needed). A hint helps; it never refuses a text. The rules are rough on purpose:
a sentence over 18 words, a word over 13 letters or of five syllables and more, a form of
"worden" with a past participle, and a short list of words B1 readers stumble over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.i18n import N_

LONGEST_SENTENCE = 18  # words; B1 guides say 15 to 20
LONGEST_WORD = 13  # letters
MOST_SYLLABLES = 4

# Office words with a plain Dutch one beside them (the plain one goes into the hint).
JARGON = {
    "middels": "met",
    "teneinde": "om",
    "derhalve": "daarom",
    "dientengevolge": "daardoor",
    "alsmede": "en",
    "echter": "maar",
    "indien": "als",
    "wederom": "weer",
    "ten behoeve van": "voor",
    "in het kader van": "bij",
    "met betrekking tot": "over",
    "doorgaans": "meestal",
    "reeds": "al",
    "tevens": "ook",
    "aldus": "zo",
    "omtrent": "over",
    "ingevolge": "volgens",
}
# Long, but the words of a POP everyone here reads every day.
KNOWN = frozenset(
    {"leidinggevende", "leidinggevenden", "voortgangsgesprek", "voortgangsgesprekken", "ontwikkelingsplan"}
)
_WORDEN = r"(?:word|wordt|worden|werd|werden)"
# "wordt ... gevraagd": a form of worden, then a participle within a few words.
_PASSIVE = re.compile(rf"\b{_WORDEN}\b(?:\s+\w+){{0,8}}?\s+(\w*ge\w+(?:d|t|en)|(?:be|ver|ont|her)\w+[dt])\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouyáéíóúàèëïöüäâêîôû]+", re.I)


@dataclass(frozen=True)
class Hint:
    """One hint: a Dutch msgid and what fills it (the caller translates)."""

    message: str
    values: tuple[tuple[str, str | int], ...] = ()

    def text(self, gettext=lambda s: s) -> str:
        return gettext(self.message).format(**dict(self.values))


def syllables(word: str) -> int:
    """A rough count: groups of vowels ("ij" and "ui" are one), at least one."""
    return max(1, len(_VOWEL_GROUPS.findall(word.lower().replace("ij", "i"))))


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def hints(text: str) -> list[Hint]:
    """What to make plainer in `text`, in the order it comes; none for plain B1 Dutch."""
    plain = _PLACEHOLDER.sub("naam", text or "")  # a placeholder reads as one short word
    found: list[Hint] = []
    for sentence in sentences(plain):
        count = len(_WORD.findall(sentence))
        if count > LONGEST_SENTENCE:
            found.append(Hint(N_("Lange zin ({count} woorden): maak hem korter."), (("count", count),)))
        passive = _PASSIVE.search(sentence)
        if passive:
            found.append(
                Hint(
                    N_("Lijdende vorm ('{words}'): zeg wie het doet."),
                    (("words", f"{passive.group(0).split()[0]} … {passive.group(1)}"),),
                )
            )
    seen: set[str] = set()
    for word in (part for whole in _WORD.findall(plain) for part in whole.split("-")):  # "agenda-uitnodiging": two
        lower = word.lower()
        if lower in seen or lower in KNOWN:
            continue
        seen.add(lower)
        if len(word) > LONGEST_WORD or syllables(word) > MOST_SYLLABLES:
            found.append(Hint(N_("Lang woord ('{word}'): kies een korter woord."), (("word", word),)))
    lowered = f" {plain.lower()} "
    for word, instead in JARGON.items():
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            found.append(
                Hint(N_("Moeilijk woord ('{word}'): schrijf '{instead}'."), (("word", word), ("instead", instead)))
            )
    return found
