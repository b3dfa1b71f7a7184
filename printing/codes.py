"""QR and Code128 symbols drawn straight onto a reportlab canvas.

reportlab's QrCodeWidget renders through the graphics Drawing tree (~25 ms per symbol);
here the module matrix comes from reportlab's own encoder (``qrencoder``) and is drawn as
one filled path of horizontal runs, which takes well under a millisecond. The encoder's
mask choice (8 full re-encodings scored in pure Python, ~16 ms) is replaced by placing
the data once and scoring the 8 masks on bit strings; the result is still the
lowest-penalty mask of ISO/IEC 18004 §7.8.3.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.graphics.barcode import code128, qrencoder

QUIET = 4  # quiet zone in modules on each side of a QR symbol


def lookup_target(code: str, template: str | None) -> str:
    """What the QR encodes: the lookup URL built from the template, or the bare code."""
    template = (template or "").strip()
    if not template:
        return code
    if "{code}" in template:
        return template.replace("{code}", code)
    return template + code


# ---------------------------------------------------------------------------------------
# QR


_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER = re.compile(r"(?=(10111010000|00001011101))")


def _penalty(rows: list[str]) -> int:
    n = len(rows)
    cols = ["".join(t) for t in zip(*rows)]
    score = 0
    for line in rows + cols:  # N1: runs of 5+ same-coloured modules
        for m in _RUN.finditer(line):
            score += 3 + (m.end() - m.start() - 5)
        score += 40 * len(_FINDER.findall(line))  # N3: finder-like patterns
    ints = [int(r, 2) for r in rows]  # N2: 2x2 blocks of one colour
    full = (1 << n) - 1
    pair_mask = (1 << (n - 1)) - 1
    for a, b in zip(ints, ints[1:]):
        same_v = ~(a ^ b) & full
        same_h = ~(a ^ (a >> 1)) & pair_mask
        blocks = same_v & (same_v >> 1) & same_h
        score += 3 * bin(blocks).count("1")
    dark = sum(r.count("1") for r in rows)  # N4: balance
    score += 10 * (abs(100 * dark // (n * n) - 50) // 5)
    return score


@lru_cache(maxsize=16)
def _mask_rows(pattern: int, n: int) -> tuple[int, ...]:
    """Mask pattern as one int per row (column 0 = most significant bit)."""
    mask = qrencoder.QRUtil.getMask(pattern)
    return tuple(
        int("".join("1" if mask(r, c) else "0" for c in range(n)), 2) for r in range(n)
    )


def _row_ints(modules) -> list[int]:
    return [int("".join("1" if v else "0" for v in row), 2) for row in modules]


@lru_cache(maxsize=64)
def qr_matrix(data: str, level: str = "M") -> tuple[str, ...]:
    """Rows of '0'/'1' (dark = '1') for ``data``, without the quiet zone."""
    q = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    q.addData(data)
    q.version = q.calculate_version()
    q.makeImpl(False, 0)  # function patterns + data placed under mask 0
    n = q.moduleCount
    datapos = [0] * n
    for c, r in q.dataPosIterator():
        datapos[r] |= 1 << (n - 1 - c)
    placed = _row_ints(q.modules)
    mask0 = _mask_rows(0, n)
    raw = [(placed[r] ^ mask0[r]) & datapos[r] for r in range(n)]  # unmasked data bits
    base = [row[:] for row in q.modules]
    best: tuple[int, list[str]] | None = None
    for pattern in range(8):
        q.modules = [row[:] for row in base]
        q.setupTypeInfo(False, pattern)
        func = _row_ints(q.modules)
        mrows = _mask_rows(pattern, n)
        rows = [
            format((func[r] & ~datapos[r]) | ((raw[r] ^ mrows[r]) & datapos[r]), f"0{n}b")
            for r in range(n)
        ]
        score = _penalty(rows)
        if best is None or score < best[0]:
            best = (score, rows)
    return tuple(best[1])


def draw_qr(canvas, data: str, x: float, y: float, size: float, level: str = "M") -> None:
    """Draw the symbol with its quiet zone inside the square (x, y, size, size)."""
    rows = qr_matrix(data, level)
    n = len(rows)
    m = size / (n + 2 * QUIET)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        yy = y + size - (r + QUIET + 1) * m
        for run in re.finditer("1+", row):
            path.rect(x + (run.start() + QUIET) * m, yy, (run.end() - run.start()) * m, m)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


# ---------------------------------------------------------------------------------------
# Code128


def code128_symbol(value: str, bar_width: float = 0.75, bar_height: float = 22.0):
    """A reportlab Code128 without human-readable text or built-in quiet zone
    (the layout leaves white space round it)."""
    bc = code128.Code128(value, barWidth=bar_width, barHeight=bar_height,
                         humanReadable=False, quiet=0)
    return bc


def code128_width(value: str, bar_width: float = 0.75) -> float:
    return code128_symbol(value, bar_width).width


def draw_code128(canvas, value: str, x: float, y: float, bar_width: float = 0.75,
                 bar_height: float = 22.0) -> float:
    """Draw bars with the lower-left corner at (x, y); returns the width."""
    bc = code128_symbol(value, bar_width, bar_height)
    bc.drawOn(canvas, x, y)
    return bc.width
