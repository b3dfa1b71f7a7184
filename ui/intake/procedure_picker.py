"""The procedure picker of the intake form: the active procedures, filtered as the clerk types
(accent-insensitive), picked with Enter or a click."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QLabel, QLineEdit, QListView, QVBoxLayout

from counter_app.catalogue import Procedure
from counter_app.duedate import time_limit_label
from counter_app.folding import fold

from ..i18n import tr

PROC_ROLE = Qt.UserRole + 1
FOLD_ROLE = Qt.UserRole + 2


class FoldedFilter(QSortFilterProxyModel):
    """Keeps rows whose folded text holds every folded word typed (accent-insensitive)."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._words = fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:  # noqa: N802 (Qt name)
        hay = self.sourceModel().index(row, 0, parent).data(FOLD_ROLE) or ""
        return all(w in hay for w in self._words)


class ProcedurePicker(QGroupBox):
    """Search field, filtered list and the picked procedure's summary."""

    picked = Signal(object)  # the Procedure the clerk chose
    loaded = Signal()  # the catalogue's procedures are in the list

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.proc_search = QLineEdit()
        self.proc_search.setPlaceholderText(tr('Gõ tên hoặc mã thủ tục (không cần dấu), ví dụ: khai sinh'))
        self.proc_model = QStandardItemModel(self)
        self.proc_filter = FoldedFilter()
        self.proc_filter.setSourceModel(self.proc_model)
        self.proc_list = QListView()
        self.proc_list.setModel(self.proc_filter)
        self.proc_list.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.proc_list.setMaximumHeight(130)
        self.proc_label = QLabel(tr('Chưa chọn thủ tục.'))
        self.proc_label.setWordWrap(True)
        self.proc_search.textChanged.connect(self._filter_procedures)
        self.proc_search.returnPressed.connect(self._pick_current_procedure)
        self.proc_list.activated.connect(self._pick_procedure)
        self.proc_list.clicked.connect(self._pick_procedure)
        pl = QVBoxLayout(self)
        pl.addWidget(self.proc_search)
        pl.addWidget(self.proc_list)
        pl.addWidget(self.proc_label)

    def set_procedures(self, items) -> None:
        self.proc_model.clear()
        for sp in items:
            p = sp.procedure
            it = QStandardItem(tr('{0} — {1}  ({2}; {3})').format(p.code, p.name, p.field, time_limit_label(p.time_value, p.time_unit)))
            it.setData(p, PROC_ROLE)
            it.setData(fold(f"{p.code} {p.name} {p.field}"), FOLD_ROLE)
            self.proc_model.appendRow(it)
        self.loaded.emit()

    def _filter_procedures(self, text: str) -> None:
        self.proc_filter.set_text(text)
        if self.proc_filter.rowCount():
            self.proc_list.setCurrentIndex(self.proc_filter.index(0, 0))

    def _pick_current_procedure(self) -> None:
        idx = self.proc_list.currentIndex()
        if not idx.isValid() and self.proc_filter.rowCount():
            idx = self.proc_filter.index(0, 0)
        if idx.isValid():
            self._pick_procedure(idx)

    def _pick_procedure(self, idx) -> None:
        p: Procedure = idx.data(PROC_ROLE)
        if p is None:
            return
        self.proc_label.setText(
            tr('<b>{0}</b><br>Mã: {1} · Lĩnh vực: {2} · Thời hạn: {3}').format(p.name, p.code, p.field, time_limit_label(p.time_value, p.time_unit))
        )
        self.picked.emit(p)

    def select(self, code: str) -> bool:
        for row in range(self.proc_model.rowCount()):
            idx = self.proc_model.index(row, 0)
            if idx.data(PROC_ROLE).code == code:
                self._pick_procedure(idx)
                return True
        return False

    def clear(self) -> None:
        self.proc_search.clear()
        self.proc_label.setText(tr('Chưa chọn thủ tục.'))
