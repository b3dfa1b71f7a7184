"""Lịch làm việc… (supervisor and administrator; issue 17 scope 3): a year's days off and make-up
working days, each with what it rests on (law, official notice, estimate, province, supervisor)
and its reference. Estimated days are marked; the banner is the yearly check. A supervisor sets a
day or confirms an estimate by naming its source (counter_app/calendar_store.save_day, audited).
Due dates already given keep their dates; a change applies to dossiers received from then on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from counter_app import calendar_facts, calendar_store, timeutil
from counter_app.accounts import is_supervisor
from counter_app.i18n import _ as tr_core

from .backend import Backend
from .i18n import tr
from .widgets import Banner, fit_to_screen

ESTIMATE_BG = QColor("#ffe8c2")
WEEKDAYS = (tr('Thứ Hai'), tr('Thứ Ba'), tr('Thứ Tư'), tr('Thứ Năm'), tr('Thứ Sáu'), tr('Thứ Bảy'), tr('Chủ nhật'))
KINDS = {"off": tr('Ngày nghỉ'), "work": tr('Ngày làm bù')}


def _load(db, year: int) -> list[calendar_store.CalendarDay]:
    return calendar_store.list_year(db, year)


class CalendarDialog(QDialog):
    saved = Signal(str)  # the day set (ISO)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        if not is_supervisor(backend.actor):  # the menu is not shown to a clerk either
            raise PermissionError("supervisor only")
        self.backend = backend
        self.days: list[calendar_store.CalendarDay] = []
        self.setWindowTitle(tr('Lịch làm việc: ngày nghỉ, ngày làm bù'))
        self.setMinimumSize(640, 420)
        self.banner = Banner()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(timeutil.now().year)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([tr('Ngày'), tr('Loại'), tr('Tên ngày'), tr('Căn cứ'), tr('Văn bản, nguồn')])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeToContents)
        hh.setSectionResizeMode(4, QHeaderView.Stretch)
        today = timeutil.now().date()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        self.kind = QComboBox()
        for key, label in (("off", KINDS["off"]), ("work", KINDS["work"]), (None, tr('Bỏ khỏi lịch'))):
            self.kind.addItem(label, key)
        self.name = QLineEdit()
        self.name.setMaxLength(calendar_store.NAME_MAX)
        self.reference = QLineEdit()
        self.reference.setMaxLength(calendar_store.REFERENCE_MAX)
        self.reference.setPlaceholderText(tr('Số, ngày của thông báo (ví dụ: Thông báo 123/TB-BNV ngày 01/08/2026)'))
        self.save_button = QPushButton(tr('&Lưu ngày này'))
        self.save_button.clicked.connect(self.submit)
        close = QPushButton(tr('Đóng'))
        close.clicked.connect(self.reject)

        top = QHBoxLayout()
        year_label = QLabel(tr('&Năm:'))
        year_label.setBuddy(self.year)
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        form = QFormLayout()
        form.addRow(tr('N&gày:'), self.day)
        form.addRow(tr('Loạ&i:'), self.kind)
        form.addRow(tr('&Tên ngày:'), self.name)
        form.addRow(tr('&Căn cứ:'), self.reference)
        note = QLabel(tr('Hạn trả của hồ sơ đã nhận giữ nguyên; thay đổi áp dụng cho hồ sơ nhận từ nay.'))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addLayout(form)
        lay.addLayout(buttons)
        self.setTabOrder(self.year, self.table)
        self.setTabOrder(self.table, self.day)
        self.setTabOrder(self.day, self.kind)
        self.setTabOrder(self.kind, self.name)
        self.setTabOrder(self.name, self.reference)
        self.setTabOrder(self.reference, self.save_button)

        fit_to_screen(self, 980, 640)
        self.year.valueChanged.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._pick)
        self.reference.returnPressed.connect(self.submit)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.backend.read(_load, self.year.value(), on_done=self._fill, on_error=self._failed, owner=self)

    def _fill(self, days: list[calendar_store.CalendarDay]) -> None:
        if days and days[0].day.year != self.year.value():
            return  # an answer for a year no longer shown
        self.days = days
        self.table.setRowCount(len(days))
        for r, d in enumerate(days):
            cells = (f"{WEEKDAYS[d.day.weekday()]}, {timeutil.vn_date(d.day)}", KINDS[d.kind], d.name,
                     tr_core(calendar_facts.PROVENANCES[d.provenance]), d.reference)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if d.estimated:
                    item.setBackground(QBrush(ESTIMATE_BG))
                self.table.setItem(r, c, item)
        estimated = [d for d in days if d.estimated]
        if estimated:
            self.banner.show_message(tr('Năm {0} có {1} ngày nghỉ chỉ là ước tính, chưa có thông báo chính thức (tô màu cam). '
                                        'Khi có thông báo, chọn ngày, ghi căn cứ rồi lưu.').format(self.year.value(), len(estimated)),
                                     "info")
        else:
            self.banner.show_message(tr('Năm {0}: mọi ngày nghỉ, ngày làm bù đều đã có căn cứ.').format(self.year.value()), "ok")

    def _pick(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        d = self.days[rows[0].row()]
        self.day.setDate(QDate(d.day.year, d.day.month, d.day.day))
        self.kind.setCurrentIndex(self.kind.findData(d.kind))
        self.name.setText(d.name)
        self.reference.setText("" if d.estimated else d.reference)

    # -- saving ----------------------------------------------------------------------------------
    def submit(self) -> None:
        day: date = self.day.date().toPython()
        kind = self.kind.currentData()
        self.save_button.setEnabled(False)
        self.backend.write(calendar_store.save_day, day, kind, self.name.text(), self.backend.actor,
                           self.reference.text(), on_done=lambda _r: self._saved(day), on_error=self._failed,
                           owner=self)

    def _saved(self, day: date) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(day.isoformat())
        if day.year != self.year.value():
            self.year.setValue(day.year)  # reloads
        else:
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.banner.show_message(getattr(exc, "message", None) or tr('Không lưu được: {0}').format(exc))
