"""A watched folder: network scanners' scan-to-folder (SMB share or a synced folder).

Each poll lists the folder; a file is taken once its size and modification time have not
changed since the previous poll (a scanner writing over the network is not read half-way).
A taken file is moved to ``da-nhap/`` (imported) or, when it cannot be used, to ``loi/`` with
the reason reported, so it is never picked up twice and nothing is silently lost.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ..fsutil import FileInUseError, replace
from .errors import PageInputError
from .profile import IMPORT_SUFFIXES
from .sources import AcquireReport, PageSource

log = logging.getLogger(__name__)

DONE_DIR = "da-nhap"
ERROR_DIR = "loi"
# Names that scanners and copy tools use while a file is still being written.
PARTIAL_MARKERS = (".part", ".tmp", ".crdownload", "~")


class WatchedFolder(PageSource):
    kind = "folder"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.label = f"Thư mục quét {self.path}"
        self._seen: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def _candidates(self) -> dict[str, tuple[int, int]]:
        now: dict[str, tuple[int, int]] = {}
        try:
            entries = list(self.path.iterdir())
        except FileNotFoundError:
            return now
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.endswith(PARTIAL_MARKERS):
                continue
            if entry.suffix.lower() not in IMPORT_SUFFIXES:
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            if not entry.is_file():
                continue
            now[name] = (st.st_size, st.st_mtime_ns)
        return now

    def ready_files(self) -> list[Path]:
        """Files unchanged since the previous poll, oldest first."""
        with self._lock:
            now = self._candidates()
            ready = [name for name, sig in now.items() if self._seen.get(name) == sig]
            self._seen = {name: sig for name, sig in now.items() if name not in ready}
        return sorted((self.path / n for n in ready), key=lambda p: (now[p.name][1], p.name))

    def _move(self, path: Path, subdir: str) -> None:
        target_dir = self.path / subdir
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        n = 1
        while target.exists():
            target = target_dir / f"{path.stem}-{n}{path.suffix}"
            n += 1
        replace(path, target)  # a scanner or copier still holding it on Windows: a short wait

    def acquire(self, profile, on_page, *, cancel=None, detect_qr=False, max_pages=None) -> AcquireReport:
        report = AcquireReport()
        if not self.path.is_dir():
            report.problems.append(f"Không thấy thư mục quét {self.path} (ổ mạng bị ngắt?).")
            return report
        from .pages import pages_from_file

        for path in self.ready_files():
            if cancel is not None and cancel.is_set():
                break
            try:
                pages = pages_from_file(path, profile, detect_qr=detect_qr)
            except PageInputError as exc:
                report.problems.append(exc.message + f" Tệp đã được chuyển vào thư mục \"{ERROR_DIR}\".")
                self._safe_move(path, ERROR_DIR)
                continue
            self._safe_move(path, DONE_DIR)
            for page in pages:
                on_page(page)
                report.pages += 1
        return report

    def _safe_move(self, path: Path, subdir: str) -> None:
        try:
            self._move(path, subdir)
        except (OSError, FileInUseError):
            # Left in place: it will be offered again, and the panel skips pages it already has.
            log.warning("could not move a watched-folder file to %s", subdir)
