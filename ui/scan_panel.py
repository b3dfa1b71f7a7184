"""Scan panel (Bản quét): pages per dossier component as thumbnails, from scanners, files,
drag and drop and a watched folder; reorder, rotate, delete, move to another component.

A view over the core's :class:`counter_app.scanning.batch.ScanBatch`; no rule lives here.
Device access runs on the scanner runner (``backend.scan``), decoding, PDF building and storing
on the worker pool (``backend.run``), database writes on the writer (``backend.write``); pages
arrive one by one through a queued signal, so a long feeder batch never freezes the window.

Two modes: ``intake`` (embedded in the intake form: the form saves the dossier, then the
pages are attached — see :meth:`ScanPanel.store_assigned`) and ``dossier`` (the dossier
detail: stored pages are loaded, edited and saved with "Lưu bản quét").

The parts live in ``ui/scanning/``: where pages come from (``acquisition``), the dossier mode
(``dossier_mode``), the thumbnail strip (``thumbnails``), the settings dialog
(``settings_dialog``) and the work run off the GUI thread (``jobs``).
"""

from __future__ import annotations

import itertools
import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from counter_app.components import label as component_label
from counter_app.errors import UserError
from counter_app.scanning import profile as prof
from counter_app.scanning.batch import UNASSIGNED, ScanBatch
from counter_app.scanning.profile import ScanProfile

from .backend import Backend
from .i18n import tr
from .scanning import jobs
from .scanning.acquisition import AcquisitionMixin, PageBridge, SourceCombo
from .scanning.dossier_mode import DossierModeMixin
from .scanning.settings_dialog import ScanSettingsDialog
from .scanning.thumbnails import ThumbList
from .widgets import Banner

WATCH_INTERVAL_MS = 2000


