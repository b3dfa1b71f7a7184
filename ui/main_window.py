"""Main window: intake and ledger tabs, status bar, keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from counter_app.accounts import ROLES

from .backend import Backend
from .intake_form import IntakeForm
from .ledger import LedgerView
from .print_preview import PrintPreview
from .worklists import WorklistView


class MainWindow(QMainWindow):
    def __init__(self, backend: Backend, info: dict) -> None:
        super().__init__()
        self.backend = backend
        self.setWindowTitle(f"Một cửa — {info.get('agency_name', '')}")
        self.resize(1280, 800)
        self.tabs = QTabWidget()
        self.intake = IntakeForm(backend)
        self.ledger = LedgerView(backend)
        self.tabs.addTab(self.intake, "Tiếp nhận hồ sơ (Ctrl+1)")
        self.tabs.addTab(self.ledger, "Sổ theo dõi hồ sơ (Ctrl+2)")
        self.worklists = WorklistView(backend)
        self.tabs.addTab(self.worklists, "Việc cần làm (Ctrl+3)")
        self.worklists.counts_changed.connect(self._show_counts)
        self.intake.saved.connect(lambda _code: self.worklists.refresh())
        self.ledger.changed.connect(lambda _code: self.worklists.refresh())
        self.worklists.ledger.changed.connect(lambda _code: self.ledger.reload())
        self.setCentralWidget(self.tabs)
        self.intake.saved.connect(lambda _code: self.ledger.reload())
        self.intake.saved.connect(self.open_print_preview)  # Mẫu 01 right after the save
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.tabs.setCurrentIndex(0))
        QShortcut(QKeySequence("Ctrl+2"), self, lambda: (self.tabs.setCurrentIndex(1), self.ledger.search.setFocus()))
        QShortcut(QKeySequence("Ctrl+3"), self, lambda: self.tabs.setCurrentIndex(2))
        actor = backend.actor
        who = f"{actor.full_name} ({ROLES.get(actor.role, actor.role)})" if actor else ""
        sb = self.statusBar()
        sb.addWidget(QLabel(f"Quầy {info.get('station', '')} · {info.get('agency_code', '')}"))
        sb.addWidget(QLabel(who))
        sb.addPermanentWidget(QLabel(f"Lược đồ dữ liệu v{info.get('schema_version', '?')}"))
        self.intake.load_procedures()
        self.ledger.reload()
        self.worklists.refresh()

    def _show_counts(self, counts: dict) -> None:
        urgent = counts.get("overdue", 0) + counts.get("due-today", 0) + counts.get("ready", 0)
        self.tabs.setTabText(2, f"Việc cần làm ({urgent}) (Ctrl+3)")

    def open_print_preview(self, code: str, form_id: str = "mau-01") -> PrintPreview:
        dlg = PrintPreview(self.backend, code, form_id, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        self.preview = dlg
        dlg.open()
        return dlg
