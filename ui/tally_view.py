"""Tally screen (Thống kê, Biểu 06): period and filters, the table, and export buttons
(Excel, CSV, PDF). The table shows the very result object the export renders, so the screen and
the file carry the same numbers. Computing, rendering and writing run off the GUI thread."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from counter_app import statuses, timeutil
from counter_app.i18n import _ as tr_core
from counter_app.errors import UserError
from counter_app.reports import bieu06, config, periods, service, tally
from counter_app.reports.bieu06 import COLUMNS as B06_COLUMNS
from counter_app.reports.exports import FORMATS, MIME_SUFFIX
from counter_app.reports.tally import GROUPS, SCOPES, TallyFilter

from .i18n import tr
from .backend import Backend
from .charts import fmt
from .widgets import Banner

PRESETS = (tr('Tùy chọn'), tr('Hôm nay'), tr('Hôm qua'), tr('Tháng này'), tr('Tháng trước'), tr('Quý này'), tr('Năm nay'))
B06_HEADS = (tr('(3) Tổng số nhận'), tr('(4) Trực tuyến'), tr('(5) Trực tiếp, BCCI'), tr('(6) Từ kỳ trước'), tr('(7) Đã giải quyết'),
             tr('(8) Trước hạn'), tr('(9) Đúng hạn'), tr('(10) Quá hạn'), tr('(11) Đang giải quyết'), tr('(12) Trong hạn'), tr('(13) Quá hạn'))


def _options(db, actor) -> dict[str, Any]:
    """Filter values, period mode and report headings (reader thread)."""
    return {"dims": tally.dimension_values(db), "mode": config.get(db, "period_mode"),
            "meta": service.report_meta(db)}


def _load(db, actor, kind: str, f: TallyFilter):
    if kind == "bieu06":
        return bieu06.compute_bieu06(db, actor, f.date_from, f.date_to, scope=f.scope)
    return tally.compute_tally(db, actor, f)


def screen_label(group: str, key: Any, label: str) -> str:
    """A tally row's label in the screen's language: the core's label is also the exports'
    (Vietnamese in every language); names that are data (procedures, fields, clerks) stay."""
    if group == "station":
        return tr_core("Quầy {n}").format(n=key)
    if group == "status" and key in statuses.NAMES:
        return f"{key}. {tr_core(statuses.NAMES[key])}"
    if group in ("field", "clerk", "channel"):
        return tr_core(label)
    return label


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class TallyView(QWidget):
    loaded = Signal(object)  # TallyResult | Bieu06
    exported = Signal(str)  # path written

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.result: Any = None
        self.meta: dict[str, Any] = {}
        self.mode = "calendar"
        self.banner = Banner()
        self.kind = QComboBox()
        self.kind.addItem(tr('Thống kê'), "tally")
        self.kind.addItem(tr('Biểu 06/VPCP/KSTT (theo lĩnh vực)'), "bieu06")
        self.preset = QComboBox()
        self.preset.addItems(PRESETS)
        today = timeutil.now().date()
        self.date_from = QDateEdit(_qdate(today))
        self.date_to = QDateEdit(_qdate(today))
        for w in (self.date_from, self.date_to):
            w.setDisplayFormat("dd/MM/yyyy")
            w.setCalendarPopup(True)
        self.group = QComboBox()
        for key, label in GROUPS.items():
            self.group.addItem(tr_core(label), key)
        self.scope = QComboBox()
        for key, label in SCOPES.items():
            self.scope.addItem(tr_core(label), key)
        self.field = QComboBox()
        self.clerk = QComboBox()
        self.channel = QComboBox()
        for combo, label in ((self.field, tr('Tất cả lĩnh vực')), (self.clerk, tr('Tất cả người tiếp nhận')),
                             (self.channel, tr('Tất cả các kênh'))):
            combo.addItem(label, None)
        self.show_button = QPushButton(tr('Xem'))
        self.show_button.setDefault(True)
        self.export_buttons = {fmt_: QPushButton(tr('Xuất {0}').format(label)) for fmt_, label in
                               (("xlsx", "Excel"), ("csv", "CSV"), ("pdf", "PDF"))}
        for fmt_, b in self.export_buttons.items():
            b.setEnabled(False)
            b.clicked.connect(lambda _c=False, f=fmt_: self.ask_export(f))
        self.as_of = QLabel("")
        self.as_of.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)

        # Combos may shrink below their longest entry (the scope's is 50 letters): at 125 % on a
        # 1366×768 screen the bar fits, the full text is in the open list and the tooltip.
        for combo in (self.kind, self.preset, self.group, self.scope, self.field, self.clerk, self.channel):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.currentTextChanged.connect(combo.setToolTip)
        grid = QGridLayout()
        grid.addWidget(QLabel(tr('Báo cáo:')), 0, 0)
        grid.addWidget(self.kind, 0, 1)
        grid.addWidget(QLabel(tr('Kỳ:')), 0, 2)
        grid.addWidget(self.preset, 0, 3)
        grid.addWidget(QLabel(tr('Từ ngày:')), 0, 4)
        grid.addWidget(self.date_from, 0, 5)
        grid.addWidget(QLabel(tr('Đến ngày:')), 0, 6)
        grid.addWidget(self.date_to, 0, 7)
        grid.addWidget(QLabel(tr('Nhóm theo:')), 1, 0)
        grid.addWidget(self.group, 1, 1)
        grid.addWidget(QLabel(tr('Phạm vi:')), 1, 2)
        grid.addWidget(self.scope, 1, 3)
        grid.addWidget(self.field, 1, 4, 1, 2)
        grid.addWidget(self.clerk, 1, 6, 1, 2)
        grid.addWidget(self.channel, 1, 8)
        grid.addWidget(self.show_button, 0, 8)
        for col, stretch in ((1, 1), (3, 3), (5, 2), (7, 2), (8, 1)):  # the combos take the room, not the labels
            grid.setColumnStretch(col, stretch)
        buttons = QHBoxLayout()
        buttons.addWidget(self.as_of, 1)
        for b in self.export_buttons.values():
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(grid)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)

        self.show_button.clicked.connect(self.reload)
        # The exports are of the table shown: a changed choice disables them until "Xem".
        self._shown_choices: tuple | None = None
        for combo in (self.kind, self.group, self.scope, self.field, self.clerk, self.channel):
            combo.currentIndexChanged.connect(self._choices_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._choices_changed)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.backend.read(_options, self.backend.actor, on_done=self._set_options, on_error=self._failed)

    # -- options -------------------------------------------------------------------------------
    def _set_options(self, opts: dict[str, Any]) -> None:
        self.meta = opts["meta"]
        self.mode = opts["mode"]
        for combo, key in ((self.field, "field"), (self.clerk, "clerk")):
            while combo.count() > 1:
                combo.removeItem(1)
            for value, label in opts["dims"][key]:
                combo.addItem(screen_label(key, value, label), value)
        while self.channel.count() > 1:
            self.channel.removeItem(1)
        for value, label in opts["dims"]["channel"]:
            self.channel.addItem(tr_core(label), value)

    def _apply_preset(self, index: int) -> None:
        today = timeutil.now().date()
        name = PRESETS[index]
        span: tuple[date, date] | None = None
        if name == tr('Hôm nay'):
            span = (today, today)
        elif name == tr('Hôm qua'):
            span = (today - timedelta(days=1),) * 2
        elif name == tr('Tháng này'):
            span = periods.containing_month(today, self.mode)
        elif name == tr('Tháng trước'):
            span = periods.containing_month(periods.containing_month(today, self.mode)[0] - timedelta(days=1), self.mode)
        elif name == tr('Quý này'):
            q = (periods.containing_month(today, self.mode)[1].month - 1) // 3 + 1
            span = periods.quarter(periods.containing_month(today, self.mode)[1].year, q, self.mode)
        elif name == tr('Năm nay'):
            span = periods.year_period(today.year + (1 if self.mode == "cutoff-15" and today >= date(today.year, 12, 15) else 0),
                                       self.mode)
        if span:
            self.set_period(*span)

    def set_period(self, date_from: date, date_to: date) -> None:
        self.date_from.setDate(_qdate(date_from))
        self.date_to.setDate(_qdate(date_to))

    def _kind_changed(self) -> None:
        tally_kind = self.kind.currentData() == "tally"
        for w in (self.group, self.field, self.clerk, self.channel):
            w.setEnabled(tally_kind)

    def current_filter(self) -> TallyFilter:
        return TallyFilter(
            self.date_from.date().toPython(), self.date_to.date().toPython(),
            self.group.currentData(), scope=self.scope.currentData(), field=self.field.currentData(),
            clerk=self.clerk.currentData(), channel=self.channel.currentData(),
        )

    def current_choices(self) -> tuple:
        return (self.kind.currentData(), self.current_filter())

    def export_allowed(self) -> bool:
        return self.result is not None and self._shown_choices == self.current_choices()

    def _choices_changed(self, *_args) -> None:
        allowed = self.export_allowed()
        for b in self.export_buttons.values():
            b.setEnabled(allowed)
            b.setToolTip("" if allowed else tr('Nhấn "Xem" để lập bảng theo lựa chọn hiện tại trước khi xuất.'))

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._requested_choices = self.current_choices()
        self.banner.clear_message()
        self.show_button.setEnabled(False)
        for b in self.export_buttons.values():
            b.setEnabled(False)
        self.backend.read(_load, self.backend.actor, self.kind.currentData(), self.current_filter(),
                          on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.show_button.setEnabled(True)
        self._choices_changed()
        self.banner.show_message(exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc))

    def _show(self, result) -> None:
        self.show_button.setEnabled(True)
        self.result = result
        self._shown_choices = getattr(self, "_requested_choices", None)
        if isinstance(result, bieu06.Bieu06):
            self._fill_bieu06(result)
        else:
            self._fill_tally(result)
        self._choices_changed()
        self.loaded.emit(result)

    def _item(self, value, bold: bool = False, number: bool = True) -> QTableWidgetItem:
        item = QTableWidgetItem(fmt(value) if number and isinstance(value, int) else str(value))
        item.setData(Qt.UserRole, value)
        if number:
            item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        if bold:
            f = QFont(self.table.font())
            f.setBold(True)
            item.setFont(f)
            item.setBackground(QBrush(QColor("#eef2f6")))
        return item

    def _fill(self, heads: list[str], rows: list[list], total: list) -> None:
        self.table.clear()
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows) + 1)
        for r, values in enumerate([*rows, total]):
            for c, v in enumerate(values):
                item = self._item(v, bold=r == len(rows), number=c > 0)
                if c == 0:
                    item.setToolTip(str(v))
                self.table.setItem(r, c, item)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeToContents)
        h.setSectionResizeMode(0, QHeaderView.Interactive)
        self.table.setColumnWidth(0, 260)

    def _fill_tally(self, r: tally.TallyResult) -> None:
        heads = [tr_core(r.group_label)] + [tr_core(m.label).replace(" - ", "\n") for m in r.metrics]
        rows = [[screen_label(r.filter.group_by, row.key, row.label), *(row.values[m.key] for m in r.metrics)]
                for row in r.rows]
        self._fill(heads, rows, [tr('Tổng cộng'), *(r.totals[m.key] for m in r.metrics)])
        f = r.filter
        self.as_of.setText(tr('{0}, {1} – {2}. Hồ sơ đang giải quyết tính đến {3}.').format(tr_core(tally.GROUPS[f.group_by]), timeutil.vn_date(f.date_from), timeutil.vn_date(f.date_to), timeutil.vn_datetime(timeutil.parse_iso(r.as_of))))

    def _fill_bieu06(self, b: bieu06.Bieu06) -> None:
        heads = [tr('(2) Lĩnh vực')] + [h.replace(") ", ")\n", 1) for h in B06_HEADS]
        rows = [[row.label, *(row.values[n] for n, _hv, _l in B06_COLUMNS)] for row in b.rows]
        self._fill(heads, rows, [b.total.label, *(b.total.values[n] for n, _hv, _l in B06_COLUMNS)])
        check = tr('đạt') if not b.problems else tr('KHÔNG ĐẠT – ') + "; ".join(b.problems[:3])
        self.as_of.setText(tr('Biểu 06, {0} – {1}. Đang giải quyết tính đến {2}. Kiểm tra (3)=(4)+(5)+(6)=(7)+(11), (7)=(8)+(9)+(10), (11)=(12)+(13): {3}.').format(timeutil.vn_date(b.date_from), timeutil.vn_date(b.date_to), timeutil.vn_datetime(timeutil.parse_iso(b.as_of)), check))
        if b.problems:
            self.banner.show_message(tr("Biểu 06 không thỏa mãn các đẳng thức kiểm tra; không xuất được. Hãy báo quản trị viên chạy 'counter-app report check'."))

    def table_values(self) -> list[list]:
        """The raw values shown (tests compare them with the exported file)."""
        return [[self.table.item(r, c).data(Qt.UserRole) for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    # -- export --------------------------------------------------------------------------------
    def ask_export(self, fmt_: str) -> None:
        if not self.export_allowed():
            return
        name = self.suggested_name(fmt_)
        path, _f = QFileDialog.getSaveFileName(self, tr('Xuất {0}').format(FORMATS[fmt_]), name, f"{FORMATS[fmt_]} (*{MIME_SUFFIX[fmt_]})")
        if path:
            if not path.lower().endswith(MIME_SUFFIX[fmt_]):
                path += MIME_SUFFIX[fmt_]
            self.export_to(path, fmt_)

    def suggested_name(self, fmt_: str) -> str:
        r = self.result
        if isinstance(r, bieu06.Bieu06):
            return f"bieu-06_{r.date_from.isoformat()}_{r.date_to.isoformat()}{MIME_SUFFIX[fmt_]}"
        f = r.filter
        return f"thong-ke_{f.group_by}_{f.date_from.isoformat()}_{f.date_to.isoformat()}{MIME_SUFFIX[fmt_]}"

    def export_to(self, path: str, fmt_: str) -> None:
        """Render what is on screen off the GUI thread, then write and audit it on the writer."""
        r, meta = self.result, dict(self.meta)
        for b in self.export_buttons.values():
            b.setEnabled(False)
        if isinstance(r, bieu06.Bieu06):
            render, kind, details = service.render_bieu06, "bieu-06", service.bieu06_details(r, fmt_)
            args = (r, meta, fmt_)
        else:
            render, kind, details = service.render_tally, "tally", service.tally_details(r, fmt_)
            args = ([r], meta, fmt_)

        def rendered(data: bytes) -> None:
            self.backend.write(service.save_export, self.backend.actor, path, data, kind, details,
                               on_done=done, on_error=self._failed)

        def done(res: dict) -> None:
            self._choices_changed()
            self.banner.show_message(tr('Đã xuất {0}.').format(res['path']), "ok")
            self.exported.emit(res["path"])

        self.backend.run(render, *args, on_done=rendered, on_error=self._failed)