class ScanPanel(AcquisitionMixin, DossierModeMixin, QWidget):
    cccd_found = Signal(str)      # a CCCD QR payload read from a page (intake mode)
    counts_changed = Signal()     # pages were added, moved or deleted
    saved = Signal()              # dossier mode: the scans are on disk and recorded
    busy_changed = Signal(int)  # background jobs of the panel in flight
    warmed_up = Signal()          # the imaging stack is loaded (see start())

    def __init__(self, backend: Backend, *, mode: str = "intake", parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.mode = mode
        self.batch = ScanBatch()
        self.profile = ScanProfile()
        self.watch_folder = None  # counter_app.scanning.folder.WatchedFolder
        self.scanners: list = []
        self.dossier_id: int | None = None
        self.dossier_code = ""
        self.positions: dict[int, int] = {}     # batch row -> component position (dossier mode)
        self.purged_positions: set[int] = set()  # components whose scan is kept at the province only
        self._fetch_tried = False
        self._fetch_note: tuple[str, str] | None = None  # (message, kind) to show after the reload
        self._offered: set[str] = set()
        self._jobs = itertools.count(1)
        self._live_jobs: set[int] = set()
        self._cancel: threading.Event | None = None
        self._polling = False
        self._busy = 0
        self._bridge = PageBridge()
        self._bridge.page.connect(self._page_arrived)

        # source bar
        self.source = SourceCombo()
        self.source.setMinimumContentsLength(18)
        self.source.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.source.addItem(tr('Máy quét (bấm để tìm)'), None)
        self.source.opening.connect(self._source_list_opening)
        self.discovered = False
        self._discovering = False
        self._scan_after_discovery = False
        self.scan_button = QPushButton(tr('Quét (F8)'))
        self.scan_button.clicked.connect(self.scan)
        self.stop_button = QPushButton(tr('Dừng'))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.import_button = QPushButton(tr('Nhập tệp…'))
        self.import_button.setToolTip(tr('Ảnh JPEG, PNG, TIFF hoặc tệp PDF; có thể kéo thả tệp vào khung trang'))
        self.import_button.clicked.connect(self._choose_files)
        self.settings_button = QPushButton(tr('Thiết lập…'))
        self.settings_button.clicked.connect(self._open_settings)
        self.profile_label = QLabel()
        self.profile_label.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr('Nguồn:')))
        top.addWidget(self.source, 1)
        top.addWidget(self.scan_button)
        top.addWidget(self.stop_button)
        top.addWidget(self.import_button)
        top.addWidget(self.settings_button)

        # components and thumbnails
        self.components = QListWidget()
        self.components.setMaximumWidth(230)
        self.components.setMinimumWidth(170)
        self.components.setWordWrap(True)
        self.components.currentRowChanged.connect(lambda _r: self._show_pages())
        self.thumbs = ThumbList()
        self.thumbs.files_dropped.connect(self.import_files)
        self.thumbs.reordered.connect(self._order_from_view)
        self.thumbs.itemSelectionChanged.connect(self._update_buttons)
        self.empty_hint = QLabel(tr('Chưa có trang nào. Quét, nhập tệp hoặc kéo thả tệp vào đây.'))
        self.empty_hint.setAlignment(Qt.AlignCenter)
        self.empty_hint.setStyleSheet("color: #777;")
        mid = QHBoxLayout()
        mid.addWidget(self.components)
        right = QVBoxLayout()
        right.addWidget(self.thumbs, 1)
        right.addWidget(self.empty_hint)
        mid.addLayout(right, 1)

        # page tools
        self.rotate_left = QPushButton(tr('⟲ Xoay trái'))
        self.rotate_right = QPushButton(tr('⟳ Xoay phải'))
        self.move_earlier = QPushButton(tr('◀ Lên trước'))
        self.move_later = QPushButton(tr('Ra sau ▶'))
        self.delete_button = QPushButton(tr('Xóa trang'))
        self.move_target = QComboBox()
        self.move_target.setMinimumContentsLength(14)
        self.move_target.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.move_button = QPushButton(tr('Chuyển sang'))
        self.rotate_left.clicked.connect(lambda: self.rotate_selected(-90))
        self.rotate_right.clicked.connect(lambda: self.rotate_selected(90))
        self.move_earlier.clicked.connect(lambda: self.shift_selected(-1))
        self.move_later.clicked.connect(lambda: self.shift_selected(1))
        self.delete_button.clicked.connect(self.delete_selected)
        self.move_button.clicked.connect(lambda: self.move_selected(self.move_target.currentData()))
        tools = QHBoxLayout()
        for w in (self.rotate_left, self.rotate_right, self.move_earlier, self.move_later, self.delete_button):
            tools.addWidget(w)
        tools.addStretch()
        tools.addWidget(self.move_button)
        tools.addWidget(self.move_target)

        self.banner = Banner()
        self.summary = QLabel()
        self.save_button = QPushButton(tr('Lưu bản quét'))
        self.save_button.clicked.connect(self.save_dossier_scans)
        self.save_button.setVisible(mode == "dossier")
        foot = QHBoxLayout()
        foot.addWidget(self.summary, 1)
        foot.addWidget(self.profile_label)
        foot.addWidget(self.save_button)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addLayout(mid, 1)
        lay.addLayout(tools)
        lay.addWidget(self.banner)
        lay.addLayout(foot)

        actions = {
            "delete": self.delete_selected, "earlier": lambda: self.shift_selected(-1),
            "later": lambda: self.shift_selected(1), "rotate-right": lambda: self.rotate_selected(90),
            "rotate-left": lambda: self.rotate_selected(-90),
        }
        self.thumbs.key_action.connect(lambda name: actions[name]())
        for button, keys in ((self.delete_button, "Delete"), (self.move_earlier, tr('Ctrl+←')),
                             (self.move_later, tr('Ctrl+→')), (self.rotate_right, "Ctrl+R"),
                             (self.rotate_left, "Ctrl+Shift+R")):
            button.setToolTip(tr('Phím tắt: {0} (trong khung trang)').format(keys))
        QShortcut(QKeySequence("F8"), self, self.scan, context=Qt.WidgetWithChildrenShortcut)

        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(WATCH_INTERVAL_MS)
        self._watch_timer.timeout.connect(self.poll_watch_folder)
        self.set_components([])
        self._update_profile_label()

    # -- start-up ------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the station's scan settings (off the GUI thread). Scanners are looked for when
        the clerk first opens the list or presses "Quét" (it takes seconds on some systems)."""
        self.backend.read(lambda db: (prof.load(db), prof.load_watch_folder(db)), on_done=self._settings_loaded,
                          on_error=self._error)
        self.backend.run(jobs.warm_up, on_done=lambda _r: self.warmed_up.emit(), on_error=lambda _e: None,
                         owner=self)  # a detail closed before the warm-up ends: no call into it

    def _settings_loaded(self, values) -> None:
        profile, folder = values
        self.profile = profile
        self.set_watch_folder(folder if self.mode == "intake" else "")
        self._update_profile_label()

    def set_watch_folder(self, folder: str) -> None:
        from counter_app.scanning.folder import WatchedFolder  # light: no imaging import

        self.watch_folder = WatchedFolder(folder) if folder else None
        if self.watch_folder is not None:
            self._watch_timer.start()
        else:
            self._watch_timer.stop()
        self._update_profile_label()

    def _update_profile_label(self) -> None:
        p = self.profile
        text = tr('{0} dpi · {1} · JPEG {2}').format(p.dpi, prof.COLOR_MODES[p.color_mode].lower(), p.jpeg_quality)
        if self.watch_folder is not None:
            text += tr(' · theo dõi thư mục quét')
        self.profile_label.setText(text)

    # -- components ----------------------------------------------------------------------------
    def set_components(self, names: list[str]) -> None:
        moved = self.batch.set_components(names)
        if moved:
            self.banner.show_message(
                tr('{0} trang của thành phần đã bỏ được chuyển vào "Chưa xếp thành phần".').format(moved), "info")
        self._refresh_components()
        self.counts_changed.emit()

    def current_row(self) -> int:
        r = self.components.currentRow()
        return r if r >= 0 else UNASSIGNED

    def select_row(self, row: int) -> None:
        self.components.setCurrentRow(row)

    def _row_text(self, row: int) -> str:
        n = self.batch.count(row)
        mark = tr(' •') if row in self.batch.changed and self.mode == "dossier" else ""
        if row == UNASSIGNED:
            return tr('Chưa xếp thành phần ({0}){1}').format(n, mark)
        if self.mode == "dossier" and self.positions.get(row) in self.purged_positions:
            mark += tr(' — ở hệ thống tỉnh')
        return f"{component_label(row, self.batch.name(row))} ({n} trang){mark}"

    def _refresh_components(self) -> None:
        current = self.current_row()
        self.components.blockSignals(True)
        self.components.clear()
        for row in self.batch.rows():
            item = QListWidgetItem(self._row_text(row))
            item.setToolTip(self.batch.name(row))
            self.components.addItem(item)
        self.components.setCurrentRow(min(current, self.components.count() - 1))
        self.components.blockSignals(False)
        self.move_target.clear()
        for row in self.batch.rows():
            label = tr('Chưa xếp thành phần') if row == UNASSIGNED else component_label(row, self.batch.name(row))
            self.move_target.addItem(label, row)
        self._show_pages()

    def _update_counts(self) -> None:
        for row in self.batch.rows():
            item = self.components.item(row)
            if item is not None:
                item.setText(self._row_text(row))
        n = len(self.batch.all_pages())
        self.summary.setText(tr('{0} trang · {1}').format(n, prof.mb(self.batch.total_bytes())) if n else "")

    # -- thumbnails ----------------------------------------------------------------------------
    def _show_pages(self) -> None:
        row = self.current_row()
        self.thumbs.show_pages(self.batch.pages(row), set(self.selected_uids()))
        empty = self.batch.count(row) == 0
        self.empty_hint.setVisible(empty)
        self._update_counts()
        self._update_buttons()

    def thumbnail_items(self) -> list[QListWidgetItem]:
        return self.thumbs.page_items()

    def selected_uids(self) -> list[int]:
        return self.thumbs.selected_uids()

    def _order_from_view(self) -> None:
        uids = self.thumbs.uids()
        try:
            self.batch.reorder(self.current_row(), uids)
        except ValueError:
            pass
        QTimer.singleShot(0, self._changed)  # relabel after the view has finished its move

    def _update_buttons(self) -> None:
        has_sel = bool(self.selected_uids())
        for w in (self.rotate_left, self.rotate_right, self.move_earlier, self.move_later, self.delete_button,
                  self.move_button):
            w.setEnabled(has_sel)
        scanning = self._cancel is not None
        self.scan_button.setEnabled(not scanning and not self._discovering)
        self.stop_button.setEnabled(scanning)
        self.save_button.setEnabled(self.mode == "dossier" and bool(self.batch.changed) and not self._busy)

    def _changed(self) -> None:
        self._show_pages()
        self.counts_changed.emit()

    # -- page edits ----------------------------------------------------------------------------
    def rotate_selected(self, degrees: int) -> None:
        if self.batch.rotate(self.selected_uids(), degrees):
            self._changed()

    def shift_selected(self, delta: int) -> None:
        self.batch.shift(self.current_row(), self.selected_uids(), delta)
        self._changed()

    def delete_selected(self) -> None:
        n = self.batch.delete(self.selected_uids())
        if n:
            self.banner.show_message(tr('Đã xóa {0} trang.').format(n), "info")
            self._changed()

    def move_selected(self, target) -> None:
        if target is None or target == self.current_row():
            return
        try:
            n = self.batch.move(self.selected_uids(), int(target))
        except UserError as exc:
            self.banner.show_message(exc.message)
            return
        if n:
            self.banner.show_message(tr('Đã chuyển {0} trang sang "{1}".').format(n, self.batch.name(int(target))), "info")
            self._changed()

    def _set_busy(self, delta: int) -> None:
        self._busy += delta
        self.busy_changed.emit(self._busy)
        self._update_buttons()

    # -- settings ------------------------------------------------------------------------------
    def _open_settings(self) -> None:
        dlg = ScanSettingsDialog(self.profile, str(self.watch_folder.path) if self.watch_folder else "", self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._save_settings(*dlg.values()))
        dlg.open()

    def _save_settings(self, profile: ScanProfile, folder: str) -> None:
        def done(_r=None) -> None:
            self.profile = profile
            if self.mode == "intake":
                self.set_watch_folder(folder)
            self._update_profile_label()
            self.banner.show_message(tr('Đã lưu thiết lập quét.'), "ok")

        self.backend.write(prof.save, profile, folder, on_done=done, on_error=self._error)

    # -- saving (intake mode) ------------------------------------------------------------------
    def has_assigned_pages(self) -> bool:
        return bool(self.batch.assigned_rows())

    def assigned_rows(self) -> list[int]:
        return self.batch.assigned_rows()

    def store_assigned(self, positions: dict[int, int], on_done, on_error) -> None:
        """Build and store the PDF of every row in ``positions`` (row -> component position of
        the saved dossier) off the GUI thread; ``on_done(list[ComponentPdf])``."""
        data_dir = self.backend.data_dir
        work = [(pos, self.batch.name(row), self.batch.pages(row)) for row, pos in positions.items()
                if self.batch.count(row)]

        self._set_busy(1)

        def done(items) -> None:
            self._set_busy(-1)
            on_done(items)

        def failed(exc) -> None:
            self._set_busy(-1)
            on_error(exc)

        self.backend.run(jobs.store_components, data_dir, work, on_done=done, on_error=failed)

    def clear_rows(self, rows) -> None:
        self.batch.clear(rows)
        self._changed()

    def clear_all(self) -> None:
        """The next citizen: no pages, no components, no message from the last one."""
        self.batch.clear(self.batch.rows())
        self.set_components([])
        self._offered.clear()
        self.banner.clear_message()
        self._changed()

    # -- dossier mode (the rest in ui/scanning/dossier_mode.py) ---------------------------------
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_load_pending", False):
            self._load_pending = False
            self._load_dossier_now()

    # -- messages ------------------------------------------------------------------------------
    def _error(self, exc: BaseException) -> None:
        msg = exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)
        self.banner.show_message(msg)
        self._update_buttons()

    def shutdown(self) -> None:
        """Stop polling and any scan in progress (on close)."""
        self._watch_timer.stop()
        self.stop()
        self._live_jobs.clear()
