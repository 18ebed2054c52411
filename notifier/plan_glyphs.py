"""The fonts the plan PDF embeds, and what to print for a character they lack.

The PDF goes into the personnel file, so every name must come out as typed: DejaVu Sans
(shipped in notifier/fonts/, licence beside it) covers Latin with all its extensions,
Greek, Cyrillic and many symbols. A character none of it covers (Chinese, most emoji) is
printed as its Unicode number, "[U+4E00]", and the plan says so under the signatures:
visible and recoverable, never a crash, never silently dropped.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).with_name("fonts")
SANS = "DejaVuSans"
MONO = "DejaVuSansMono"
FILES = {(SANS, ""): "DejaVuSans.ttf", (SANS, "B"): "DejaVuSans-Bold.ttf", (MONO, ""): "DejaVuSansMono.ttf"}


@cache
def covered(family: str) -> frozenset[int]:
    """The code points every style of this family draws (regular and bold differ a little)."""
    points: set[int] | None = None
    for (fam, _style), name in FILES.items():
        if fam == family:
            with TTFont(FONT_DIR / name, lazy=True) as font:  # closed again: read once per process
                cmap = set(font.getBestCmap())
            points = cmap if points is None else points & cmap
    return frozenset(points or ())


def marker(ch: str) -> str:
    return f"[U+{ord(ch):04X}]"


def printable(text: str, family: str = SANS) -> tuple[str, bool]:
    """(text the font can draw, whether a character had to be shown as its number).

    NFC first, so 'e' + combining accent prints as one 'é'. Line and paragraph separators
    become line breaks; other control and format characters (zero-width space, soft hyphen,
    tab as space) show nothing anyway and are left out.
    """
    points = covered(family)
    out: list[str] = []
    replaced = False
    for ch in unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " ")):
        kind = unicodedata.category(ch)
        if ch == "\n" or kind in ("Zl", "Zp"):
            out.append("\n")
        elif kind in ("Cc", "Cf"):
            continue
        elif ord(ch) in points and kind not in ("Co", "Cn", "Cs"):
            out.append(ch)
        else:
            out.append(marker(ch))
            replaced = True
    return "".join(out), replaced
