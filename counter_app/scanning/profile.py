"""Scan profile (DPI, colour, JPEG quality) and the limits every page and dossier must keep.

Defaults suit A4 text documents: 200 dpi greyscale at JPEG quality 75 gives a legible page of
about 150–350 KB. Colour is for photos and stamped copies where colour matters; black-and-white
(1 bit, lossless) for clean typed text. The profile is a station setting (``scan.profile``
in the settings table); the watched folder is ``scan.watch_folder``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from counter_app.errors import UserError
from counter_app.i18n import _

if TYPE_CHECKING:
    import sqlite_utils

COLOR_MODES = {"gray": "Ảnh xám", "color": "Ảnh màu", "bw": "Đen trắng"}
DPI_CHOICES = (100, 150, 200, 300, 400, 600)

# Limits (bytes, pixels, pages). A page above the limits is refused with a clear message.
MAX_FILE_BYTES = 100 * 1024 * 1024      # one input file (a long PDF of a backlog dossier)
MAX_PAGE_BYTES = 10 * 1024 * 1024       # one page after normalisation
MAX_DOSSIER_BYTES = 150 * 1024 * 1024   # all scans of one dossier
MAX_PIXELS = 60_000_000                 # one page image (A4 at 600 dpi is 35 MP)
MAX_SIDE = 20_000                       # pixels on a side (long strips are refused too)
MAX_PAGES_PER_FILE = 300
MAX_PAGES_PER_COMPONENT = 300
MAX_PAGE_POINTS = 14_400                # PDF page side in points (200 inches: PDF's own limit)

IMPORT_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf")

SETTING_PROFILE = "scan.profile"
SETTING_WATCH_FOLDER = "scan.watch_folder"


@dataclass(frozen=True)
class ScanProfile:
    dpi: int = 200
    color_mode: str = "gray"   # gray | color | bw
    jpeg_quality: int = 75
    adf: bool = True           # use the document feeder when the scanner has one

    def validated(self) -> ScanProfile:
        if self.dpi not in range(75, 1201):
            raise UserError(_("Độ phân giải quét phải từ 75 đến 1200 dpi."))
        if self.color_mode not in COLOR_MODES:
            raise UserError(_("Chế độ màu phải là \"gray\" (ảnh xám), \"color\" (ảnh màu) hoặc \"bw\" (đen trắng)."))
        if not 30 <= self.jpeg_quality <= 95:
            raise UserError(_("Chất lượng JPEG phải từ 30 đến 95."))
        return self

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> ScanProfile:
        base = cls()
        if not isinstance(data, dict):
            return base
        known = {k: data[k] for k in ("dpi", "color_mode", "jpeg_quality", "adf") if k in data}
        try:
            return replace(base, **known).validated()
        except (TypeError, UserError):
            return base

    def with_overrides(self, **over: Any) -> ScanProfile:
        return replace(self, **{k: v for k, v in over.items() if v is not None}).validated()


def _get(db: sqlite_utils.Database, key: str) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else None


def _put(db: sqlite_utils.Database, key: str, value: Any) -> None:
    # settings.put_many only accepts the core's DEFAULTS keys; scan settings are namespaced.
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )


def load(db: sqlite_utils.Database) -> ScanProfile:
    return ScanProfile.from_json(_get(db, SETTING_PROFILE))


def load_watch_folder(db: sqlite_utils.Database) -> str:
    value = _get(db, SETTING_WATCH_FOLDER)
    return value if isinstance(value, str) else ""


def save(db: sqlite_utils.Database, profile: ScanProfile, watch_folder: str | None = None) -> None:
    """Store the station's scan settings (one write transaction)."""
    from counter_app.db import write_tx

    profile.validated()
    with write_tx(db):
        _put(db, SETTING_PROFILE, profile.to_json())
        if watch_folder is not None:
            _put(db, SETTING_WATCH_FOLDER, watch_folder.strip())


def mb(n: int) -> str:
    """Bytes as megabytes the Vietnamese way (decimal comma)."""
    return f"{n / (1024 * 1024):.1f}".replace(".", ",") + " MB"
