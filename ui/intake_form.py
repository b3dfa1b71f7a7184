"""The intake form (Tiếp nhận hồ sơ): procedure, applicant (typed or from the CCCD QR), owner,
components, channel, return method, note; the due date shown live; save off the GUI thread.

No rule lives here: validation, due dates, codes and the save are core calls.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QListView, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from counter_app import intake, procedures, timeutil
from counter_app.catalogue import Procedure
from counter_app.cccd import CccdResult, parse_cccd
from counter_app.duedate import format_time_limit
from counter_app.errors import UserError, ValidationFailed
from counter_app.folding import fold
from counter_app.validation import parse_vn_date

from .i18n import tr
from .backend import Backend
from .scan_panel import ScanPanel
from .widgets import Banner, mark_invalid

PROC_ROLE = Qt.UserRole + 1
FOLD_ROLE = Qt.UserRole + 2


class FoldedFilter(QSortFilterProxyModel):
    """Keeps rows whose folded text holds every folded word typed (accent-insensitive)."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._words = fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802 (Qt name)
        hay = self.sourceModel().index(row, 0, parent).data(FOLD_ROLE) or ""
        return all(w in hay for w in self._words)


class PersonBox(QGroupBox):
    """Name, ID number, birth date, sex, address, phone, email."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.full_name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(12)
        self.id_number.setPlaceholderText(tr('12 chữ số'))
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText("dd/MM/yyyy")
        self.sex = QComboBox()
        for value, label in (("", ""), ("Nam", tr("Nam")), ("Nữ", tr("Nữ"))):  # value stored, label shown
            self.sex.addItem(label, value)
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        grid = QGridLayout(self)
        grid.addWidget(QLabel(tr('Họ và tên:')), 0, 0)
        grid.addWidget(self.full_name, 0, 1, 1, 3)
        grid.addWidget(QLabel(tr('Số định danh:')), 1, 0)
        grid.addWidget(self.id_number, 1, 1)
        grid.addWidget(QLabel(tr('Ngày sinh:')), 1, 2)
        grid.addWidget(self.birth_date, 1, 3)
        grid.addWidget(QLabel(tr('Giới tính:')), 2, 0)
        grid.addWidget(self.sex, 2, 1)
        grid.addWidget(QLabel(tr('Điện thoại:')), 2, 2)
        grid.addWidget(self.phone, 2, 3)
        grid.addWidget(QLabel(tr('Địa chỉ:')), 3, 0)
        grid.addWidget(self.address, 3, 1, 1, 3)
        grid.addWidget(QLabel("Email:"), 4, 0)
        grid.addWidget(self.email, 4, 1, 1, 3)
        self.widgets = {
            "full_name": self.full_name, "id_number": self.id_number, "birth_date": self.birth_date,
            "sex": self.sex, "address": self.address, "phone": self.phone, "email": self.email,
        }

    def tab_chain(self) -> list[QWidget]:
        return [self.full_name, self.id_number, self.birth_date, self.sex, self.phone, self.address, self.email]

    def data(self) -> tuple[dict, dict[str, str]]:
        """Form values in the core's input shape; a birth date that cannot be read is an error."""
        errors: dict[str, str] = {}
        birth = None
        text = self.birth_date.text().strip()
        if text:
            try:
                birth = parse_vn_date(text, tr('Ngày sinh'), "birth_date").isoformat()
            except UserError as exc:
                errors["birth_date"] = exc.message
        return {
            "full_name": self.full_name.text(), "id_number": self.id_number.text().strip(),
            "birth_date": birth, "sex": self.sex.currentData() or None, "address": self.address.text(),
            "phone": self.phone.text(), "email": self.email.text(),
        }, errors

    def fill_from_cccd(self, r: CccdResult) -> None:
        self.full_name.setText(r.full_name or "")
        self.id_number.setText(r.id_number or "")
        self.birth_date.setText(r.birth_date.strftime("%d/%m/%Y") if r.birth_date else "")
        self.sex.setCurrentIndex(max(0, self.sex.findData(r.sex or "")))
        self.address.setText(r.address or "")

    def clear(self) -> None:
        for w in self.widgets.values():
            if isinstance(w, QComboBox):
                w.setCurrentIndex(0)
            else:
                w.clear()
            mark_invalid(w, False)


