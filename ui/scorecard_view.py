"""The supervisor's "Chỉ số 766" tab (issue 20, scope 3): the national indicators the station's
data can compute (counter_app/reports/scorecard.py) for a month, a quarter, a year or chosen
dates; each with its formula (tooltip), numerator, denominator, value, the province's target and
the gap; the trend by month below; exported to XLSX and PDF for the commune's monthly report.

Everything is computed on the reader pool; exports are written on the writer (audited)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from counter_app import timeutil
from counter_app.errors import UserError
from counter_app.i18n import _ as tr_core
from counter_app.reports import scorecard, service

from .backend import Backend
from .i18n import tr
from .widgets import Banner

MODES = ("month", "quarter", "year", "custom")
GOOD, BAD = QColor("#1b7f3b"), QColor("#b3261e")


def period_of(mode: str, year: int, index: int, d0: date, d1: date) -> tuple[date, date]:
    """The dates of a month (index 1..12), a quarter (1..4), a year, or the chosen ones."""
    if mode == "month":
        nxt = date(year + 1, 1, 1) if index == 12 else date(year, index + 1, 1)
        return date(year, index, 1), date.fromordinal(nxt.toordinal() - 1)
    if mode == "quarter":
        first = date(year, 3 * index - 2, 1)
        nxt = date(year + 1, 1, 1) if index == 4 else date(year, 3 * index + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1)
    if mode == "year":
        return date(year, 1, 1), date(year, 12, 31)
    return d0, d1


def value_text(ind) -> str:
    if ind.value is None:
        return "—"
    text = f"{ind.value:.2f}".replace(".", ",")
    return text + (" %" if ind.unit == "%" else " " + tr('ngày'))


class ScorecardView(QWidget):
    shown = Signal(object)  # the Scorecard on screen
    exported = Signal(str)  # the file written
    # the dossiers behind an indicator: (id, "numerator" | "denominator", date_from, date_to);
    # the main window shows them in the ledger (ui/ledger.py show_indicator)
    dossiers_requested = Signal(str, str, object, object)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.card = None
        today = timeutil.now().date()
        self.banner = Banner()
        self.mode = QComboBox()
        for key, label in zip(MODES, (tr('Tháng'), tr('Quý'), tr('Năm'), tr('Từ ngày … đến ngày'))):
            self.mode.addItem(label, key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.index = QSpinBox()
        self.index.setRange(1, 12)
        self.index.setValue(today.month)
        self.date_from = QDateEdit(QDate(today.year, today.month, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for d in (self.date_from, self.date_to):
            d.setDisplayFormat("dd/MM/yyyy")
            d.setCalendarPopup(True)
        self.show_button = QPushButton(tr('&Xem'))
        self.xlsx_button = QPushButton(tr('Xuất XLSX'))
        self.pdf_button = QPushButton(tr('Xuất PDF'))
        bar = QHBoxLayout()
        for w in (QLabel(tr('Kỳ:')), self.mode, QLabel(tr('Năm:')), self.year, QLabel(tr('Số:')), self.index,
                  self.date_from, self.date_to, self.show_button, self.xlsx_button, self.pdf_button):
            bar.addWidget(w)
        bar.addStretch(1)

        self.table = QTableWidget(0, 7)
        self.table.setObjectName("scorecard-table")
        self.table.setHorizontalHeaderLabels([tr('Mã'), tr('Chỉ số'), tr('Tử số'), tr('Mẫu số'), tr('Giá trị'),
                                              tr('Chỉ tiêu'), tr('Chênh lệch')])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        # A click on a numerator or a denominator, or Enter / a double click on a row (its
        # numerator): the dossiers behind it in the ledger.
        self.table.cellClicked.connect(lambda r, c: self.open_dossiers(r, c) if c in (2, 3) else None)
        self.table.cellActivated.connect(self.open_dossiers)
        self.trend = QTableWidget(0, 1 + len(scorecard.IDS))
        self.trend.setObjectName("scorecard-trend")
        self.trend.setHorizontalHeaderLabels([tr('Tháng'), *scorecard.IDS])
        self.trend.verticalHeader().hide()
        self.trend.setEditTriggers(QTableWidget.NoEditTriggers)
        self.note = QLabel(tr('Tính theo công thức của bộ chỉ số Quyết định 766/QĐ-TTg từ dữ liệu của quầy này; '
                              'di chuột lên một chỉ số để xem công thức.'))
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(bar)
        lay.addWidget(self.table, 3)
        lay.addWidget(QLabel(tr('Xu hướng theo tháng')))
        lay.addWidget(self.trend, 2)
        lay.addWidget(self.note)

        for b in (self.xlsx_button, self.pdf_button):  # an export is of the card shown, nothing else
            b.setEnabled(False)
            b.setToolTip(tr('Bấm "Xem" trước: tệp xuất là bảng đang hiển thị.'))
        for sig in (self.mode.currentIndexChanged, self.year.valueChanged, self.index.valueChanged,
                    self.date_from.dateChanged, self.date_to.dateChanged):
            sig.connect(self._stale)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.show_button.clicked.connect(self.refresh)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self._mode_changed()

    # -- the period ------------------------------------------------------------------------
    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.index.setVisible(mode in ("month", "quarter"))
        self.index.setRange(1, 12 if mode == "month" else 4)
        self.year.setVisible(mode != "custom")
        for d in (self.date_from, self.date_to):
            d.setVisible(mode == "custom")

    def _stale(self, *_a) -> None:
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(False)

    def period(self) -> tuple[date, date]:
        return period_of(self.mode.currentData(), self.year.value(), self.index.value(),
                         self.date_from.date().toPython(), self.date_to.date().toPython())

    # -- compute and show ----------------------------------------------------------------------
    def refresh(self) -> None:
        d0, d1 = self.period()
        if d1 < d0:
            self.banner.show_message(tr('Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.'))
            return
        self.banner.clear_message()
        self.show_button.setEnabled(False)
        actor = self.backend.actor

        def both(db):
            return scorecard.compute(db, actor, d0, d1), scorecard.trend(db, actor, d0, d1)

        self.backend.read(both, on_done=self._show, on_error=self._failed, owner=self)

    def _show(self, result) -> None:
        card, monthly = result
        self.card = card
        self.show_button.setEnabled(True)
        self.table.setRowCount(len(scorecard.IDS))
        for r, i in enumerate(scorecard.IDS):
            ind = card.indicators[i]
            num = f"{ind.numerator:.2f}".replace(".", ",") if i == "2.2" else str(int(ind.numerator))
            cells = [i, tr_core(ind.name), num, str(int(ind.denominator)), value_text(ind),
                     "" if ind.target is None else f"{ind.target:g} %",
                     "" if ind.gap is None else f"{ind.gap:+.2f}".replace(".", ",")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                tip = tr_core(ind.formula)
                if c in (2, 3) and scorecard.selectable(i):
                    tip += "\n" + tr('Bấm để xem các hồ sơ trong Sổ theo dõi hồ sơ.')
                    font = item.font()
                    font.setUnderline(True)
                    item.setFont(font)
                item.setToolTip(tip)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if c == 6 and ind.gap is not None:
                    item.setForeground(QBrush(GOOD if ind.gap >= 0 else BAD))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.trend.setRowCount(len(monthly))
        for r, m in enumerate(monthly):
            self.trend.setItem(r, 0, QTableWidgetItem(f"{m.date_from:%m/%Y}"))
            for c, i in enumerate(scorecard.IDS, start=1):
                item = QTableWidgetItem(value_text(m.indicators[i]))
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.trend.setItem(r, c, item)
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(True)
        self.shown.emit(card)

    def open_dossiers(self, row: int, col: int = 2) -> None:
        """Ask for the dossiers behind the row's numerator (its denominator for column 3)."""
        if self.card is None or not 0 <= row < len(scorecard.IDS):
            return
        ind = scorecard.IDS[row]
        if not scorecard.selectable(ind):
            self.banner.show_message(tr('Chỉ số {0} được tính từ số liệu tổng hợp của Biểu 06; chưa liệt kê được '
                                        'từng hồ sơ.').format(ind), "info")
            return
        self.dossiers_requested.emit(ind, "denominator" if col == 3 else "numerator", self.card.date_from,
                                     self.card.date_to)

    def _failed(self, exc: BaseException) -> None:
        self.show_button.setEnabled(True)
        self.banner.show_message(exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc))

    # -- export --------------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        if self.card is None or not self.xlsx_button.isEnabled():
            return
        d0, d1 = self.card.date_from, self.card.date_to
        suggested = f"chi-so-766-{d0:%Y%m%d}-{d1:%Y%m%d}.{fmt}"
        path, _f = QFileDialog.getSaveFileName(self, tr('Lưu chỉ số 766'), suggested,
                                               "Excel (*.xlsx)" if fmt == "xlsx" else "PDF (*.pdf)")
        if not path:
            return
        from pathlib import Path

        self.backend.write(service.export_scorecard, self.backend.actor, d0, d1, fmt, Path(path),
                           on_done=lambda res: (self.banner.show_message(tr('Đã ghi {0}.').format(res["path"]), "ok"),
                                                self.exported.emit(res["path"])),
                           on_error=self._failed)
