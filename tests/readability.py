"""How easy a text reads: Flesch reading ease through textstat, with the Dutch formula of
Douma (1960) for Dutch and Flesch's own for English, on the text a reader sees.

What is scored is the prose: each block of text (a paragraph, a hint, an error, a line of a
mail) counts as one sentence unless it holds several, as a reader takes it. Blocks under
three words are names of things (a label, a button, a column, a person), not sentences:
"Medewerkersnummer" alone would score as a very hard sentence of one word.

textstat's English syllable count needs NLTK's CMU dictionary, which it downloads at first
use; the tests need nothing from outside the repository and PyPI, so only Dutch, the
source language, is scored (the English texts are its translations).
"""

from __future__ import annotations

import html
import re

import textstat

# Blocks: the text between two tags (a heading, a label, a button, a table cell).
_BETWEEN_TAGS = re.compile(r"<[^>]+>")
_NOT_READ = re.compile(r"<(script|style|head|svg)\b.*?</\1>", flags=re.S | re.I)
_URL = re.compile(r"\S+://\S+|\S+@\S+")


def blocks(page_html: str) -> list[str]:
    """The page's text blocks as a reader meets them: no tags, no addresses or links."""
    text = _NOT_READ.sub(" ", page_html)
    found = []
    for part in _BETWEEN_TAGS.split(text):
        part = re.sub(r"\s+", " ", _URL.sub(" ", html.unescape(part))).strip()
        if re.search(r"[^\W\d_]{2}", part):  # a block with at least one word
            found.append(part)
    return found


def prose(parts: list[str]) -> str:
    """The blocks of three words or more as one text, each ending as a sentence."""
    sentences = [part if part[-1] in ".!?:" else part + "." for part in parts if len(part.split()) >= 3]
    return " ".join(sentences)


def reading_ease(text: str) -> float:
    """Flesch reading ease with Douma's formula for Dutch: 60 and up reads as plain (B1)."""
    textstat.set_lang("nl")
    return float(textstat.flesch_reading_ease(text))


def page_reading_ease(page_html: str) -> float:
    return reading_ease(prose(blocks(page_html)))


def mail_reading_ease(mail_text: str) -> float:
    """A mail's plain-text part: its lines are its blocks."""
    return reading_ease(prose([line.strip() for line in _URL.sub(" ", mail_text).splitlines() if line.strip()]))
