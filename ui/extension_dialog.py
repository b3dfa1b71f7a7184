"""The lawful extension of a procedure's time limit (certified copies: up to 2 working days, or
to a date agreed in writing with the citizen; counter_app/extension.py). Offered in the dossier
detail only where the catalogue's rule allows it; the core checks every value again. Once on
disk, the written agreement (văn bản thỏa thuận) opens in the print preview."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDateTimeEdit, QDialog, QFormLayout, QLabel, QPlainTextEdit, QRadioButton,
    QSpinBox, QVBoxLayout, QWidget,
)

from counter_app import extension, timeutil

from .actions import show_failure
from .backend import Backend
from .help_view import install_help_key
from .i18n import tr
from .widgets import Banner, ok_cancel_buttons


class ExtensionDialog(QDialog):
    performed = Signal(str, str)  # code, action (as ui/actions.ActionDialog)

    def __init__(self, backend: Backend, detail: dict, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.code = detail["code"]
        rule = extension.rule_of(detail.get("procedure")) or {"max_working_days": 0, "by_agreement": False, "basis": ""}
        self.setWindowTitle(tr('Gia hạn theo quy định / thỏa thuận — {0}').format(self.code))
        self.setMinimumWidth(560)
        self.banner = Banner()
        due = timeutil.parse_iso(detail["due_at"])
        self.current = QLabel(timeutil.vn_datetime(due))
        self.basis = QLabel(rule["basis"])
        self.basis.setWordWrap(True)
        self.by_days = QRadioButton(tr('Thêm &số ngày làm việc:'))
        self.days = QSpinBox()
        self.days.setRange(1, max(rule["max_working_days"], 1))
        self.by_agreement = QRadioButton(tr('Theo &thỏa thuận bằng văn bản, hẹn trả:'))
        self.agreed = QDateTimeEdit(QDateTime(due.year, due.month, due.day, due.hour, due.minute, 0).addDays(7))
        self.agreed.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.agreed.setCalendarPopup(True)
        group = QButtonGroup(self)
        for b in (self.by_days, self.by_agreement):
            group.addButton(b)
        self.by_days.setEnabled(rule["max_working_days"] > 0)
        self.days.setEnabled(rule["max_working_days"] > 0)
        self.by_agreement.setEnabled(rule["by_agreement"])
        (self.by_days if rule["max_working_days"] > 0 else self.by_agreement).setChecked(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        self.reason.setPlaceholderText(tr('Ví dụ: bản chính nhiều trang, yêu cầu nhiều bản sao'))
        form = QFormLayout()
        form.addRow(tr('Hẹn trả hiện tại:'), self.current)
        form.addRow(tr('Căn cứ:'), self.basis)
        form.addRow(self.by_days, self.days)
        form.addRow(self.by_agreement, self.agreed)
        form.addRow(tr('&Lý do:'), self.reason)
        self.buttons = ok_cancel_buttons(self, tr('Ghi nhận và in văn bản thỏa thuận'), tr('Hủy'), self.submit)
        install_help_key(self, backend, "dossier")
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        QWidget.setTabOrder(self.by_days, self.days)
        QWidget.setTabOrder(self.days, self.by_agreement)
        QWidget.setTabOrder(self.by_agreement, self.agreed)
        QWidget.setTabOrder(self.agreed, self.reason)
        self.reason.setFocus()

    def data(self) -> dict:
        data: dict = {"reason": self.reason.toPlainText()}
        if self.by_days.isChecked():
            data.update(kind="days", days=self.days.value())
        else:
            data.update(kind="agreement",
                        agreed_due_at=timeutil.iso(timeutil.to_vn(self.agreed.dateTime().toPython())))
        return data

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self.backend.write(extension.perform, self.code, self.backend.actor, self.data(),
                           on_done=self._done, on_error=self._failed)

    def _done(self, _hist_id) -> None:
        self.performed.emit(self.code, extension.ACTION)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_failure(self.banner, exc)