class ComponentsTable(QTableWidget):
    """Checklist of the procedure's components with counts."""

    COLS = (tr('Nộp'), tr('Thành phần hồ sơ'), tr('Bản chính'), tr('Bản sao'), tr('Bản chứng thực'), tr('Số trang'))

    def __init__(self) -> None:
        super().__init__(0, len(self.COLS))
        self.setHorizontalHeaderLabels(list(self.COLS))
        self.verticalHeader().setVisible(False)
        h = self.horizontalHeader()
        h.setSectionResizeMode(1, QHeaderView.Stretch)
        for c in (0, 2, 3, 4, 5):
            h.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setMinimumHeight(160)

    def set_components(self, names: list[tuple[str, bool]]) -> None:
        self.setRowCount(0)
        for name, required in names:
            self.add_row(name, checked=False, required=required)

    def add_row(self, name: str, checked: bool = True, required: bool = False) -> int:
        r = self.rowCount()
        self.insertRow(r)
        box = QCheckBox()
        box.setChecked(checked)
        box.setToolTip(tr('Bắt buộc') if required else tr('Nếu có'))
        self.setCellWidget(r, 0, box)
        item = QTableWidgetItem(name + (" *" if required else ""))
        item.setData(Qt.UserRole, name)
        item.setFlags(item.flags() & ~Qt.ItemIsEditable)
        self.setItem(r, 1, item)
        for c, default in ((2, 1), (3, 0), (4, 0), (5, 1)):
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setValue(default)
            self.setCellWidget(r, c, spin)
        return r

    def box(self, row: int) -> QCheckBox:
        return self.cellWidget(row, 0)

    def spin(self, row: int, col: int) -> QSpinBox:
        return self.cellWidget(row, col)

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for r in range(self.rowCount()):
            chain += [self.cellWidget(r, c) for c in (0, 2, 3, 4, 5)]
        return chain

    def data(self) -> list[dict]:
        out = []
        for r in range(self.rowCount()):
            if not self.box(r).isChecked():
                continue
            out.append({
                "name": self.item(r, 1).data(Qt.UserRole),
                "originals": self.spin(r, 2).value(), "copies": self.spin(r, 3).value(),
                "certified_copies": self.spin(r, 4).value(), "pages": self.spin(r, 5).value(),
            })
        return out


