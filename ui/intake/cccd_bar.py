"""The CCCD QR bar of the intake form: a keyboard-wedge QR scan (or a QR found on a scanned
page) is parsed and shown for confirmation, never applied silently."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from counter_app.cccd import CccdResult, parse_cccd
from counter_app.errors import UserError

from ..i18n import tr
from ..widgets import Banner


class CccdBar(QGroupBox):
    """QR input, what was read, and "Điền vào biểu mẫu" / "Bỏ qua"."""

    accepted = Signal(object)  # the CccdResult the clerk confirmed

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.pending: CccdResult | None = None
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
        ql = QVBoxLayout(self)
        ql.addWidget(self.qr_input)
        ql.addWidget(self.qr_banner)
        qb = QHBoxLayout()
        qb.addWidget(self.qr_accept)
        qb.addWidget(self.qr_reject)
        qb.addStretch()
        ql.addLayout(qb)

    def _qr_scanned(self) -> None:
        payload = self.qr_input.text()
        self.qr_input.clear()
        self.offer(payload)

    def offer(self, payload: str) -> None:
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
        self.pending = r
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
        """Confirmed: the form fills the applicant from ``accepted`` (and moves the focus on)."""
        if self.pending is None:
            return
        r, self.pending = self.pending, None
        self.qr_banner.show_message(tr('Đã điền thông tin người nộp từ CCCD. Hãy bổ sung số điện thoại nếu có.'), "ok")
        self.qr_accept.hide()
        self.qr_reject.hide()
        self.accepted.emit(r)

    def _qr_dismiss(self) -> None:
        self.pending = None
        self.qr_banner.clear_message()
        self.qr_accept.hide()
        self.qr_reject.hide()
        self.qr_input.setFocus()

    def clear(self) -> None:
        self.pending = None
        self.qr_banner.clear_message()
        self.qr_accept.hide()
        self.qr_reject.hide()
