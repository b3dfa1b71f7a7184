"""Where the scan panel's pages come from: scanners, files (dialog, drag and drop) and the
watched folder of the station.

Scanner devices run on the backend's scanner runner (``backend.scan``: one device job at a time,
so a long feeder batch holds neither print-preview rendering nor file imports); file imports and
the watched folder on the worker pool (``backend.run``). Pages arrive one by one through a queued
signal (:class:`PageBridge`), so a long batch never freezes the window.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog

from counter_app.errors import UserError
from counter_app.scanning.batch import UNASSIGNED
from counter_app.scanning.profile import IMPORT_SUFFIXES

from ..i18n import tr
from . import jobs


class PageBridge(QObject):
    """Pages handed over by a source on a worker thread arrive here on the GUI thread."""

    page = Signal(object)  # (job id, row, Page, imported)


class SourceCombo(QComboBox):
    """Scanner list; looking for scanners takes seconds, so it starts when the list is opened."""

    opening = Signal()

    def showPopup(self) -> None:  # noqa: N802
        self.opening.emit()
        super().showPopup()


class AcquisitionMixin:
    """Scanning, importing and the watched folder, mixed into :class:`ui.scan_panel.ScanPanel`
    (it uses the panel's batch, source list, thumbnails, banner and job bookkeeping)."""

    # -- scanners ------------------------------------------------------------------------------
    def _source_list_opening(self) -> None:
        if not self.discovered:
            self.refresh_scanners()

    def refresh_scanners(self) -> None:
        if self._discovering:
            return
        self._discovering = True
        self.source.clear()
        self.source.addItem(tr('Đang tìm máy quét…'), None)
        self.backend.run(jobs.discover, on_done=self._set_scanners, on_error=lambda _e: self._set_scanners([]))

    def _set_scanners(self, scanners) -> None:
        self._discovering = False
        self.discovered = True
        self.scanners = list(scanners)
        self.source.clear()
        for s in self.scanners:
            self.source.addItem(s.label, s)
        if not self.scanners:
            self.source.addItem(tr('Không tìm thấy máy quét (vẫn nhập tệp được)'), None)
        self._update_buttons()
        if self._scan_after_discovery:
            self._scan_after_discovery = False
            if self.scanners:
                self.scan()
            else:
                self.banner.show_message(
                    tr('Không tìm thấy máy quét nào. Hãy kiểm tra máy quét đã bật và cắm cáp (hoặc cài trình điều khiển), rồi mở lại danh sách nguồn; vẫn có thể nhập tệp hoặc kéo thả tệp vào khung trang.'))

    # -- acquiring -----------------------------------------------------------------------------
    def _emitter(self, job: int, row: int, imported: bool):
        bridge = self._bridge

        def on_page(page) -> None:  # worker thread: only emit
            bridge.page.emit((job, row, page, imported))

        return on_page

    def _page_arrived(self, item) -> None:
        job, row, page, imported = item
        if job not in self._live_jobs:
            return
        try:
            added, skipped = self.batch.add(row, [page], imported=imported)
        except UserError as exc:
            self.banner.show_message(exc.message)
            return
        if skipped:
            self.banner.show_message(tr('Bỏ qua trang trùng: "{0}" đã có trong hồ sơ.').format(page.origin), "info")
        if added and page.qr_payload and self.mode == "intake" and page.qr_payload not in self._offered:
            self._offered.add(page.qr_payload)
            self.cccd_found.emit(page.qr_payload)
        if row == self.current_row() and added and self.thumbs.count() == self.batch.count(row) - len(added):
            for page in added:  # appended: add its thumbnail only (no rebuild while a batch streams in)
                self.thumbs.append_page(page, self.thumbs.count() + 1, False)
            self.empty_hint.setVisible(False)
            self._update_counts()
            self._update_buttons()
            self.counts_changed.emit()
        elif row == self.current_row():
            self._changed()
        else:
            self._update_counts()
            self.counts_changed.emit()

    def scan(self) -> None:
        if self._cancel is not None or self._discovering:
            return
        source = self.source.currentData()
        if source is None:
            if not self.discovered or not self.scanners:
                self._scan_after_discovery = True
                self.refresh_scanners()
                self._update_buttons()
            return
        row = self.current_row()
        job = next(self._jobs)
        self._live_jobs.add(job)
        self._cancel = threading.Event()
        self.banner.show_message(tr('Đang quét từ {0}…').format(source.label), "info")
        self._set_busy(1)
        self.backend.scan(
            source.acquire, self.profile, self._emitter(job, row, False), cancel=self._cancel,
            detect_qr=self.mode == "intake",
            on_done=lambda report: self._scan_done(job, report), on_error=lambda exc: self._scan_failed(job, exc),
        )

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _scan_done(self, job: int, report) -> None:
        self._cancel = None
        self._set_busy(-1)
        self.banner.show_message(tr('Đã quét {0} trang.').format(report.pages), "ok")

    def _scan_failed(self, job: int, exc: BaseException) -> None:
        self._cancel = None
        self._set_busy(-1)
        self._error(exc)

    def _choose_files(self) -> None:
        patterns = " ".join(f"*{s}" for s in IMPORT_SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(self, tr('Chọn tệp bản quét'), "", tr('Ảnh và PDF ({0})').format(patterns))
        if files:
            self.import_files(files)

    def import_files(self, paths: list[str], row: int | None = None) -> None:
        """Import files (dialog, drag and drop) into ``row`` (default: the selected component)."""
        row = self.current_row() if row is None else row
        job = next(self._jobs)
        self._live_jobs.add(job)
        self._set_busy(1)
        names = ", ".join(Path(p).name for p in paths[:3]) + (tr('…') if len(paths) > 3 else "")
        self.banner.show_message(tr('Đang nhập {0}').format(names), "info")
        self.backend.run(
            jobs.import_files, paths, self.profile, self._emitter(job, row, True), detect_qr=self.mode == "intake",
            on_done=lambda report: self._import_done(report), on_error=lambda exc: (self._set_busy(-1), self._error(exc)),
        )

    def _import_done(self, report) -> None:
        self._set_busy(-1)
        if report.problems:
            self.banner.show_message("\n".join(report.problems))
        else:
            self.banner.show_message(tr('Đã nhập {0} trang.').format(report.pages), "ok")

    def poll_watch_folder(self) -> None:
        if self.watch_folder is None or self._polling:
            return
        self._polling = True
        job = next(self._jobs)
        self._live_jobs.add(job)

        def done(report) -> None:
            self._polling = False
            if report.problems:
                self.banner.show_message("\n".join(report.problems))
            elif report.pages:
                self.banner.show_message(
                    tr('Có {0} trang mới từ thư mục quét trong "Chưa xếp thành phần": chọn trang rồi "Chuyển sang" thành phần phù hợp.').format(report.pages), "info")

        def failed(exc) -> None:
            self._polling = False
            self._error(exc)

        self.backend.run(self.watch_folder.acquire, self.profile, self._emitter(job, UNASSIGNED, True),
                         detect_qr=self.mode == "intake", on_done=done, on_error=failed)
