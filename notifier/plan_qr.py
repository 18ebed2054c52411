"""A QR code drawn into the plan PDF as plain rectangles (segno makes the matrix).

Vector, so it prints sharp at any size, and deterministic like the rest of the PDF.
"""

from __future__ import annotations

import segno
from fpdf import FPDF

QUIET = 4  # modules of white around the code, as the standard asks


def draw_qr(pdf: FPDF, text: str, x: float, y: float, size: float) -> None:
    """Draw `text` as a QR code in a size x size mm square (quiet zone included) at (x, y)."""
    rows = [list(row) for row in segno.make(text, error="m", micro=False).matrix]
    module = size / (len(rows) + 2 * QUIET)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1  # one rectangle per run of dark modules: a smaller file than one per module
            pdf.rect(x + (QUIET + start) * module, y + (QUIET + r) * module, (c - start) * module, module, style="F")
