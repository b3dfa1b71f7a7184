"""Scan panel (Bản quét): pages per dossier component as thumbnails, from scanners, files,
drag and drop and a watched folder; reorder, rotate, delete, move to another component.

A view over the core's :class:`counter_app.scanning.batch.ScanBatch`; no rule lives here.
Device access, decoding, PDF building and storing run off the GUI thread (``backend.run``),
database writes on the writer (``backend.write``); pages arrive one by one through a queued
signal, so a long feeder batch never freezes the window.

Two modes: ``intake`` (embedded in the intake form: the form saves the dossier, then the
pages are attached — see :meth:`store_assigned`) and ``dossier`` (the dossier detail: stored
pages are loaded, edited and saved with "Lưu bản quét").
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QKeySequence, QPainter, QPixmap, QShortcut, QTransform
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from counter_app.errors import UserError
from counter_app.scanning import profile as prof
from counter_app.scanning.batch import UNASSIGNED, ScanBatch
from counter_app.scanning.profile import IMPORT_SUFFIXES, ScanProfile

# The imaging stack (Pillow, qpdf, PDFium, zxing) loads on first use, on a worker thread, so the
# panel adds nothing to the app's start-up time.

from .i18n import tr
from .backend import Backend
from .widgets import Banner

UID_ROLE = Qt.UserRole + 1
WATCH_INTERVAL_MS = 2000
THUMB_W, THUMB_H = 130, 130  # square: portrait and rotated (landscape) pages fit alike


def _warm_up() -> None:
    """Load the imaging stack (Pillow, img2pdf, qpdf, PDFium, zxing) and run one tiny page
    through it, on a worker, so the first real scan does not pay for it."""
    from PIL import Image

    from counter_app.scanning import qr  # noqa: F401
    from counter_app.scanning.pages import page_from_image
    from counter_app.scanning.pdfbuild import build_pdf

    build_pdf([page_from_image(Image.new("L", (64, 64), 255), ScanProfile(), origin="warm-up", dpi=72)])


def _discover():
    from counter_app.scanning.sources import discover_scanners

    return discover_scanners()


def _import_files(paths, profile, on_page, **kw):
    from counter_app.scanning.sources import FileImport

    return FileImport(paths).acquire(profile, on_page, **kw)


def _load_for_editing(db, data_dir, code, allow_purged=False):
    from counter_app.scanning import attachments

    return attachments.load_for_editing(db, data_dir, code, allow_purged=allow_purged)


# Scans removed from this PC after the retention period come back from the province in three
# steps on three threads: what to fetch (a reader), the download (the network runner, no
# database), the mark "on this PC again" (the writer). The GUI thread never waits on the network.
def _prepare_fetch(db, data_dir, sha256s):
    from counter_app.scanning import retention
    from sync.remote_files import open_province_files

    refs = retention.refs_to_fetch(db, sha256s)
    return refs, (open_province_files(db, data_dir) if refs else None)


def _download(data_dir, refs, client):
    from counter_app.scanning import retention

    try:
        for ref in refs:
            retention.download(data_dir, ref, client)
    finally:
        client.close()
    return [ref.sha256 for ref in refs]


def _mark_fetched(db, data_dir, sha256s, actor, code):
    from counter_app.scanning import retention

    return retention.mark_fetched(db, data_dir, sha256s, actor or retention.SYSTEM_ACTOR, obj=code)


def _save_scans(db, dossier_id, items, removed_positions, actor, data_dir):
    from counter_app.scanning import attachments

    removals = [attachments.Removal(p) for p in removed_positions]
    return attachments.save_scans(db, dossier_id, [*items, *removals], actor, data_dir)


class _PageBridge(QObject):
    """Pages handed over by a source on a worker thread arrive here on the GUI thread."""

    page = Signal(object)  # (job id, row, Page, imported)


class _ThumbList(QListWidget):
    """Thumbnails of one component: internal drag to reorder, files dropped from outside."""

    files_dropped = Signal(list)
    reordered = Signal()
    key_action = Signal(str)  # delete | earlier | later | rotate-right | rotate-left

    KEYS = {
        (Qt.Key_Delete, Qt.NoModifier): "delete",
        (Qt.Key_Left, Qt.ControlModifier): "earlier",
        (Qt.Key_Right, Qt.ControlModifier): "later",
        (Qt.Key_R, Qt.ControlModifier): "rotate-right",
        (Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier): "rotate-left",
    }

    def keyPressEvent(self, event) -> None:  # noqa: N802
        mods = event.modifiers() & (Qt.ControlModifier | Qt.ShiftModifier)
        action = self.KEYS.get((Qt.Key(event.key()), mods))
        if action:
            event.accept()
            self.key_action.emit(action)
        else:
            super().keyPressEvent(event)

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListView.IconMode)
        self.setIconSize(QSize(THUMB_W, THUMB_H))
        self.setGridSize(QSize(THUMB_W + 24, THUMB_H + 30))
        self.setResizeMode(QListView.Adjust)
        self.setMovement(QListView.Snap)
        self.setWrapping(True)
        self.setSpacing(4)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setAcceptDrops(True)
        self.setMinimumHeight(THUMB_H + 50)
        self.model().rowsMoved.connect(self._rows_moved)

    def _rows_moved(self, *_args) -> None:
        self.reordered.emit()  # (a slot that returns nothing: see _source_list_opening)

    @staticmethod
    def _local_files(event) -> list[str]:
        md = event.mimeData()
        if not md.hasUrls():
            return []
        return [u.toLocalFile() for u in md.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            super().dropEvent(event)


class _SourceCombo(QComboBox):
    """Scanner list; looking for scanners takes seconds, so it starts when the list is opened."""

    opening = Signal()

    def showPopup(self) -> None:  # noqa: N802
        self.opening.emit()
        super().showPopup()


class ScanSettingsDialog(QDialog):
    """DPI, colour, JPEG quality, feeder and the watched folder of this station."""

    def __init__(self, profile: ScanProfile, folder: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr('Thiết lập quét'))
        self.dpi = QComboBox()
        for d in prof.DPI_CHOICES:
            self.dpi.addItem(f"{d} dpi" + (tr(' (khuyên dùng cho giấy tờ A4)') if d == 200 else ""), d)
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(profile.dpi)))
        self.color = QComboBox()
        for key, label in prof.COLOR_MODES.items():
            self.color.addItem(label, key)
        self.color.setCurrentIndex(max(0, self.color.findData(profile.color_mode)))
        self.quality = QSpinBox()
        self.quality.setRange(30, 95)
        self.quality.setValue(profile.jpeg_quality)
        self.adf = QCheckBox(tr('Dùng khay nạp giấy tự động (ADF) nếu máy có'))
        self.adf.setChecked(profile.adf)
        self.folder = QLineEdit(folder)
        self.folder.setPlaceholderText(tr('Thư mục máy quét mạng lưu tệp vào (để trống nếu không dùng)'))
        pick = QPushButton(tr('Chọn…'))
        pick.clicked.connect(self._pick_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(pick)
        form = QFormLayout()
        form.addRow(tr('Độ phân giải:'), self.dpi)
        form.addRow(tr('Chế độ màu:'), self.color)
        form.addRow(tr('Chất lượng JPEG:'), self.quality)
        form.addRow("", self.adf)
        form.addRow(tr('Thư mục quét:'), row)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(tr('Lưu'))
        buttons.button(QDialogButtonBox.Cancel).setText(tr('Hủy'))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr('Chọn thư mục quét'), self.folder.text())
        if path:
            self.folder.setText(path)

    def values(self) -> tuple[ScanProfile, str]:
        p = ScanProfile(dpi=self.dpi.currentData(), color_mode=self.color.currentData(),
                        jpeg_quality=self.quality.value(), adf=self.adf.isChecked())
        return p, self.folder.text().strip()


class ScanPanel(QWidget):
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
        self._bridge = _PageBridge()
        self._bridge.page.connect(self._page_arrived)

        # source bar
        self.source = _SourceCombo()
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
        self.thumbs = _ThumbList()
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
        self.backend.run(_warm_up, on_done=lambda _r: self.warmed_up.emit(), on_error=lambda _e: None)

    def _source_list_opening(self) -> None:
        if not self.discovered:
            self.refresh_scanners()

    def refresh_scanners(self) -> None:
        if self._discovering:
            return
        self._discovering = True
        self.source.clear()
        self.source.addItem(tr('Đang tìm máy quét…'), None)
        self.backend.run(_discover, on_done=self._set_scanners, on_error=lambda _e: self._set_scanners([]))

    def _settings_loaded(self, values) -> None:
        profile, folder = values
        self.profile = profile
        self.set_watch_folder(folder if self.mode == "intake" else "")
        self._update_profile_label()

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
        return f"{row}. {self.batch.name(row)} ({n} trang){mark}"

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
            label = tr('Chưa xếp thành phần') if row == UNASSIGNED else f"{row}. {self.batch.name(row)}"
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
    @staticmethod
    def _icon(page) -> QIcon:
        img = QImage.fromData(page.thumb).convertToFormat(QImage.Format_RGB32)
        if page.rotation:
            img = img.transformed(QTransform().rotate(page.rotation), Qt.SmoothTransformation)
        pix = QPixmap.fromImage(img)
        painter = QPainter(pix)  # a thin frame: white pages stay visible on a white list
        painter.setPen(QColor("#9aa4ae"))
        painter.drawRect(0, 0, pix.width() - 1, pix.height() - 1)
        painter.end()
        return QIcon(pix)

    def _show_pages(self) -> None:
        row = self.current_row()
        selected = set(self.selected_uids())
        self.thumbs.blockSignals(True)
        self.thumbs.clear()
        for i, page in enumerate(self.batch.pages(row), start=1):
            self._add_item(page, i, page.uid in selected)
        self.thumbs.blockSignals(False)
        empty = self.batch.count(row) == 0
        self.empty_hint.setVisible(empty)
        self._update_counts()
        self._update_buttons()

    def _add_item(self, page, number: int, selected: bool) -> None:
        item = QListWidgetItem(self._icon(page), f"Trang {number}")
        item.setData(UID_ROLE, page.uid)
        item.setToolTip(f"{page.origin}\n{prof.mb(page.size)}")
        item.setFlags(item.flags() & ~Qt.ItemIsDropEnabled)
        self.thumbs.addItem(item)
        item.setSelected(selected)

    def thumbnail_items(self) -> list[QListWidgetItem]:
        return [self.thumbs.item(i) for i in range(self.thumbs.count())]

    def selected_uids(self) -> list[int]:
        return [it.data(UID_ROLE) for it in self.thumbnail_items() if it.isSelected()]

    def _order_from_view(self) -> None:
        uids = [it.data(UID_ROLE) for it in self.thumbnail_items()]
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

    # -- acquiring -----------------------------------------------------------------------------
    def _emitter(self, job: int, row: int, imported: bool):
        bridge = self._bridge

        def on_page(page) -> None:  # worker thread: only emit
            bridge.page.emit((job, row, page, imported))

        return on_page

    def _set_busy(self, delta: int) -> None:
        self._busy += delta
        self.busy_changed.emit(self._busy)
        self._update_buttons()

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
                self._add_item(page, self.thumbs.count() + 1, False)
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
        self.backend.run(
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
            _import_files, paths, self.profile, self._emitter(job, row, True), detect_qr=self.mode == "intake",
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

        def build() -> list:
            from counter_app.scanning import attachments

            return [attachments.store_component(data_dir, pos, name, pages) for pos, name, pages in work]

        self._set_busy(1)

        def done(items) -> None:
            self._set_busy(-1)
            on_done(items)

        def failed(exc) -> None:
            self._set_busy(-1)
            on_error(exc)

        self.backend.run(build, on_done=done, on_error=failed)

    def clear_rows(self, rows) -> None:
        self.batch.clear(rows)
        self._changed()

    # -- dossier mode --------------------------------------------------------------------------
    def load_dossier(self, code: str) -> None:
        """Show the stored scans of dossier ``code``: loaded when the panel is first shown
        (opening a dossier's details does not read its PDFs until the clerk looks at them)."""
        self.dossier_code = code
        self._fetch_tried = False
        if self.isVisible():
            self._load_dossier_now()
        else:
            self._load_pending = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_load_pending", False):
            self._load_pending = False
            self._load_dossier_now()

    def _load_dossier_now(self, allow_purged: bool = False) -> None:
        code = self.dossier_code
        if not allow_purged:
            self.banner.show_message(tr('Đang tải bản quét…'), "info")
        self.backend.read(_load_for_editing, self.backend.data_dir, code, allow_purged,
                          on_done=self._dossier_loaded, on_error=self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        from counter_app.scanning.errors import FileNotOnThisPC

        if isinstance(exc, FileNotOnThisPC) and not self._fetch_tried:
            self._fetch_tried = True
            self._fetch_from_province(exc.sha256s)
        else:
            self._error(exc)

    def _fetch_from_province(self, sha256s: list[str]) -> None:
        """Scans removed from this PC after the retention period: fetch them back in the
        background, then show the dossier's scans (what is here, if the fetch fails)."""
        self.banner.show_message(tr('Đang tải bản quét từ hệ thống tỉnh…'), "info")
        data_dir, actor, code = self.backend.data_dir, self.backend.actor, self.dossier_code
        self._set_busy(1)

        def failed(exc: BaseException) -> None:
            self._set_busy(-1)
            msg = exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)
            self._fetch_note = (msg, "error")
            self._load_dossier_now(allow_purged=True)

        def marked(_n) -> None:
            self._set_busy(-1)
            self._fetch_note = (tr('Đã tải bản quét từ hệ thống tỉnh về máy.'), "ok")
            self._load_dossier_now(allow_purged=True)

        def downloaded(shas) -> None:
            self.backend.write(_mark_fetched, data_dir, shas, actor, code, on_done=marked, on_error=failed)

        def prepared(prep) -> None:
            refs, client = prep
            if not refs:
                marked(0)
                return
            self.backend.fetch(_download, data_dir, refs, client, on_done=downloaded, on_error=failed)

        self.backend.read(_prepare_fetch, data_dir, sha256s, on_done=prepared, on_error=failed)

    def _dossier_loaded(self, data) -> None:
        self.dossier_id = data["dossier_id"]
        self.purged_positions = set(data["purged"])
        comps = data["components"]
        self.positions = {i: pos for i, (pos, _name) in enumerate(comps, start=1)}
        self.batch = ScanBatch()
        self.batch.set_components([name for _pos, name in comps])
        for row, pos in self.positions.items():
            self.batch.load(row, data["pages"].get(pos, []))
        self.banner.clear_message()
        note, self._fetch_note = self._fetch_note, None
        if data["purged"]:
            text = tr('Một số bản quét đã được gỡ khỏi máy sau khi tải lên tỉnh; không sửa được ở đây.')
            self.banner.show_message(f"{note[0]} {text}" if note else text, "error" if note else "info")
        elif note:
            self.banner.show_message(*note)
        self._refresh_components()
        if comps:
            self.select_row(1)
        self.counts_changed.emit()

    def save_dossier_scans(self) -> None:
        if self.dossier_id is None or not self.batch.changed:
            return
        rows = sorted(r for r in self.batch.changed if r != UNASSIGNED)
        away = [self.positions[r] for r in rows if self.positions.get(r) in self.purged_positions]
        if away:  # its pages are not here: saving would replace the stored scan by the new pages only
            self.banner.show_message(tr(
                'Thành phần {0} có bản quét chỉ còn ở hệ thống tỉnh; hãy mở lại hồ sơ khi có mạng để tải về rồi '
                'mới sửa.').format(", ".join(str(p) for p in away)))
            return
        with_pages = {r: self.positions[r] for r in rows if self.batch.count(r)}
        removals = [self.positions[r] for r in rows if not self.batch.count(r)]
        dossier_id, actor, data_dir = self.dossier_id, self.backend.actor, self.backend.data_dir
        self.save_button.setEnabled(False)
        self.save_button.setText(tr('Đang lưu…'))

        def record(items) -> None:
            self._set_busy(1)
            self.backend.write(_save_scans, dossier_id, items, removals, actor, data_dir,
                               on_done=lambda _n: self._dossier_saved(rows),
                               on_error=lambda exc: (self._set_busy(-1), self._save_failed(exc)))

        self.store_assigned(with_pages, on_done=record, on_error=self._save_failed)

    def _dossier_saved(self, rows) -> None:
        self._set_busy(-1)
        self.save_button.setText(tr('Lưu bản quét'))
        for r in rows:
            self.batch.changed.discard(r)
        self.banner.show_message(tr('Đã lưu bản quét của hồ sơ.'), "ok")
        self._changed()
        self.saved.emit()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setText(tr('Lưu bản quét'))
        self._error(exc)

    def has_unsaved_changes(self) -> bool:
        return self.mode == "dossier" and bool(self.batch.changed)

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
