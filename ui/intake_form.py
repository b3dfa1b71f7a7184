"""The intake form (Tiếp nhận hồ sơ): procedure, applicant (typed or from the CCCD QR), owner,
components, channel, return method, note; the due date shown live; save off the GUI thread.

No rule lives here: validation, due dates, codes, component numbering and the save are core
calls. The parts live in ``ui/intake/``: the procedure picker, the CCCD QR bar, the person box
and the components table; the scans per component are the scan panel (ui/scan_panel.py).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QScrollArea, QSizePolicy, QSpinBox, QVBoxLayout, QWidget,
)

from counter_app import components as numbering
from counter_app import accounts, intake, procedures, timeutil
from counter_app.catalogue import Procedure
from counter_app.cccd import CccdResult
from counter_app.errors import UserError, ValidationFailed
from counter_app.i18n import due_text
from counter_app.reports import dayclose
from counter_app.scanning.batch import UNASSIGNED

from .backend import Backend
from .i18n import tr
from .intake.cccd_bar import CccdBar
from .intake import outcome
from .intake.components_table import ComponentsTable
from .intake.exemption_box import ExemptionBox
from .intake.person_box import PersonBox
from .intake.procedure_picker import ProcedurePicker
from .intake.questions import ASSIGN, DISCARD, LimitedTextEdit, OverrideDialog, ask_day_closed, ask_unassigned_pages
from .scan_panel import ScanPanel
from .widgets import Banner, mark_invalid


class IntakeForm(QWidget):
    saved = Signal(str)  # dossier code, after it is on disk
    slip_saved = Signal(str)  # register number "N/YYYY" of a guidance / refusal (not received)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.procedure: Procedure | None = None
        self.cccd_raw: str | None = None
        self.last_saved = None
        self.last_slip = None  # the check before receiving: guidance / refusal (ui/intake/outcome.py)
        self.slip_preview = None

        self.picker = ProcedurePicker(tr('1. Thủ tục hành chính (F2)'))
        self.picker.picked.connect(self._procedure_picked)
        self.proc_search = self.picker.proc_search
        self.proc_model = self.picker.proc_model
        self.proc_list = self.picker.proc_list

        self.cccd = CccdBar(tr('2. Quét mã QR CCCD'))
        self.cccd.accepted.connect(self._cccd_accepted)
        self.qr_input = self.cccd.qr_input
        self.qr_banner = self.cccd.qr_banner
        self.qr_accept = self.cccd.qr_accept
        self.qr_reject = self.cccd.qr_reject

        self.applicant = PersonBox(tr('3. Người nộp hồ sơ'))
        self.owner_check = QCheckBox(tr('Chủ hồ sơ khác người nộp'))
        self.owner = PersonBox(tr('Chủ hồ sơ'))
        self.owner.hide()
        self.owner_check.toggled.connect(self.owner.setVisible)
        # Typing the next citizen clears the last save's banner; a fixed field, its error.
        self.applicant.edited.connect(self._field_edited)
        self.owner.edited.connect(self._field_edited)

        self.components = ComponentsTable()
        self.add_component = QLineEdit()
        self.add_component.setMaxLength(intake.COMPONENT_NAME_MAX)
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
        self.scans.cccd_found.connect(self.cccd.offer)
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
        self.note = LimitedTextEdit(intake.NOTE_MAX)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        other = QGroupBox(tr('5. Tiếp nhận và trả kết quả'))
        of = QFormLayout(other)
        of.addRow(tr('Kênh tiếp nhận:'), self.channel)
        of.addRow(tr('Nhận kết quả:'), self.return_method)
        of.addRow(tr('Số bộ hồ sơ:'), self.sets_count)
        of.addRow(tr('Ghi chú:'), self.note)
        self.exemption = ExemptionBox()  # fee exemption rules of the procedure (issue 17 item 8)
        self.channel.currentIndexChanged.connect(lambda _i: self._refresh_exemption())
        self.exemption.toggled.connect(lambda _on: self._refresh_exemption())  # the components ticked by now

        self.due_label = QLabel(tr('Ngày hẹn trả: —'))
        self.due_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        # A long appointment (an estimated day's warning after it) wraps rather than widening the window.
        self.due_label.setWordWrap(True)
        self.due_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.banner = Banner()
        self.result = Banner()
        self.save_button = QPushButton(tr('Lưu hồ sơ (Ctrl+S)'))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.submit)
        self.new_button = QPushButton(tr('Hồ sơ mới (Ctrl+N)'))
        self.new_button.clicked.connect(self.new_dossier)
        # The other two ends of the check before receiving: no dossier, no code (issue 17).
        self.guide_button = QPushButton(tr('&Hướng dẫn bổ sung (Mẫu 02) (Ctrl+G)'))
        self.guide_button.clicked.connect(lambda: outcome.start_slip(self, "guide"))
        self.refuse_button = QPushButton(tr('Từ &chối tiếp nhận (Mẫu 03) (Ctrl+T)'))
        self.refuse_button.clicked.connect(lambda: outcome.start_slip(self, "refuse"))
        # The citizen could submit on the portal: guided there with a printed QR (issue 20).
        self.online_button = QPushButton(tr('Trực tuyến (Ctrl+O)'))
        self.online_button.setToolTip(tr('Hướng dẫn công dân nộp hồ sơ trên Cổng Dịch vụ công; in phiếu có mã QR'))
        self.online_button.clicked.connect(lambda: outcome.start_slip(self, "online"))
        for b in (self.guide_button, self.refuse_button, self.online_button):
            b.setAutoDefault(False)

        body = QWidget()
        left = QVBoxLayout()
        left.addWidget(self.picker)
        left.addWidget(self.cccd)
        left.addWidget(self.applicant)
        left.addWidget(self.owner_check)
        left.addWidget(self.owner)
        left.addStretch(1)  # groups packed at the top, not spread over the height
        right = QVBoxLayout()
        right.addWidget(comp_box, 1)
        right.addWidget(scan_box, 2)
        right.addWidget(other)
        right.addWidget(self.exemption)
        cols = QHBoxLayout(body)
        cols.addLayout(left, 1)
        cols.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        # The appointment on its own line over the five ends of the check: beside them it did not
        # fit a 1366×768 screen at 125 % (it was cut to "Ngày hẹn trả (dự k…").
        lay_due = QHBoxLayout()
        lay_due.addWidget(self.due_label, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.guide_button)
        bottom.addWidget(self.refuse_button)
        bottom.addWidget(self.online_button)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.result)
        lay.addWidget(scroll, 1)
        lay.addLayout(lay_due)
        lay.addLayout(bottom)

        QShortcut(QKeySequence("Ctrl+S"), self, self.submit)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_dossier)
        QShortcut(QKeySequence("Ctrl+G"), self, lambda: outcome.start_slip(self, "guide"))
        QShortcut(QKeySequence("Ctrl+T"), self, lambda: outcome.start_slip(self, "refuse"))
        QShortcut(QKeySequence("Ctrl+O"), self, lambda: outcome.start_slip(self, "online"))
        QShortcut(QKeySequence("F2"), self, lambda: self.proc_search.setFocus())
        QShortcut(QKeySequence("F4"), self, lambda: self.qr_input.setFocus())
        self._due_timer = QTimer(self)  # the due date depends on "now": refresh it every 30 s
        self._due_timer.timeout.connect(self._refresh_due)
        self._due_timer.start(30_000)
        self._fix_tab_order()

    # -- catalogue ---------------------------------------------------------------------------
    def load_procedures(self) -> None:
        self.scans.start()
        self.backend.read(procedures.active_procedures, on_done=self.picker.set_procedures, on_error=self._show_error)

    def _procedure_picked(self, p: Procedure) -> None:
        self.procedure = p
        self.result.clear_message()
        mark_invalid(self.proc_search, False)
        self._clear_banner_if_fixed()
        self.components.set_components([(c.name, c.required) for c in p.components])
        self._sync_scan_components()
        self._refresh_exemption()
        self._fix_tab_order()
        self._refresh_due()
        self.qr_input.setFocus()

    def select_procedure(self, code: str) -> bool:
        return self.picker.select(code)

    def _refresh_due(self) -> None:
        if self.procedure is None:
            self._show_due_none()
            return
        code = self.procedure.code
        self.backend.read(intake.preview_due_warning, code, timeutil.now(), on_done=self._show_due,
                          on_error=self._show_error, owner=self)

    def _show_due_none(self) -> None:
        self.due_label.setText(tr('Ngày hẹn trả: —'))
        self.due_label.setStyleSheet("font-size: 13pt; font-weight: 600;")

    def _show_due(self, preview) -> None:
        """The due date; an unusually far one (many days off before it) in orange with the reason."""
        due, warning = preview
        text = tr('Ngày hẹn trả (dự kiến): {0}').format(due_text(due))
        self.due_label.setText(text + ("\n⚠ " + warning if warning else ""))
        self.due_label.setWordWrap(bool(warning))
        self.due_label.setStyleSheet("font-size: 13pt; font-weight: 600;" + (" color: #b35c00;" if warning else ""))

    def _refresh_exemption(self) -> None:
        self.exemption.set_dossier(self.procedure, self.channel.currentData(), self.components.data())

    # -- CCCD QR -----------------------------------------------------------------------------
    def _cccd_accepted(self, r: CccdResult) -> None:
        self.result.clear_message()
        self.applicant.fill_from_cccd(r)
        self.cccd_raw = r.raw
        self.applicant.phone.setFocus()

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
        self.scans.set_components(self.components.names())

    def _scan_counts_changed(self) -> None:
        """A component with scanned pages is handed in: tick it and show its page count."""
        for r in range(self.components.rowCount()):
            n = self.scans.batch.count(numbering.number(r))
            if n:
                self.components.box(r).setChecked(True)
                self.components.spin(r, 5).setValue(n)

    def _scan_positions(self) -> tuple[dict[int, int], list[str]]:
        """Panel row -> component position of the dossier about to be saved (positions count
        the ticked components only, as the save does); names of unticked rows holding pages."""
        counts = [self.scans.batch.count(numbering.number(r)) for r in range(self.components.rowCount())]
        return numbering.scan_positions(self.components.ticked(), counts, self.components.names())

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
        exemption = self.exemption.data()
        if exemption is not None:
            data["exemption"] = exemption
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
        missing = intake.missing_required(self.procedure, req.components) if self.procedure else []
        if missing:
            reason = self._override_reason(missing)
            if reason is None:
                return
            data["override_missing_reason"] = reason
            req = intake.parse_request(data)
        loose = self.scans.batch.count(UNASSIGNED)
        if loose:
            choice = ask_unassigned_pages(self, loose)
            if choice == ASSIGN:
                self.scans.select_row(UNASSIGNED)
                self.scans.thumbs.setFocus()
                return
            if choice != DISCARD:
                return
            self.scans.clear_rows([UNASSIGNED])
        self.set_busy(True)
        # A day already closed (chốt số liệu) at this station: the clerk confirms before its
        # figures change. Asked of the core on the reader pool, never read here.
        today = timeutil.now().date()
        self.backend.read(dayclose.is_closed, today, on_error=self._save_failed,
                          on_done=lambda closed: self._day_checked(closed, today, req, positions))

    def _day_checked(self, closed: bool, today, req, positions: dict[int, int]) -> None:
        if closed and not ask_day_closed(self, timeutil.vn_date(today)):
            self._save_failed(None)  # back to the form, nothing saved
            return
        self._write(req, positions)

    def _write(self, req, positions: dict[int, int]) -> None:
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
        self._saved(saved, keep_scans=scan_error is not None)
        if scan_error is not None:
            # The dossier is saved; its pages stay in the panel ("Chưa xếp thành phần").
            self.banner.show_message(
                tr('Hồ sơ {0} đã được lưu nhưng chưa đính kèm được bản quét: {1} Các trang vẫn còn trong khung Bản quét (mục "Chưa xếp thành phần"); hãy mở hồ sơ ở Sổ theo dõi hồ sơ, thẻ Bản quét, để đính kèm lại.').format(saved.code, scan_error)
            )

    def set_busy(self, busy: bool) -> None:
        """A save (dossier or slip) runs off the GUI thread: no second one meanwhile."""
        for b in (self.save_button, self.guide_button, self.refuse_button, self.online_button):
            b.setEnabled(not busy)
        self.save_button.setText(tr('Đang lưu…') if busy else tr('Lưu hồ sơ (Ctrl+S)'))

    def _mark(self, errors: dict[str, str]) -> None:
        first = None
        for prefix, box in (("applicant.", self.applicant), ("owner.", self.owner)):
            for key, w in box.widgets.items():
                bad = prefix + key in errors
                mark_invalid(w, bad)
                if bad and first is None:
                    first = w
        first = first or self.exemption.mark(errors)
        if "procedure_code" in errors:
            mark_invalid(self.proc_search, True)
            first = first or self.proc_search
        else:
            mark_invalid(self.proc_search, False)
        if first is not None:
            first.setFocus()

    def _saved(self, saved, keep_scans: bool = False) -> None:
        self.set_busy(False)
        self.last_saved = saved
        self.reset(keep_result=True, keep_scans=keep_scans)
        self.result.show_message(
            tr('Đã tiếp nhận hồ sơ mã {0}. Hẹn trả kết quả: {1}.').format(saved.code, due_text(saved.due_at)),
            "ok",
        )
        self.saved.emit(saved.code)

    def _save_failed(self, exc: BaseException | None) -> None:
        """The save failed (None: the clerk went back; nothing was saved, the form is kept)."""
        self.set_busy(False)
        if exc is None:
            return
        if isinstance(exc, ValidationFailed):
            self._mark(exc.errors)
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        msg = exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)
        self.banner.show_message(msg)

    def _override_reason(self, missing: list[str]) -> str | None:
        """Missing required components: a clerk is told which; a supervisor may take the
        dossier in anyway with a reason (None: not saved)."""
        message = intake.missing_required_message(missing)
        if not accounts.is_supervisor(self.backend.actor):
            self.banner.show_message(tr('Chưa lưu được hồ sơ: {0} Hãy đánh dấu các thành phần có dấu * '
                                        '(hoặc nhờ lãnh đạo tiếp nhận).').format(message))
            self.components.setFocus()
            return None
        dialog = OverrideDialog(message, intake.OVERRIDE_REASON_MAX, self)
        if dialog.exec() != OverrideDialog.Accepted:
            self.banner.show_message(tr('Chưa lưu được hồ sơ: {0}').format(message))
            return None
        return dialog.text()

    def _field_edited(self, _key: str) -> None:
        self.result.clear_message()  # the next citizen: the last save's banner goes
        self._clear_banner_if_fixed()

    def _clear_banner_if_fixed(self) -> None:
        """The error banner goes once every field it marked red has been changed."""
        if self.banner.isVisible() and not (self.applicant.invalid_fields() or self.owner.invalid_fields()
                                            or self.proc_search.property("invalid")):
            self.banner.clear_message()

    def new_dossier(self) -> None:
        """Ctrl+N / "Hồ sơ mới": a fresh form and an empty scan panel; scanned pages are not
        dropped without asking."""
        n = len(self.scans.batch.all_pages())
        if n and QMessageBox.question(
            self, tr('Bỏ các trang đã quét?'),
            tr('Khung Bản quét còn {0} trang chưa lưu cùng hồ sơ nào. Bỏ các trang này để tiếp nhận hồ sơ mới?').format(n),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
        ) != QMessageBox.Yes:
            return
        self.reset()

    def reset(self, keep_result: bool = False, keep_scans: bool = False) -> None:
        self.procedure = None
        self.cccd_raw = None
        self.picker.clear()
        self.components.setRowCount(0)
        if keep_scans:
            self.scans.set_components([])  # pages not stored wait under "Chưa xếp thành phần"
        else:
            self.scans.clear_all()
        self.applicant.clear()
        self.owner.clear()
        self.owner_check.setChecked(False)
        self.note.clear()
        self.sets_count.setValue(1)
        self.channel.setCurrentIndex(0)
        self.return_method.setCurrentIndex(0)
        self.exemption.clear()
        self.banner.clear_message()
        self.cccd.clear()
        if not keep_result:
            self.result.clear_message()
        self._show_due_none()
        mark_invalid(self.proc_search, False)
        self.proc_search.setFocus()

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.proc_search, self.proc_list, self.qr_input]
        chain += self.applicant.tab_chain() + [self.owner_check] + self.owner.tab_chain()
        chain += self.components.tab_chain() + [self.add_component]
        chain += [self.channel, self.return_method, self.sets_count, self.note, *self.exemption.tab_chain(), self.save_button,
                  self.guide_button, self.refuse_button, self.online_button]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
