"""Online dossiers waiting at the counter (issue 20, scope 1): "Hồ sơ trực tuyến chờ tiếp nhận".

Citizens' portal submissions for this commune arrive through the change feed; the sync engine
stores them and fetches their files in the background (``counter_app.online``). Here the clerk
sees how long each has waited against the legal receiving time, looks at the attached files and
ends the check with the same three outcomes as at the counter:

- receive (Ctrl+S): status 2, the dossier keeps the portal's code, a due date from now,
  Mẫu 01 offered for printing;
- guide to complete (Ctrl+G): Mẫu 02 listing the missing papers (pre-filled with the
  procedure's components that came without a file) and the reason;
- refuse (Ctrl+T): Mẫu 03 with the reason.

Everything is written locally (offline works) and queued for the province. Nothing here waits
on the disk or the network: the list, the details and the file pages are read and rendered on
the backend's threads.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from counter_app import changes
from counter_app.changes import Change
from counter_app.errors import UserError

from .backend import Backend
from .i18n import tr
from .intake.outcome import SlipDialog, SlipPreview
from .print_preview import PagesView, render_pages
from .tasks import show_error
from .widgets import Banner, ok_cancel_buttons

PAGES_MAX = 20  # pages rendered for a look; the clerk opens the file itself for more


def _when(dt) -> str:
    return dt.strftime("%d/%m/%Y %H:%M") if dt is not None else ""


def _hours(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def list_waiting(db):
    from counter_app import online

    return online.list_waiting(db)


def get_online(db, code: str):
    """One online dossier (``counter_app.online.get``) and ``missing_components``: the procedure's
    components that came without a file, in checklist order (what Mẫu 02 lists by default, as
    the intake form's guidance lists the components not ticked)."""
    from counter_app import online, procedures
    from counter_app.errors import NotFound

    d = online.get(db, code)
    try:
        comps = procedures.get_active(db, d["procedure_code"]).procedure.components
    except NotFound:
        comps = []
    have = {f["component_position"] for f in d["files"]}
    d["missing_components"] = [c.name for i, c in enumerate(comps, start=1) if i not in have]
    # The receiving check's list: the procedure's components (required or not, with a file or
    # not), then the files' components that are none of the procedure's.
    d["checklist"] = [{"name": c.name, "required": c.required, "has_file": i in have}
                      for i, c in enumerate(comps, start=1)]
    extra = {" ".join((f["component_name"] or f["name"]).split()) for f in d["files"] if not f["component_position"]}
    d["checklist"] += [{"name": n, "required": False, "has_file": True} for n in sorted(extra)]
    return d


def do_receive(db, code: str, actor, components: list[dict] | None = None):
    from counter_app import online

    return online.receive(db, code, {"components": components} if components is not None else {}, actor)


class ReceiveCheckDialog(QDialog):
    """The check before receiving an online dossier: the procedure's components, ticked where a
    file came with it; the clerk ticks what was verified otherwise (e.g. an identity paper shown,
    or checked on VNeID) and receives. A required component left unticked is refused by the core
    with its Vietnamese message (a supervisor may override at the counter's intake form)."""

    def __init__(self, d: dict, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("online_receive_check")
        self.setWindowTitle(tr('Kiểm tra thành phần hồ sơ trước khi tiếp nhận'))
        intro = QLabel(tr('Hồ sơ {0} — {1}.\nĐánh dấu các thành phần đã có: có tệp đính kèm, hoặc đã kiểm tra bản chính '
                          '(ví dụ giấy tờ xuất trình). (*) là thành phần bắt buộc.').format(d["code"], d["procedure_name"]))
        intro.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        self.boxes: list[tuple[QCheckBox, dict]] = []
        for item in d.get("checklist") or []:
            text = ("(*) " if item["required"] else "") + item["name"]
            text += tr(' — có tệp đính kèm') if item["has_file"] else tr(' — không có tệp')
            box = QCheckBox(text)
            box.setChecked(item["has_file"])
            lay.addWidget(box)
            self.boxes.append((box, item))
        self.buttons = ok_cancel_buttons(self, tr('Tiếp nhận'), tr('Quay lại'), self.accept)
        lay.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def components(self) -> list[dict]:
        """The intake JSON's components: a file is an electronic copy, a verified paper an original."""
        return [{"name": item["name"], "originals": 0 if item["has_file"] else 1,
                 "copies": 1 if item["has_file"] else 0, "certified_copies": 0}
                for box, item in self.boxes if box.isChecked()]


def do_slip(db, kind: str, code: str, data: dict, actor):
    from counter_app import online

    return (online.guide if kind == "guide" else online.refuse)(db, code, data, actor)


def render_file(path: str, width: int = 595) -> list[tuple[int, int, bytes]]:
    """A file's pages as grey pixels, an A4 page ``width`` pixels wide (PDF by pdfium, images by
    Pillow), off the GUI thread."""
    from pathlib import Path

    data = Path(path).read_bytes()
    if data[:5] == b"%PDF-":
        dpi = max(36.0, min(150.0, 72.0 * width / 595))  # an A4 page's width fits the view
        pages = render_pages(data, dpi)
        return pages[:PAGES_MAX]
    from io import BytesIO

    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(BytesIO(data))
        img.thumbnail((max(width, 200), max(width, 200) * 3 // 2))
        img = img.convert("L")
    except (UnidentifiedImageError, OSError) as exc:
        raise UserError("Không hiển thị được tệp này (không phải PDF hoặc ảnh đọc được).") from exc
    return [(img.width, img.height, img.tobytes())]


class OnlineView(QWidget):
    """The worklist of online dossiers waiting for the counter's check."""

    count_changed = Signal(int)  # waiting dossiers (the tab's title)
    received = Signal(str)  # a dossier code: Mẫu 01 is offered by the main window
    decided = Signal(str, str)  # code, outcome (receive | guide | refuse)

    # The procedure last: it takes what width is left (its name is in the details too).
    COLUMNS = ("code", "applicant", "submitted", "waited", "files", "procedure")

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.rows: list[dict] = []
        self.detail: dict | None = None
        self._loading = False
        self._again = False
        self._busy = False
        self.title = QLabel(tr('<b>Hồ sơ trực tuyến chờ tiếp nhận</b>'))
        self.banner = Banner()
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("online_table")
        self.table.setHorizontalHeaderLabels([tr('Mã hồ sơ'), tr('Người nộp'), tr('Nộp lúc'), tr('Đã chờ (giờ)'),
                                              tr('Tệp'), tr('Thủ tục')])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeToContents)
        head.setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(tr('Không có hồ sơ trực tuyến nào chờ tiếp nhận.'))
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.hide()

        self.info = QLabel("")
        self.info.setObjectName("online_info")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.files = QListWidget()
        self.files.setObjectName("online_files")
        self.files.setMaximumHeight(90)
        self.files.currentRowChanged.connect(self._show_file)
        self.pages = PagesView()
        self._rendered_width = 0
        self._rerender = QTimer(self)  # the pages follow the view's width (a splitter drag, a resize)
        self._rerender.setSingleShot(True)
        self._rerender.setInterval(200)
        self._rerender.timeout.connect(lambda: self._show_file(self.files.currentRow()))
        # Short labels (the three fit beside the list at 1366×768 and 125 %); the tooltips say it all.
        self.receive_button = QPushButton(tr('Tiếp nhận (Ctrl+S)'))
        self.receive_button.setToolTip(tr('Tiếp nhận hồ sơ: cấp hẹn trả, in Mẫu 01'))
        self.receive_button.setObjectName("online_receive")
        self.guide_button = QPushButton(tr('&Bổ sung – Mẫu 02 (Ctrl+G)'))
        self.guide_button.setToolTip(tr('Hướng dẫn bổ sung, hoàn thiện hồ sơ (Mẫu 02)'))
        self.guide_button.setObjectName("online_guide")
        self.refuse_button = QPushButton(tr('Từ &chối – Mẫu 03 (Ctrl+T)'))
        self.refuse_button.setToolTip(tr('Từ chối tiếp nhận hồ sơ (Mẫu 03)'))
        self.refuse_button.setObjectName("online_refuse")
        self.receive_button.clicked.connect(self.receive)
        self.guide_button.clicked.connect(lambda: self.slip("guide"))
        self.refuse_button.clicked.connect(lambda: self.slip("refuse"))
        # The intake form's keys for the same three outcomes (active while this tab is shown).
        for keys, slot in (("Ctrl+S", self.receive), ("Ctrl+G", lambda: self.slip("guide")),
                           ("Ctrl+T", lambda: self.slip("refuse"))):
            QShortcut(QKeySequence(keys), self, slot)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.title)
        ll.addWidget(self.banner)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.empty, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.info)
        rl.addWidget(QLabel(tr('Tệp đính kèm:')))
        rl.addWidget(self.files)
        rl.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        for b in (self.receive_button, self.guide_button, self.refuse_button):
            buttons.addWidget(b)
        rl.addLayout(buttons)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.splitterMoved.connect(lambda _pos, _i: self._follow_width())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.split = split
        self._sized = False
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self._set_buttons()
        backend.changed.connect(self.on_change)
        self._timer = QTimer(self)  # the waited hours move with the clock
        self._timer.timeout.connect(self.reload)
        self._timer.start(60_000)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._follow_width()
        if self.isVisible():
            self._size_once()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._size_once()

    def _size_once(self) -> None:
        """The list gets 3/5 of the width the first time the tab is shown at its real size (the
        pages' size hint would take more); the clerk's own drag is kept after that."""
        if self._sized or self.split.width() <= 200:
            return
        self._sized = True
        width = self.split.width()
        self.split.setSizes([width * 3 // 5, width - width * 3 // 5])
        QTimer.singleShot(0, self._follow_width)

    # -- the list ---------------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        if change.touches(changes.ONLINE, changes.SETTINGS):  # pulled, decided, files fetched, the limit
            self.reload()

    def reload(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.backend.read(list_waiting, on_done=self._loaded, on_error=self._load_failed, owner=self)

    def _load_done(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        self._load_done()
        self.banner.show_message(getattr(exc, "message", None) or tr('Không đọc được danh sách hồ sơ trực tuyến.'))

    def _loaded(self, rows: list[dict]) -> None:
        self._load_done()
        current = self.current_code()
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        select = 0 if rows else -1
        for i, r in enumerate(rows):
            waited = tr('{0} / {1}').format(_hours(r["waited_hours"]), _hours(r["limit_hours"]))
            if r["overdue"]:
                waited = tr('{0} — quá hạn').format(waited)
            cells = (r["code"], r["applicant_name"], _when(r["submitted_at"]), waited,
                     tr('{0}/{1}').format(r["files_ready"], r["files_total"]), r["procedure_name"])
            for j, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                if r["overdue"]:
                    item.setForeground(QColor("#b00020"))
                self.table.setItem(i, j, item)
            if r["code"] == current:
                select = i
        self.table.blockSignals(False)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.count_changed.emit(len(rows))
        if select >= 0:
            self.table.selectRow(select)
            if current != rows[select]["code"] or self.detail is None or self.detail.get("code") != current:
                self._selected()
            else:
                self._refresh_detail()
        else:
            self._clear_detail()

    def current_code(self) -> str | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows) and self.table.selectionModel().hasSelection():
            return self.rows[row]["code"]
        return None

    # -- one dossier ------------------------------------------------------------------------
    def _selected(self) -> None:
        code = self.current_code()
        if code is None:
            self._clear_detail()
            return
        self.detail = {"code": code}
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        code = self.detail["code"] if self.detail else None
        if code:
            self.backend.read(get_online, code, on_done=self._detail_loaded,
                              on_error=lambda exc: show_error(exc, "online-detail"), owner=self)

    def _detail_loaded(self, d: dict) -> None:
        if d["code"] != self.current_code():
            return  # the clerk moved on
        old_files = [(f["name"], f["state"]) for f in (self.detail or {}).get("files", [])]
        self.detail = d
        lines = [tr('<b>{0}</b> — {1}').format(_escape(d["code"]), _escape(d["procedure_name"])),
                 tr('Người nộp: {0}').format(d.get("applicant_name") or ""),
                 tr('Nộp trên Cổng Dịch vụ công lúc {0}; đã chờ {1} / {2} giờ làm việc.').format(
                     _when(d["submitted_at"]), _hours(d["waited_hours"]), _hours(d["limit_hours"]))]
        if d.get("summary"):
            lines.append(tr('Trích yếu: {0}').format(d["summary"]))
        self.info.setText("<br>".join([lines[0], *(_escape(x) for x in lines[1:])]))
        new_files = [(f["name"], f["state"]) for f in d["files"]]
        if new_files != old_files or self.files.count() != len(new_files):
            row = max(self.files.currentRow(), 0)
            self.files.blockSignals(True)
            self.files.clear()
            for f in d["files"]:
                state = {"ready": "", "waiting": tr(' (đang tải về…)'), "failed": tr(' (tải về lỗi, sẽ thử lại)')}.get(
                    f["state"], "")
                label = tr('{0}. {1} — {2}{3}').format(f.get("component_position") or "", f.get("component_name") or "",
                                                       f["name"], state)
                item = QListWidgetItem(label)
                self.files.addItem(item)
            self.files.blockSignals(False)
            if d["files"]:
                self.files.setCurrentRow(min(row, len(d["files"]) - 1))
                self._show_file(self.files.currentRow())
            else:
                self.pages.show_pages([])
        self._set_buttons()

    def _show_file(self, row: int) -> None:
        files = (self.detail or {}).get("files") or []
        if not 0 <= row < len(files):
            self.pages.show_pages([])
            return
        f = files[row]
        if f["state"] != "ready" or not f.get("path"):
            self.pages.show_pages([])
            return
        code = self.detail["code"]
        width = max(self.pages.viewport().width() - 40, 200)
        self._rendered_width = width
        self.backend.run(render_file, str(f["path"]), width,
                         on_done=lambda pages: self._file_shown(code, row, pages),
                         on_error=lambda exc: self.banner.show_message(getattr(exc, "message", None) or str(exc)),
                         owner=self)

    def _follow_width(self) -> None:
        width = max(self.pages.viewport().width() - 40, 200)
        if self._rendered_width and abs(width - self._rendered_width) > 30:
            self._rerender.start()

    def _file_shown(self, code: str, row: int, pages) -> None:
        if self.detail and self.detail.get("code") == code and self.files.currentRow() == row:
            self.pages.show_pages(pages)

    def _clear_detail(self) -> None:
        self.detail = None
        self.info.setText(tr('Chọn một hồ sơ trong danh sách để kiểm tra.'))
        self.files.clear()
        self.pages.show_pages([])
        self._set_buttons()

    def _set_buttons(self) -> None:
        ok = bool(self.detail and self.detail.get("files") is not None) and not self._busy
        for b in (self.receive_button, self.guide_button, self.refuse_button):
            b.setEnabled(ok)

    # -- the three outcomes -----------------------------------------------------------------
    def receive(self) -> None:
        d = self.detail
        if not d or self._busy or "files" not in d:
            return
        dialog = ReceiveCheckDialog(d, self)
        self.receive_dialog = dialog
        try:
            if dialog.exec() != QDialog.Accepted:
                return
        finally:
            self.receive_dialog = None
        components = dialog.components()
        self._start()
        self.backend.write(do_receive, d["code"], self.backend.actor, components,
                           on_done=lambda saved: self._received(saved), on_error=self._failed)

    def _received(self, saved) -> None:
        self._busy = False
        self.banner.show_message(tr('Đã tiếp nhận hồ sơ trực tuyến {0}; hẹn trả {1}.').format(
            saved.code, saved.due_at.strftime("%H:%M %d/%m/%Y")), "ok")
        self.decided.emit(saved.code, "receive")
        self.received.emit(saved.code)
        self._set_buttons()

    def slip(self, kind: str) -> None:
        d = self.detail
        if not d or self._busy or "files" not in d:
            return
        missing = list(d.get("missing_components") or []) if kind == "guide" else []
        dialog = SlipDialog(kind, d["procedure_name"], missing, self)
        self.slip_dialog = dialog
        if dialog.exec() != QDialog.Accepted:
            self.slip_dialog = None
            return
        self.slip_dialog = None
        data = {"reason": dialog.reason_text()}
        if kind == "guide":
            data["missing_items"] = dialog.missing_items()
        code = d["code"]
        self._start()
        self.backend.write(do_slip, kind, code, data, self.backend.actor,
                           on_done=lambda slip: self._slip_done(code, kind, slip), on_error=self._failed)

    def _slip_done(self, code: str, kind: str, slip) -> None:
        self._busy = False
        text = {"guide": tr('Hồ sơ trực tuyến {0}: đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) số {1}; '
                            'phiếu được gửi lại cho công dân khi có mạng.'),
                "refuse": tr('Hồ sơ trực tuyến {0}: đã lập Phiếu từ chối tiếp nhận (Mẫu 03) số {1}; phiếu được gửi '
                             'lại cho công dân khi có mạng.')}[kind].format(code, slip.label)
        self.banner.show_message(text, "ok")
        self.decided.emit(code, kind)
        self._set_buttons()
        preview = SlipPreview(self.backend, slip.label, slip.form_id, self.window())
        preview.setAttribute(Qt.WA_DeleteOnClose)
        self.slip_preview = preview
        preview.open()

    def _start(self) -> None:
        self._busy = True
        self.banner.clear_message()
        self._set_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._set_buttons()
        if isinstance(exc, UserError):
            self.banner.show_message(exc.message)
        else:
            show_error(exc, "online-outcome")


def _escape(text: str) -> str:
    import html

    return html.escape(text)
