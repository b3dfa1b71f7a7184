"""Worklists (Việc cần làm): due today, overdue, awaiting supplement, results ready to return,
handed over and not back — with counts, each opening its dossiers."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QWidget

from counter_app import changes, dossiers
from counter_app.changes import Change
from counter_app.dossiers import WORKLISTS, LedgerFilter
from counter_app.i18n import _ as tr_core

from .backend import Backend
from .ledger import LedgerView
from .tasks import show_error


class WorklistView(QWidget):
    counts_changed = Signal(dict)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.counts: dict[str, int] = {}
        self.lists = QListWidget()
        self.lists.setMaximumWidth(300)
        self.lists.setWordWrap(True)  # long list names wrap instead of widening the window
        for key, label in WORKLISTS.items():
            item = QListWidgetItem(tr_core(label))
            item.setData(256, key)
            self.lists.addItem(item)
        self.ledger = LedgerView(backend, extras=True)  # with days overdue and the phone
        for w in (self.ledger.use_dates, self.ledger.date_from, self.ledger.date_to_label, self.ledger.date_to,
                  self.ledger.status):
            w.hide()
        self.lists.currentRowChanged.connect(lambda _r: self.ledger.reload())
        self.ledger.current_filter = self._filter  # the list picks the rows
        self._counts_loading = False
        self._counts_again = False
        backend.changed.connect(self.on_change)  # the list's own ledger listens for itself
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
        self.refresh_counts()
        self.ledger.reload(keep=True)  # the clock moved: the same list, the rows loaded kept

    def on_change(self, change: Change) -> None:
        """The change hook: the counts are shown in the tab's title, so they follow every
        change of dossiers, shown or not (one count query at a time)."""
        if change.touches(changes.DOSSIER):
            self.refresh_counts()

    def refresh_counts(self) -> None:
        if self._counts_loading:
            self._counts_again = True
            return
        self._counts_loading = True
        self.backend.read(dossiers.worklist_counts, on_done=self._set_counts, on_error=self._counts_failed)

    def _counts_done(self) -> None:
        self._counts_loading = False
        if self._counts_again:
            self._counts_again = False
            self.refresh_counts()

    def _counts_failed(self, exc: BaseException) -> None:
        self._counts_done()
        show_error(exc, "worklists")

    def _set_counts(self, counts: dict) -> None:
        self._counts_done()
        self.counts = counts
        for i in range(self.lists.count()):
            item = self.lists.item(i)
            key = item.data(256)
            item.setText(f"{tr_core(WORKLISTS[key])} ({counts.get(key, 0)})")
        self.counts_changed.emit(counts)
