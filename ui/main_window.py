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
        self.setCentralWidget(self.tabs)
        self.intake.saved.connect(lambda _code: self.ledger.reload())
        self.intake.saved.connect(self.open_print_preview)  # Mẫu 01 right after the save
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.tabs.setCurrentIndex(0))
        QShortcut(QKeySequence("Ctrl+2"), self, lambda: (self.tabs.setCurrentIndex(1), self.ledger.search.setFocus()))
        actor = backend.actor
        who = f"{actor.full_name} ({ROLES.get(actor.role, actor.role)})" if actor else ""
        sb = self.statusBar()
        sb.addWidget(QLabel(f"Quầy {info.get('station', '')} · {info.get('agency_code', '')}"))
        sb.addWidget(QLabel(who))
        sb.addPermanentWidget(QLabel(f"Lược đồ dữ liệu v{info.get('schema_version', '?')}"))
        self.intake.load_procedures()
        self.ledger.reload()

    def open_print_preview(self, code: str, form_id: str = "mau-01") -> PrintPreview:
        dlg = PrintPreview(self.backend, code, form_id, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        self.preview = dlg
        dlg.open()
        return dlg
