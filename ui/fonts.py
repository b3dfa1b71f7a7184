"""Register the packaged Be Vietnam Pro font so Vietnamese renders without system fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FAMILY = "Be Vietnam Pro"


def install_app_font(app: QApplication, point_size: float = 10.0) -> str:
    import fontpkg_be_vietnam_pro as pkg

    files = pkg.ROOT / "files"
    family = ""
    for style in ("Regular", "Bold", "Italic", "SemiBold"):
        fid = QFontDatabase.addApplicationFont(str(files / f"BeVietnamPro-{style}.ttf"))
        if fid >= 0 and not family:
            fams = QFontDatabase.applicationFontFamilies(fid)
            family = fams[0] if fams else ""
    if family:
        font = QFont(family)
        font.setPointSizeF(point_size)
        app.setFont(font)
    return family
