"""Fixtures for the printing tests: input data in the core's shape, and a reader that
checks real PDFs with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and zxing-cpp."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm"))

from printing.samples import SETTINGS  # noqa: E402  (the same station settings the docs renders use)

CENTRE = "Trung tâm Phục vụ hành chính công xã Yên Lạc"

DOSSIER = {
    "code": "000.00.06.H56-261123-1001",
    "status": 2,
    "status_name": "Được tiếp nhận",
    "received_at": "2026-11-23T08:15:00+07:00",
    "due_at": "2026-11-26T08:15:00+07:00",
    "original_due_at": "2026-11-26T08:15:00+07:00",
    "channel": 1,
    "channel_name": "Trực tiếp",
    "return_method": "counter",
    "sets_count": 1,
    "note": "",
    "procedure": {"code": "1.004873", "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
                  "field": "Hộ tịch", "time_value": 3, "time_unit": "ngay_lam_viec",
                  "time_text": "3 ngày làm việc"},
    "applicant": {"full_name": "Nguyễn Văn An", "id_number": "001099012345",
                  "birth_date": "1999-01-15", "sex": "Nam",
                  "address": "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ", "phone": "0912345678",
                  "email": "an.nguyen@example.vn"},
    "owner": None,
    "components": [
        {"position": 1, "name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "originals": 1,
         "copies": 0, "certified_copies": 0, "pages": 2},
        {"position": 2, "name": "Giấy tờ chứng minh nơi cư trú", "originals": 0, "copies": 1,
         "certified_copies": 0, "pages": 1},
    ],
    "fees": [{"name": "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", "type": "le_phi",
              "amount": 8000, "detail": ""}],
    "fee_total": 8000,
    "fee_total_words": "Tám nghìn đồng",
    "register": {"book": "01/2026", "line": 1234},
    "received_by": "Trần Thị Bình",
    "receiving_unit": CENTRE,
    "resolving_unit": "UBND xã Yên Lạc",
    "history": [
        {"status": 2, "status_name": "Được tiếp nhận", "action": "intake",
         "at": "2026-11-23T08:15:00+07:00", "actor": "Trần Thị Bình", "unit": CENTRE, "note": ""},
        {"status": 4, "status_name": "Đang xử lý", "action": "handover",
         "at": "2026-11-23T14:00:00+07:00", "actor": "Lê Văn Cường", "unit": "Văn phòng UBND",
         "note": "Chuyển bản giấy"},
    ],
    "step": {},
}


@pytest.fixture
def settings() -> dict:
    return copy.deepcopy(SETTINGS)


@pytest.fixture
def dossier() -> dict:
    return copy.deepcopy(DOSSIER)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Pdf:
    """One PDF on disk plus poppler/zxing readers."""

    def __init__(self, data: bytes, folder: Path, name: str = "doc") -> None:
        self.data = data
        self.folder = folder
        self.path = folder / f"{name}.pdf"
        self.path.write_bytes(data)
        self._pages_text: list[str] | None = None

    def _run(self, *args: str) -> str:
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    # text ---------------------------------------------------------------------------
    def pages_text(self) -> list[str]:
        """Raw pdftotext output per page (form feeds split pages)."""
        if self._pages_text is None:
            out = self._run("pdftotext", "-enc", "UTF-8", str(self.path), "-")
            self._pages_text = out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")
        return self._pages_text

    def text(self, page: int | None = None) -> str:
        """Whitespace-normalised text of one page (1-based) or of all pages."""
        pages = self.pages_text()
        return _norm(" ".join(pages) if page is None else pages[page - 1])

    def compact(self, page: int | None = None) -> str:
        """Text with all whitespace removed (for values that may wrap anywhere)."""
        return re.sub(r"\s+", "", self.text(page))

    def words(self) -> list[dict]:
        """Every word with its page, page size and box (points, origin top-left)."""
        html = self._run("pdftotext", "-bbox", str(self.path), "-")
        words = []
        page_no, pw, ph = 0, 0.0, 0.0
        for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|'
                             r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', html):
            if m.group(1):
                page_no += 1
                pw, ph = float(m.group(1)), float(m.group(2))
            else:
                words.append({"page": page_no, "pw": pw, "ph": ph,
                              "x0": float(m.group(3)), "y0": float(m.group(4)),
                              "x1": float(m.group(5)), "y1": float(m.group(6)),
                              "text": m.group(7)})
        return words

    # structure ------------------------------------------------------------------------
    def fonts(self) -> list[dict]:
        lines = self._run("pdffonts", str(self.path)).splitlines()[2:]
        rows = []
        for line in lines:
            parts = line.split()
            # name type... encoding emb sub uni object ID: take the last 5 columns
            rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3],
                         "line": line})
        return rows

    def page_sizes(self) -> list[tuple[float, float]]:
        out = self._run("pdfinfo", "-f", "1", "-l", "9999", str(self.path))
        return [(float(w), float(h)) for w, h in
                re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]

    def page_count(self) -> int:
        out = self._run("pdfinfo", str(self.path))
        return int(re.search(r"Pages:\s+(\d+)", out).group(1))

    def codes(self, page: int = 1, dpi: int = 200) -> dict[str, list[str]]:
        """Decoded symbols on a page: {"QRCode": [...], "Code128": [...]}."""
        import zxingcpp
        from PIL import Image

        prefix = self.folder / f"{self.path.stem}-p{page}-{dpi}"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
                        "-singlefile", str(self.path), str(prefix)], check=True)
        with Image.open(f"{prefix}.png") as img:
            results = zxingcpp.read_barcodes(img.convert("L"))
        out: dict[str, list[str]] = {}
        for r in results:
            out.setdefault(r.format.name, []).append(r.text)
        return out


@pytest.fixture
def pdf(tmp_path):
    """pdf(bytes, name) -> Pdf; skips the test when poppler is missing."""
    if not POPPLER:
        pytest.skip("poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm) not installed"
                    + (" (Linux-only in CI: the Windows stage renders these PDFs but does not read them back)"
                       if sys.platform == "win32" else ""))
    counter = {"n": 0}

    def make(data: bytes, name: str | None = None) -> Pdf:
        counter["n"] += 1
        return Pdf(data, tmp_path, name or f"doc{counter['n']}")

    return make