class IntakeForm(QWidget):
    saved = Signal(str)  # dossier code, after it is on disk

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.procedure: Procedure | None = None
        self.cccd_pending: CccdResult | None = None
        self.cccd_raw: str | None = None
        self.last_saved = None

        # Procedure picker
        self.proc_search = QLineEdit()
        self.proc_search.setPlaceholderText(tr('Gõ tên hoặc mã thủ tục (không cần dấu), ví dụ: khai sinh'))
        self.proc_model = QStandardItemModel(self)
        self.proc_filter = FoldedFilter()
        self.proc_filter.setSourceModel(self.proc_model)
        self.proc_list = QListView()
        self.proc_list.setModel(self.proc_filter)
        self.proc_list.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.proc_list.setMaximumHeight(130)
        self.proc_label = QLabel(tr('Chưa chọn thủ tục.'))
        self.proc_label.setWordWrap(True)
        self.proc_search.textChanged.connect(self._filter_procedures)
        self.proc_search.returnPressed.connect(self._pick_current_procedure)
        self.proc_list.activated.connect(self._pick_procedure)
        self.proc_list.clicked.connect(self._pick_procedure)
        proc_box = QGroupBox(tr('1. Thủ tục hành chính (F2)'))
        pl = QVBoxLayout(proc_box)
        pl.addWidget(self.proc_search)
        pl.addWidget(self.proc_list)
        pl.addWidget(self.proc_label)

        # CCCD QR
        self.qr_input = QLineEdit()
        self.qr_input.setPlaceholderText(tr('Đặt con trỏ ở đây và quét mã QR trên CCCD (F4)'))
        self.qr_input.returnPressed.connect(self._qr_scanned)
        self.qr_banner = Banner()
        self.qr_accept = QPushButton(tr('Điền vào biểu mẫu (Enter)'))
        self.qr_reject = QPushButton(tr('Bỏ qua'))
        self.qr_accept.setAutoDefault(True)  # Enter on the focused button fills the form
        self.qr_accept.clicked.connect(self._qr_accept)
        self.qr_reject.clicked.connect(self._qr_dismiss)
        self.qr_accept.hide()
        self.qr_reject.hide()
        qr_box = QGroupBox(tr('2. Quét mã QR CCCD'))
        ql = QVBoxLayout(qr_box)
        ql.addWidget(self.qr_input)
        ql.addWidget(self.qr_banner)
        qb = QHBoxLayout()
        qb.addWidget(self.qr_accept)
        qb.addWidget(self.qr_reject)
        qb.addStretch()
        ql.addLayout(qb)

        self.applicant = PersonBox(tr('3. Người nộp hồ sơ'))
        self.owner_check = QCheckBox(tr('Chủ hồ sơ khác người nộp'))
        self.owner = PersonBox(tr('Chủ hồ sơ'))
        self.owner.hide()
        self.owner_check.toggled.connect(self.owner.setVisible)

        self.components = ComponentsTable()
        self.add_component = QLineEdit()
        self.add_component.setPlaceholderText(tr('Thêm thành phần khác rồi nhấn Enter'))
        self.add_component.returnPressed.connect(self._add_component)
        comp_box = QGroupBox(tr('4. Thành phần hồ sơ (* bắt buộc)'))
        cl = QVBoxLayout(comp_box)
        cl.addWidget(self.components)
        cl.addWidget(self.add_component)

        # Scans per component (ui/scan_panel.py); a CCCD QR found on a page is offered like a
        # keyboard-wedge scan, and page counts tick the component with its number of pages.
        self.scans = ScanPanel(backend, mode="intake")
        self.scans.setMinimumHeight(330)
        self.scans.cccd_found.connect(self._offer_cccd)
        self.scans.counts_changed.connect(self._scan_counts_changed)
        scan_box = QGroupBox(tr('Bản quét thành phần hồ sơ'))
        QVBoxLayout(scan_box).addWidget(self.scans)

        self.channel = QComboBox()
        self.channel.addItem(tr('Trực tiếp'), 1)
        self.channel.addItem(tr('Qua dịch vụ bưu chính công ích'), 3)
        self.return_method = QComboBox()
        self.return_method.addItem(tr('Tại Bộ phận Một cửa'), "counter")
        self.return_method.addItem(tr('Qua dịch vụ bưu chính công ích'), "post")
        self.sets_count = QSpinBox()
        self.sets_count.setRange(1, 99)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        other = QGroupBox(tr('5. Tiếp nhận và trả kết quả'))
        of = QFormLayout(other)
        of.addRow(tr('Kênh tiếp nhận:'), self.channel)
        of.addRow(tr('Nhận kết quả:'), self.return_method)
        of.addRow(tr('Số bộ hồ sơ:'), self.sets_count)
        of.addRow(tr('Ghi chú:'), self.note)

        self.due_label = QLabel(tr('Ngày hẹn trả: —'))
        self.due_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.banner = Banner()
        self.result = Banner()
        self.save_button = QPushButton(tr('Lưu hồ sơ (Ctrl+S)'))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.submit)
        self.new_button = QPushButton(tr('Hồ sơ mới (Ctrl+N)'))
        self.new_button.clicked.connect(self.reset)

        body = QWidget()
        left = QVBoxLayout()
        left.addWidget(proc_box)
        left.addWidget(qr_box)
        left.addWidget(self.applicant)
        left.addWidget(self.owner_check)
        left.addWidget(self.owner)
        left.addStretch(1)  # groups packed at the top, not spread over the height
        right = QVBoxLayout()
        right.addWidget(comp_box, 1)
        right.addWidget(scan_box, 2)
        right.addWidget(other)
        cols = QHBoxLayout(body)
        cols.addLayout(left, 1)
        cols.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        bottom = QHBoxLayout()
        bottom.addWidget(self.due_label, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.result)
        lay.addWidget(scroll, 1)
        lay.addLayout(bottom)

        QShortcut(QKeySequence("Ctrl+S"), self, self.submit)
        QShortcut(QKeySequence("Ctrl+N"), self, self.reset)
        QShortcut(QKeySequence("F2"), self, lambda: self.proc_search.setFocus())
        QShortcut(QKeySequence("F4"), self, lambda: self.qr_input.setFocus())
        self._due_timer = QTimer(self)  # the due date depends on "now": refresh it every 30 s
        self._due_timer.timeout.connect(self._refresh_due)
        self._due_timer.start(30_000)
        self._fix_tab_order()

    # -- catalogue ---------------------------------------------------------------------------
    def load_procedures(self) -> None:
        self.scans.start()
        self.backend.read(procedures.active_procedures, on_done=self._set_procedures, on_error=self._show_error)

    def _set_procedures(self, items) -> None:
        self.proc_model.clear()
        for sp in items:
            p = sp.procedure
            it = QStandardItem(tr('{0} — {1}  ({2}; {3})').format(p.code, p.name, p.field, format_time_limit(p.time_value, p.time_unit)))
            it.setData(p, PROC_ROLE)
            it.setData(fold(f"{p.code} {p.name} {p.field}"), FOLD_ROLE)
            self.proc_model.appendRow(it)

    def _filter_procedures(self, text: str) -> None:
        self.proc_filter.set_text(text)
        if self.proc_filter.rowCount():
            self.proc_list.setCurrentIndex(self.proc_filter.index(0, 0))

    def _pick_current_procedure(self) -> None:
        idx = self.proc_list.currentIndex()
        if not idx.isValid() and self.proc_filter.rowCount():
            idx = self.proc_filter.index(0, 0)
        if idx.isValid():
            self._pick_procedure(idx)

    def _pick_procedure(self, idx) -> None:
        p: Procedure = idx.data(PROC_ROLE)
        if p is None:
            return
        self.procedure = p
        self.proc_label.setText(
            tr('<b>{0}</b><br>Mã: {1} · Lĩnh vực: {2} · Thời hạn: {3}').format(p.name, p.code, p.field, format_time_limit(p.time_value, p.time_unit))
        )
        self.components.set_components([(c.name, c.required) for c in p.components])
        self._sync_scan_components()
        self._fix_tab_order()
        self._refresh_due()
        self.qr_input.setFocus()

    def select_procedure(self, code: str) -> bool:
        for row in range(self.proc_model.rowCount()):
            idx = self.proc_model.index(row, 0)
            if idx.data(PROC_ROLE).code == code:
                self._pick_procedure(idx)
                return True
        return False

    def _refresh_due(self) -> None:
        if self.procedure is None:
            self.due_label.setText(tr('Ngày hẹn trả: —'))
            return
        code = self.procedure.code
        self.backend.read(
            intake.preview_due, code, timeutil.now(),
            on_done=lambda due: self.due_label.setText(
                tr('Ngày hẹn trả (dự kiến): {0}').format(due.strftime('%H giờ %M phút, ngày %d/%m/%Y'))
            ),
            on_error=self._show_error,
        )

    # -- CCCD QR -----------------------------------------------------------------------------
    def _qr_scanned(self) -> None:
        payload = self.qr_input.text()
        self.qr_input.clear()
        self._offer_cccd(payload)

    def _offer_cccd(self, payload: str) -> None:
        """A CCCD payload from the keyboard-wedge scanner or from a QR found on a scanned page:
        parsed and shown for confirmation, never applied silently."""
        if not payload.strip():
            return
        try:
            r = parse_cccd(payload)
        except UserError as exc:
            self.qr_banner.show_message(exc.message, "error")
            self.qr_accept.hide()
            self.qr_reject.hide()
            return
        self.cccd_pending = r
        birth = r.birth_date.strftime("%d/%m/%Y") if r.birth_date else "?"
        text = (
            tr('Đọc được từ CCCD: <b>{0}</b>, số {1}, sinh {2}, {3}<br>{4}').format(r.full_name or '?', r.id_number, birth, r.sex or '?', r.address or '')
        )
        if r.warnings:
            text += tr('<br><i>Lưu ý: ') + "; ".join(r.warnings) + "</i>"
        text += tr('<br>Kiểm tra rồi nhấn “Điền vào biểu mẫu”.')
        self.qr_banner.show_message(text, "info")
        self.qr_accept.show()
        self.qr_reject.show()
        self.qr_accept.setFocus()

    def _qr_accept(self) -> None:
        if self.cccd_pending is None:
            return
        self.applicant.fill_from_cccd(self.cccd_pending)
        self.cccd_raw = self.cccd_pending.raw
        self.cccd_pending = None
        self.qr_banner.show_message(tr('Đã điền thông tin người nộp từ CCCD. Hãy bổ sung số điện thoại nếu có.'), "ok")
        self.qr_accept.hide()
        self.qr_reject.hide()
        self.applicant.phone.setFocus()

    def _qr_dismiss(self) -> None:
        self.cccd_pending = None
        self.qr_banner.clear_message()
        self.qr_accept.hide()
        self.qr_reject.hide()
        self.qr_input.setFocus()

    # -- components --------------------------------------------------------------------------
    def _add_component(self) -> None:
        name = " ".join(self.add_component.text().split())
        if name:
            self.components.add_row(name, checked=True)
            self.add_component.clear()
            self._sync_scan_components()
            self._fix_tab_order()

    # -- scans -------------------------------------------------------------------------------
    def _sync_scan_components(self) -> None:
        self.scans.set_components([self.components.item(r, 1).data(Qt.UserRole)
                                   for r in range(self.components.rowCount())])

    def _scan_counts_changed(self) -> None:
        """A component with scanned pages is handed in: tick it and show its page count."""
        for r in range(self.components.rowCount()):
            n = self.scans.batch.count(r + 1)
            if n:
                self.components.box(r).setChecked(True)
                self.components.spin(r, 5).setValue(n)

    def _scan_positions(self) -> tuple[dict[int, int], list[str]]:
        """Panel row -> component position of the dossier about to be saved (positions count
        the ticked components only, as the save does); names of unticked rows holding pages."""
        positions: dict[int, int] = {}
        unticked: list[str] = []
        pos = 0
        for r in range(self.components.rowCount()):
            if self.components.box(r).isChecked():
                pos += 1
                positions[r + 1] = pos
            elif self.scans.batch.count(r + 1):
                unticked.append(self.components.item(r, 1).data(Qt.UserRole))
        return positions, unticked

    # -- save --------------------------------------------------------------------------------
    def form_data(self) -> tuple[dict, dict[str, str]]:
        applicant, errors = self.applicant.data()
        errors = {f"applicant.{k}": v for k, v in errors.items()}
        if self.cccd_raw:
            applicant["cccd_raw"] = self.cccd_raw
        data = {
            "procedure_code": self.procedure.code if self.procedure else "",
            "channel": self.channel.currentData(),
            "applicant": applicant,
            "components": self.components.data(),
            "return_method": self.return_method.currentData(),
            "note": self.note.toPlainText(),
            "sets_count": self.sets_count.value(),
        }
        if self.owner_check.isChecked():
            owner, oerr = self.owner.data()
            data["owner"] = owner
            errors.update({f"owner.{k}": v for k, v in oerr.items()})
        return data, errors

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.result.clear_message()
        data, errors = self.form_data()
        req = None
        try:
            req = intake.parse_request(data)
        except ValidationFailed as exc:
            errors = {**exc.errors, **errors}
        except UserError as exc:
            errors["_"] = exc.message
        self._mark(errors)
        if errors:
            self.banner.show_message(tr('Chưa lưu được hồ sơ:\n') + "\n".join(tr('• {0}').format(m) for m in errors.values()))
            return
        self.banner.clear_message()
        positions, unticked = self._scan_positions()
        if unticked:
            self.banner.show_message(tr('Chưa lưu được hồ sơ: có bản quét của thành phần chưa được đánh dấu nộp: ')
                                     + "; ".join(unticked) + ".")
            return
        self.save_button.setEnabled(False)
        self.save_button.setText(tr('Đang lưu…'))
        if not self.scans.has_assigned_pages():
            self.backend.write(intake.save, req, self.backend.actor, on_done=self._saved, on_error=self._save_failed)
            return
        # Scans: the component PDFs are built and stored first (off the GUI thread); then, on
        # the writer, the dossier is saved and its attachments recorded for the new dossier id.
        from counter_app.scanning import attachments as scan_attachments  # imaging stack: on first use

        rows = [r for r in self.scans.assigned_rows() if r in positions]
        self.scans.store_assigned(
            {r: positions[r] for r in rows},
            on_done=lambda items: self.backend.write(
                scan_attachments.save_intake_with_scans, req, self.backend.actor, items, self.backend.data_dir,
                on_done=lambda result: self._saved_with_scans(result, rows), on_error=self._save_failed,
            ),
            on_error=self._save_failed,
        )

    def _saved_with_scans(self, result, rows: list[int]) -> None:
        saved, scan_error = result
        if scan_error is None:
            self.scans.clear_rows(rows)  # on disk: the next dossier starts empty
        self._saved(saved)
        if scan_error is not None:
            # The dossier is saved; its pages stay in the panel ("Chưa xếp thành phần").
            self.banner.show_message(
                tr('Hồ sơ {0} đã được lưu nhưng chưa đính kèm được bản quét: {1} Các trang vẫn còn trong khung Bản quét (mục "Chưa xếp thành phần"); hãy mở hồ sơ ở Sổ theo dõi hồ sơ, thẻ Bản quét, để đính kèm lại.').format(saved.code, scan_error)
            )

    def _mark(self, errors: dict[str, str]) -> None:
        first = None
        for prefix, box in (("applicant.", self.applicant), ("owner.", self.owner)):
            for key, w in box.widgets.items():
                bad = prefix + key in errors
                mark_invalid(w, bad)
                if bad and first is None:
                    first = w
        if "procedure_code" in errors:
            mark_invalid(self.proc_search, True)
            first = first or self.proc_search
        else:
            mark_invalid(self.proc_search, False)
        if first is not None:
            first.setFocus()

    def _saved(self, saved) -> None:
        self.save_button.setEnabled(True)
        self.save_button.setText(tr('Lưu hồ sơ (Ctrl+S)'))
        self.last_saved = saved
        self.reset(keep_result=True)
        self.result.show_message(
            tr('Đã tiếp nhận hồ sơ mã {0}. Hẹn trả kết quả: {1}.').format(saved.code, saved.due_at.strftime('%H giờ %M phút, ngày %d/%m/%Y')),
            "ok",
        )
        self.saved.emit(saved.code)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.save_button.setText(tr('Lưu hồ sơ (Ctrl+S)'))
        if isinstance(exc, ValidationFailed):
            self._mark(exc.errors)
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        msg = exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)
        self.banner.show_message(msg)

    def reset(self, keep_result: bool = False) -> None:
        self.procedure = None
        self.cccd_raw = None
        self.cccd_pending = None
        self.proc_search.clear()
        self.proc_label.setText(tr('Chưa chọn thủ tục.'))
        self.components.setRowCount(0)
        self.scans.set_components([])
        self.applicant.clear()
        self.owner.clear()
        self.owner_check.setChecked(False)
        self.note.clear()
        self.sets_count.setValue(1)
        self.channel.setCurrentIndex(0)
        self.return_method.setCurrentIndex(0)
        self.banner.clear_message()
        self.qr_banner.clear_message()
        self.qr_accept.hide()
        self.qr_reject.hide()
        if not keep_result:
            self.result.clear_message()
        self.due_label.setText(tr('Ngày hẹn trả: —'))
        mark_invalid(self.proc_search, False)
        self.proc_search.setFocus()

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.proc_search, self.proc_list, self.qr_input]
        chain += self.applicant.tab_chain() + [self.owner_check] + self.owner.tab_chain()
        chain += self.components.tab_chain() + [self.add_component]
        chain += [self.channel, self.return_method, self.sets_count, self.note, self.save_button]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
