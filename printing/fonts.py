"""Font registration for every printed form: one embedded family, Be Vietnam Pro.

reportlab's bundled Vera and the standard 14 fonts (Helvetica…) have no Vietnamese glyphs
and are never embedded, so every canvas must be created with ``initialFontName=REGULAR``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "BeVietnamPro"
BOLD = "BeVietnamPro-Bold"
ITALIC = "BeVietnamPro-Italic"
BOLD_ITALIC = "BeVietnamPro-BoldItalic"

# style code used by the layout engine -> registered font name
STYLE_FONTS = {"R": REGULAR, "B": BOLD, "I": ITALIC, "BI": BOLD_ITALIC}

_FILES = {
    REGULAR: "BeVietnamPro-Regular.ttf",
    BOLD: "BeVietnamPro-Bold.ttf",
    ITALIC: "BeVietnamPro-Italic.ttf",
    BOLD_ITALIC: "BeVietnamPro-BoldItalic.ttf",
}

_registered = False


def font_dir() -> Path:
    """Folder holding the TTFs.

    Order: ``printing/fonts/`` next to this module (a frozen bundle may ship them there),
    then the ``fontpkg_be_vietnam_pro`` wheel.
    """
    base = Path(getattr(sys, "_MEIPASS", "")) / "printing" / "fonts"
    local = Path(__file__).with_name("fonts")
    for cand in (local, base):
        if (cand / _FILES[REGULAR]).is_file():
            return cand
    import fontpkg_be_vietnam_pro

    return Path(fontpkg_be_vietnam_pro.ROOT) / "files"


def register_fonts() -> None:
    """Register the family once per process (idempotent, cheap after the first call)."""
    global _registered
    if _registered:
        return
    folder = font_dir()
    for name, filename in _FILES.items():
        path = folder / filename
        if not path.is_file():
            raise FileNotFoundError(f"font file missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # Lets <b>/<i> markup (if anyone uses platypus later) resolve inside the family.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD_ITALIC)
    _registered = True
