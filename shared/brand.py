"""The organisation's accent colour, made safe for pages and mails.

ORG_ACCENT is any #rrggbb an organisation picks; text on it and links in it must still be
readable (WCAG AA, 4.5:1), whatever colour that is. So the colour is checked once, at
start, and the text colour on it and the colour of links are worked out here, for the
web app's /theme.css and the mail layout alike. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_ACCENT = "#1f5fa8"
INK = "#1d2330"  # the page's text colour (intake/static/popflow.css --ink)
WHITE = "#ffffff"
AA = 4.5
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def accent_colour(value: str) -> str:
    """ORG_ACCENT as written in the environment: #rrggbb, lower case."""
    value = value.strip()
    if not _HEX.fullmatch(value):
        raise ValueError(f"ORG_ACCENT must be a colour written #rrggbb, e.g. {DEFAULT_ACCENT}, not {value!r}")
    return value.lower()


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _darker(colour: str, step: float = 0.9) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * step):02x}" for c in (r, g, b))


@dataclass(frozen=True)
class Palette:
    accent: str  # the header's line, the current step: as configured
    button: str  # buttons: the accent, or a darker shade where no text reads on it
    on_button: str  # text on a button: white or ink, whichever reads (4.5:1)
    link: str  # the accent darkened until it reads on white (itself when it already does)


def palette(accent: str) -> Palette:
    link = accent
    while contrast(link, WHITE) < AA:  # a light accent: links in a darker shade of it
        link = _darker(link)
    if contrast(accent, WHITE) >= AA:
        return Palette(accent, accent, WHITE, link)
    if contrast(accent, INK) >= AA:  # a light accent: dark text on it
        return Palette(accent, accent, INK, link)
    return Palette(accent, link, WHITE, link)  # a middling one: neither reads on it
