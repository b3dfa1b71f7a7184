"""Closing the day (Chốt ngày) and the exchange of day files between the commune's counters
(Liên quầy). The figures and the close state come from counter_app.reports.dayclose; the
sign-off re-checks the supervisor's password on the writer thread."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListWidget, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from counter_app import timeutil
from counter_app.i18n import _ as tr_core
from counter_app.errors import UserError
from counter_app.reports import config, dayclose, station_exchange

from .i18n import tr
from .backend import Backend
from .charts import fmt
from .day_sheet import DaySheetButtons
from .widgets import Banner

SUMMARY = ("received", "resolved", "returned", "refused", "withdrawn", "supplements", "fee_cash", "fee_transfer",
           "fee_online", "fees")


def _error_text(exc: BaseException) -> str:
    return exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)


class CloseDayView(QWidget):
    loaded = Signal(dict)
    closed = Signal(dict)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.state: dict[str, Any] = {}
        self.banner = Banner()
        today = timeutil.now().date()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        self.show_button = QPushButton(tr('Xem'))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setPlaceholderText(tr('Nhập lại mật khẩu của bạn để ký xác nhận'))
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr('Ghi chú (không bắt buộc)'))
        self.close_button = QPushButton(tr('Chốt số liệu ngày'))
        self.close_button.setEnabled(False)
        # The sheet of the day shown (Biên bản chốt số liệu ngày): printed or saved once it is closed.
        self.sheet = DaySheetButtons(backend, self.banner, self)
        self.day.dateChanged.connect(lambda _d: self.sheet.show_day(None))

        top = QHBoxLayout()
        top.addWidget(QLabel(tr('Ngày:')))
        top.addWidget(self.day)
        top.addWidget(self.show_button)
        top.addStretch(1)
        sign = QGroupBox(tr('Ký xác nhận của giám sát viên'))
        form = QFormLayout(sign)
        form.addRow(tr('Mật khẩu:'), self.password)
        form.addRow(tr('Ghi chú:'), self.note)
        form.addRow("", self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(top)
        lay.addWidget(QLabel(tr('<b>Tổng hợp cuối ngày của từng người tiếp nhận</b> (số liệu của quầy này)')))
        lay.addWidget(self.table, 1)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.sheet.print_button)
        status_row.addWidget(self.sheet.save_button)
        lay.addLayout(status_row)
        lay.addWidget(sign)
        self.show_button.clicked.connect(self.reload)
        self.close_button.clicked.connect(self.sign)
        self.password.returnPressed.connect(self.sign)

    def current_day(self) -> date:
        return self.day.date().toPython()

    def reload(self) -> None:
        self.show_button.setEnabled(False)
        self.backend.read(dayclose.compare, self.backend.actor, self.current_day(), on_done=self._show,
                          on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.show_button.setEnabled(True)
        self.close_button.setEnabled(bool(self.state) and not self.state.get("closed"))
        self.banner.show_message(_error_text(exc))

    def _show(self, cmp: dict[str, Any]) -> None:
        self.show_button.setEnabled(True)
        self.state = cmp
        fig = cmp["current"]
        heads = [tr('Người tiếp nhận')] + [tr_core(dayclose.LABELS[m]) for m in SUMMARY]
        rows = [[c["clerk"] or tr('(không rõ)'), *(c[m] for m in SUMMARY)] for c in fig["clerks"]]
        rows.append([tr('Tổng cộng'), *(fig["totals"][m] for m in SUMMARY)])
        self.table.clear()
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                item = QTableWidgetItem(fmt(v) if c and isinstance(v, int) else str(v))
                item.setData(Qt.UserRole, v)
                if c:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if r == len(rows) - 1:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.status.setText(dayclose.describe(cmp, screen=True))
        is_closed = bool(cmp.get("closed"))
        self.close_button.setEnabled(not is_closed)
        self.password.setEnabled(not is_closed)
        self.sheet.show_day(date.fromisoformat(fig["day"]) if is_closed else None)
        self.loaded.emit(cmp)

    def sign(self) -> None:
        if not self.close_button.isEnabled():
            return
        if not self.password.text():
            self.banner.show_message(tr('Hãy nhập lại mật khẩu để ký xác nhận chốt ngày.'))
            return
        self.close_button.setEnabled(False)
        self.backend.write(dayclose.close_day, self.backend.actor, self.current_day(), self.password.text(),
                           note=self.note.text(), on_done=self._signed, on_error=self._failed)
        self.password.clear()

    def _signed(self, res: dict[str, Any]) -> None:
        self.banner.show_message(tr('Đã chốt số liệu ngày {0}; mã kiểm tra {1}.').format(timeutil.vn_date(self.current_day()), res['sha256'][:16]), "ok")
        self.closed.emit(res)
        self.reload()


class StationExchangeView(QWidget):
    """Commune key, export of this station's day file, import of other stations' files."""

    imported = Signal(dict)
    exported = Signal(dict)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.banner = Banner()
        self.key_id = QLabel("")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.Password)
        self.passphrase.setPlaceholderText(tr('Khóa chung của xã (giống nhau ở mọi quầy, ít nhất 12 ký tự)'))
        self.save_key = QPushButton(tr('Lưu khóa'))
        today = timeutil.now().date()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        self.export_button = QPushButton(tr('Xuất tệp dữ liệu ngày của quầy này…'))
        self.import_button = QPushButton(tr('Nhập tệp dữ liệu của quầy khác…'))
        self.history = QListWidget()
        key_box = QGroupBox(tr('Khóa chung của xã'))
        kf = QFormLayout(key_box)
        kf.addRow(tr('Mã khóa hiện tại:'), self.key_id)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.save_key)
        kf.addRow(tr('Khóa mới:'), row)
        ex = QGroupBox(tr('Trao đổi dữ liệu giữa các quầy'))
        ef = QHBoxLayout(ex)
        ef.addWidget(QLabel(tr('Ngày:')))
        ef.addWidget(self.day)
        ef.addWidget(self.export_button)
        ef.addStretch(1)
        ef.addWidget(self.import_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(key_box)
        lay.addWidget(ex)
        lay.addWidget(QLabel(tr('Các lần nhập gần đây:')))
        lay.addWidget(self.history, 1)
        self.save_key.clicked.connect(self.store_key)
        self.export_button.clicked.connect(self.ask_export)
        self.import_button.clicked.connect(self.ask_import)
        self.refresh()

    def refresh(self) -> None:
        self.backend.read(lambda db: (config.get(db, "station_key_id"), station_exchange.imports(db)),
                          on_done=self._show, on_error=lambda e: self.banner.show_message(_error_text(e)))

    def _show(self, state) -> None:
        key_id, items = state
        self.key_id.setText(key_id or tr('(chưa nhập)'))
        self.history.clear()
        for it in items:
            when = timeutil.vn_datetime(timeutil.parse_iso(it["imported_at"]))
            day = timeutil.vn_date(date.fromisoformat(it["day"])) if it["day"] else tr('toàn bộ')
            self.history.addItem(tr('{0}: quầy {1}, ngày {2}, {3} hồ sơ ({4} cập nhật, {5} bỏ qua)').format(when, it['station'], day, it['rows'], it['replaced'], it['skipped']))

    def store_key(self) -> None:
        text = self.passphrase.text()
        self.passphrase.clear()
        self.backend.write(station_exchange.set_commune_key, self.backend.actor, text,
                           on_done=lambda fp: (self.banner.show_message(tr('Đã lưu khóa; mã khóa {0}.').format(fp), "ok"),
                                               self.refresh()),
                           on_error=lambda e: self.banner.show_message(_error_text(e)))

    def ask_export(self) -> None:
        day = self.day.date().toPython()
        path, _f = QFileDialog.getSaveFileName(self, tr('Xuất tệp dữ liệu ngày'), f"quay-{day.isoformat()}.json",
                                               tr('Tệp dữ liệu quầy (*.json)'))
        if path:
            self.export_to(path, day)

    def export_to(self, path: str, day: date | None) -> None:
        from pathlib import Path

        self.backend.write(station_exchange.export_day, self.backend.actor, day, Path(path),
                           on_done=self._exported, on_error=lambda e: self.banner.show_message(_error_text(e)))

    def _exported(self, res: dict) -> None:
        self.banner.show_message(tr('Đã ghi {0}: {1} hồ sơ.').format(res['path'], res['count']), "ok")
        self.exported.emit(res)

    def ask_import(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(self, tr('Nhập tệp dữ liệu của quầy khác'), "", tr('Tệp dữ liệu quầy (*.json)'))
        for p in paths:
            self.import_from(p)

    def import_from(self, path: str) -> None:
        from pathlib import Path

        self.backend.write(station_exchange.import_file, self.backend.actor, Path(path),
                           on_done=self._imported, on_error=lambda e: self.banner.show_message(_error_text(e)))

    def _imported(self, res: dict) -> None:
        self.banner.show_message(
            tr('Đã nhập dữ liệu quầy {0}: {1} hồ sơ (thêm {2}, cập nhật {3}, bỏ qua {4}).').format(res['station'], res['rows'], res['added'], res['replaced'], res['unchanged_or_older'] + res['skipped_local']), "ok")
        self.imported.emit(res)
        self.refresh()
