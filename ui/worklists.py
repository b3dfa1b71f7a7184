"""Worklists (Việc cần làm): due today, overdue, awaiting supplement, results ready to return,
handed over and not back — with counts, each opening its dossiers."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QWidget

from counter_app import dossiers
from counter_app.dossiers import WORKLISTS, LedgerFilter

from .backend import Backend
from .ledger import LedgerView


class WorklistView(QWidget):
    counts_changed = Signal(dict)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.counts: dict[str, int] = {}
        self.lists = QListWidget()
        self.lists.setMaximumWidth(300)
        for key, label in WORKLISTS.items():
            item = QListWidgetItem(label)
            item.setData(256, key)
            self.lists.addItem(item)
        self.ledger = LedgerView(backend)
        for w in (self.ledger.use_dates, self.ledger.date_from, self.ledger.date_to, self.ledger.status):
            w.hide()
        self.lists.currentRowChanged.connect(lambda _r: self.ledger.reload())
        self.ledger.current_filter = self._filter  # the list picks the rows
        self.ledger.changed.connect(lambda _c: self.refresh())
        lay = QHBoxLayout(self)
        lay.addWidget(self.lists)
        lay.addWidget(self.ledger, 1)
        self._timer = QTimer(self)  # "due today" and "overdue" move with the clock
        self._timer.timeout.connect(self.refresh)
        self._timer.start(60_000)
        self.lists.setCurrentRow(0)

    def current_key(self) -> str:
        item = self.lists.currentItem()
        return item.data(256) if item else "due-today"

    def _filter(self) -> LedgerFilter:
        return LedgerFilter(text=self.ledger.search.text(), worklist=self.current_key())

    def refresh(self) -> None:
        self.backend.read(dossiers.worklist_counts, on_done=self._set_counts)
        self.ledger.reload()

    def _set_counts(self, counts: dict) -> None:
        self.counts = counts
        for i in range(self.lists.count()):
            item = self.lists.item(i)
            key = item.data(256)
            item.setText(f"{WORKLISTS[key]} ({counts.get(key, 0)})")
        self.counts_changed.emit(counts)
