"""Dialogs for the counter's actions after intake (supplement, refusal, handover, result,
return, extension, stop, withdrawal, the financial obligation asked and paid, the resolving
body's "cannot resolve" return). Values are checked by the core (lifecycle.perform); the
matching official form opens in the print preview once the step is on disk."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QDialog, QFormLayout, QGridLayout, QHBoxLayout, QLineEdit,
    QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from counter_app import extension, lifecycle, timeutil
from counter_app.errors import UserError, ValidationFailed
from counter_app.scanning import results

from .i18n import tr
from .backend import Backend
from .help_view import install_help_key
from .widgets import Banner, ok_cancel_buttons

ACTION_LABELS = {a: label for a, (_t, label) in lifecycle.ACTIONS.items()}


class ActionDialog(QDialog):
    performed = Signal(str, str)  # code, action

    def __init__(self, backend: Backend, detail: dict, action: str, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.code = detail["code"]
        self.action = action
        self.setWindowTitle(tr('{0} — {1}').format(ACTION_LABELS[action], self.code))
        self.setMinimumWidth(560)
        self.banner = Banner()
        form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        if action in ("supplement", "refuse", "extend", "stop", "withdraw", "unresolvable"):
            form.addRow(tr('Lý do:'), self.reason)
        if action == "obligation":  # status 6: what the citizen must pay, and how much
            self.content = QLineEdit()
            self.content.setPlaceholderText(tr('Ví dụ: Lệ phí trước bạ'))
            self.amount = QLineEdit()
            self.amount.setPlaceholderText(tr('Số tiền (đồng), ví dụ 150000'))
            form.addRow(tr('Nội dung nghĩa vụ tài chính:'), self.content)
            form.addRow(tr('Số tiền (đồng):'), self.amount)
        if action == "obligation-paid":
            self.receipt_no = QLineEdit()
            self.receipt_date = QLineEdit()
            self.receipt_date.setPlaceholderText(tr('dd/MM/yyyy (không bắt buộc)'))
            form.addRow(tr('Số biên lai, chứng từ nộp tiền:'), self.receipt_no)
            form.addRow(tr('Ngày biên lai:'), self.receipt_date)
        if action == "supplement":
            self.items = QPlainTextEdit()
            self.items.setTabChangesFocus(True)
            self.items.setPlaceholderText(tr('Mỗi dòng một giấy tờ cần bổ sung'))
            self.items.setMaximumHeight(90)
            form.addRow(tr('Giấy tờ cần bổ sung:'), self.items)
            self.guide_phone = QLineEdit()
            form.addRow(tr('Số điện thoại hướng dẫn:'), self.guide_phone)
        if action in ("handover", "result-received", "unresolvable"):
            self.unit = QLineEdit(detail.get("resolving_unit") or "")
            form.addRow(tr('Cơ quan giải quyết:'), self.unit)
        if action == "handover" and detail.get("channel") == 3:
            self.post_tracking = QLineEdit()
            form.addRow(tr('Số hiệu bưu gửi:'), self.post_tracking)
        if action == "return":
            self.collector = QComboBox()
            self.collector.addItem(tr('Người nộp hồ sơ'), "applicant")
            self.collector.addItem(tr('Người được ủy quyền'), "authorised")
            self.collector_name = QLineEdit()
            self.collector_id = QLineEdit()
            self.method = QComboBox()
            self.method.addItem(tr('Tại quầy'), "counter")
            self.method.addItem(tr('Qua dịch vụ bưu chính công ích'), "post")
            if detail.get("return_method") == "post":
                self.method.setCurrentIndex(1)
            self.tracking = QLineEdit()
            form.addRow(tr('Người nhận kết quả:'), self.collector)
            form.addRow(tr('Họ và tên người được ủy quyền:'), self.collector_name)
            form.addRow(tr('Số định danh người được ủy quyền:'), self.collector_id)
            form.addRow(tr('Hình thức trả:'), self.method)
            form.addRow(tr('Số hiệu bưu gửi:'), self.tracking)
        if action == "extend":
            due = timeutil.parse_iso(detail["due_at"])
            self.new_due = QDateTimeEdit(QDateTime(due.year, due.month, due.day, due.hour, due.minute, 0).addDays(3))
            self.new_due.setDisplayFormat("HH:mm dd/MM/yyyy")
            self.new_due.setCalendarPopup(True)
            form.addRow(tr('Ngày hẹn trả mới:'), self.new_due)
        self.papers = None
        if action == "supplement-received":  # the papers brought become components (ui/supplement_papers.py)
            from .supplement_papers import SupplementPapers

            self.papers = SupplementPapers(detail)
            form.addRow(tr('Giấy tờ nhận bổ sung:'), self.papers)
        self.note = QLineEdit()
        if action in ("handover", "result-received", "return", "supplement-received"):
            form.addRow(tr('Ghi chú:'), self.note)
        self.buttons = ok_cancel_buttons(self, tr('Ghi nhận'), tr('Hủy'), self.submit)
        install_help_key(self, backend, "dossier")  # F1: the steps are described there
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(self.buttons)

    def data(self) -> dict:
        a = self.action
        data: dict = {}
        if a in ("supplement", "refuse", "extend", "stop", "withdraw", "unresolvable"):
            data["reason"] = self.reason.toPlainText()
        if a == "obligation":
            data.update(content=self.content.text(), amount=self.amount.text().strip())
        if a == "obligation-paid":
            data["receipt_no"] = self.receipt_no.text()
            data["receipt_date"] = _iso_day(self.receipt_date.text())
        if a == "supplement":
            data["missing_items"] = [{"name": line} for line in self.items.toPlainText().splitlines() if line.strip()]
            data["guide_phone"] = self.guide_phone.text()
        if a in ("handover", "result-received", "unresolvable"):
            data["unit"] = self.unit.text()
        if a == "handover" and hasattr(self, "post_tracking"):
            data["post_tracking"] = self.post_tracking.text()
        if a == "return":
            collector = {"kind": self.collector.currentData()}
            if collector["kind"] == "authorised":
                collector.update(full_name=self.collector_name.text(), id_number=self.collector_id.text().strip())
            data.update(collector=collector, method=self.method.currentData())
            if data["method"] == "post":
                data["tracking_number"] = self.tracking.text()
        if a == "extend":
            data["new_due_at"] = timeutil.iso(timeutil.to_vn(self.new_due.dateTime().toPython()))
        if self.papers is not None:
            data["components"] = self.papers.data()
        if a in ("handover", "result-received", "return", "supplement-received") and self.note.text().strip():
            data["note"] = self.note.text()
        return data

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self.backend.write(lifecycle.perform, self.code, self.action, self.backend.actor, self.data(),
                           on_done=self._done, on_error=self._failed)

    def _done(self, _hist_id) -> None:
        self.performed.emit(self.code, self.action)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_failure(self.banner, exc)


def show_failure(banner, exc: BaseException) -> None:
    """A step refused by the core, in a dialog's banner: each field's message, or the one message."""
    if isinstance(exc, ValidationFailed):
        banner.show_message("\n".join(tr('• {0}').format(m) for m in exc.errors.values()))
    else:
        banner.show_message(exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc))


def _iso_day(text: str) -> str:
    """dd/MM/yyyy as typed -> YYYY-MM-DD for the core (which refuses anything else in Vietnamese)."""
    text = text.strip()
    parts = text.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]:0>4}-{parts[1]:0>2}-{parts[0]:0>2}"
    return text


def action_bar(detail: dict, on_action) -> QWidget:
    """A row of buttons for the actions allowed in the dossier's current status."""
    bar = QWidget()
    lay = QGridLayout(bar)  # rows of ACTIONS_PER_ROW: the dialog fits a 1366×768 screen at 125 %
    lay.setContentsMargins(0, 0, 0, 0)
    for i, action in enumerate(lifecycle.available_actions(detail["status"])):
        b = QPushButton(ACTION_LABELS[action])
        b.setObjectName(f"action-{action}")
        b.clicked.connect(lambda _=False, a=action: on_action(a))
        lay.addWidget(b, i // ACTIONS_PER_ROW, i % ACTIONS_PER_ROW)
    if extension.offered(detail):  # certified copies &c.: the catalogue's extension rule allows it
        i = len(lifecycle.available_actions(detail["status"]))
        b = QPushButton(tr('Gia hạn theo quy định / thỏa thuận'))
        b.setObjectName(f"action-{extension.ACTION}")
        b.clicked.connect(lambda _=False: on_action(extension.ACTION))
        lay.addWidget(b, i // ACTIONS_PER_ROW, i % ACTIONS_PER_ROW)
    if detail["status"] in results.STATUSES:  # the result's scan (ui/result_scan_dialog.py), Ctrl+K
        i = lay.count()
        b = QPushButton(tr('Đính kèm bản quét kết quả (Ctrl+K)'))
        b.setObjectName("action-attach-result")
        b.clicked.connect(lambda _=False: on_action("attach-result"))
        lay.addWidget(b, i // ACTIONS_PER_ROW, i % ACTIONS_PER_ROW)
    lay.setColumnStretch(ACTIONS_PER_ROW, 1)
    return bar


ACTIONS_PER_ROW = 4
