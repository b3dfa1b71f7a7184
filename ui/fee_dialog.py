"""Record how a fee item was paid and the e-receipt number/date issued by the province's
e-receipt service (the app records fees; it does not issue legal receipts)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QFormLayout, QLineEdit, QVBoxLayout

from counter_app import lifecycle
from counter_app.errors import UserError
from counter_app.i18n import money

from .i18n import tr
from .backend import Backend
from .widgets import Banner, ok_cancel_buttons, vn_today

METHODS = [("cash", tr('Tiền mặt')), ("transfer", tr('Chuyển khoản')), ("online-dvcqg", tr('Trực tuyến (Cổng DVCQG)')),
           ("online-province", tr('Trực tuyến (cổng thanh toán của tỉnh)')), ("free", tr('Miễn'))]


class FeeDialog(QDialog):
    recorded = Signal(str)

    def __init__(self, backend: Backend, detail: dict, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.code = detail["code"]
        self.setWindowTitle(tr('Ghi nhận thu phí, lệ phí — {0}').format(self.code))
        self.banner = Banner()
        self.item = QComboBox()
        for pos, fee in enumerate(detail["fees"], start=1):
            paid = tr(' (đã thu)') if fee.get("paid_method") else ""
            self.item.addItem(f"{fee['name']}: {money(fee['amount'])}{paid}", pos)
        self.method = QComboBox()
        for key, label in METHODS:
            self.method.addItem(label, key)
        self.receipt_no = QLineEdit()
        self.receipt_date = QDateEdit(vn_today())
        self.receipt_date.setDisplayFormat("dd/MM/yyyy")
        form = QFormLayout()
        form.addRow(tr('Khoản thu:'), self.item)
        form.addRow(tr('Hình thức:'), self.method)
        form.addRow(tr('Số biên lai điện tử:'), self.receipt_no)
        form.addRow(tr('Ngày biên lai:'), self.receipt_date)
        self.buttons = ok_cancel_buttons(self, tr('Ghi nhận'), tr('Hủy'), self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(self.buttons)

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self.backend.write(
            lifecycle.record_payment, self.code, self.item.currentData(), self.backend.actor,
            method=self.method.currentData(), receipt_no=self.receipt_no.text(),
            receipt_date=self.receipt_date.date().toPython().isoformat(),
            on_done=lambda _r: (self.recorded.emit(self.code), self.accept()), on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message(exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc))
