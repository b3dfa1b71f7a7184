"""The supervisor's "Báo cáo" tab: dashboard, tallies and Biểu 06 with exports, closing the day,
the exchange of day files between counters and the report settings."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget

from counter_app.i18n import _ as tr_core
from counter_app.errors import UserError
from counter_app.reports import config

from .i18n import tr
from .backend import Backend
from .close_day import CloseDayView, StationExchangeView
from .dashboard import DashboardView
from .scorecard_view import ScorecardView
from .tally_view import TallyView
from .widgets import Banner, scrollable


class ReportSettingsBox(QGroupBox):
    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(tr('Cài đặt báo cáo'), parent)
        self.backend = backend
        self.banner = Banner()
        self.mode = QComboBox()
        for key, label in config.PERIOD_MODES.items():
            self.mode.addItem(tr_core(label), key)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(tr('ví dụ: Văn phòng UBND tỉnh'))
        self.preparer = QLineEdit()
        self.save = QPushButton(tr('Lưu cài đặt'))
        form = QFormLayout(self)
        form.addRow(self.banner)
        form.addRow(tr('Cách tính kỳ báo cáo:'), self.mode)
        form.addRow(tr('Đơn vị nhận báo cáo:'), self.recipient)
        form.addRow(tr('Người lập biểu:'), self.preparer)
        form.addRow("", self.save)
        self.save.clicked.connect(self.store)
        backend.read(config.get_all, on_done=self._show)

    def _show(self, values: dict) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(values["period_mode"])))
        self.recipient.setText(values["recipient"])
        self.preparer.setText(values["preparer"])

    def store(self) -> None:
        values = {"period_mode": self.mode.currentData(), "recipient": self.recipient.text().strip(),
                  "preparer": self.preparer.text().strip()}
        self.backend.write(config.save_settings, self.backend.actor, values,
                           on_done=lambda _r: self.banner.show_message(tr('Đã lưu cài đặt báo cáo.'), "ok"),
                           on_error=lambda e: self.banner.show_message(
                               e.message if isinstance(e, UserError) else tr('Lỗi không mong đợi: {0}').format(e)))


class ReportsTab(QTabWidget):
    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.dashboard = DashboardView(backend)
        self.tally = TallyView(backend)
        self.close_day = CloseDayView(backend)
        self.exchange = StationExchangeView(backend)
        other = QWidget()
        lay = QVBoxLayout(other)
        lay.addWidget(self.exchange, 1)
        self.settings = ReportSettingsBox(backend)
        lay.addWidget(self.settings)
        self.addTab(scrollable(self.dashboard), tr('Tổng quan'))
        self.addTab(scrollable(self.tally), tr('Thống kê và Biểu 06'))
        self.scorecard = ScorecardView(backend)
        self.addTab(self.scorecard, tr('Chỉ số 766'))
        self.addTab(scrollable(self.close_day), tr('Chốt ngày'))
        self.addTab(scrollable(other), tr('Liên quầy và cài đặt'))
        # A day closed or a day file imported reaches the dashboard through the backend's change
        # hook (Backend.changed), like every other write.
