"""The papers a citizen brings back after a request to complete the dossier ("Nhận hồ sơ bổ
sung"): the intake's components table, prefilled with the papers the request listed (ticked,
with the counts asked for), and a box to add any other paper by typing its name. What is ticked
is added to the dossier's components by the core (lifecycle.perform, supplement-received)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter_app.intake import COMPONENT_NAME_MAX

from .i18n import tr
from .intake.components_table import ComponentsTable


def requested_papers(detail: dict) -> list[dict]:
    """The papers listed by the dossier's latest request to complete it (its history step)."""
    for entry in reversed(detail.get("history") or []):
        if entry.get("action") == "supplement":
            return [i for i in (entry.get("data") or {}).get("missing_items") or [] if isinstance(i, dict)]
    return []


class NameBox(QLineEdit):
    """Enter adds the typed paper; it does not also press the dialog's default button."""

    entered = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            event.accept()
            self.entered.emit()
            return
        super().keyPressEvent(event)


class SupplementPapers(QWidget):
    def __init__(self, detail: dict, parent=None) -> None:
        super().__init__(parent)
        self.table = ComponentsTable()
        self.table.setMinimumHeight(120)
        self.name = NameBox()
        self.name.setMaxLength(COMPONENT_NAME_MAX)
        self.name.setPlaceholderText(tr('Tên giấy tờ nhận thêm, nhấn Enter để thêm vào bảng'))
        self.add_button = QPushButton(tr('Thê&m giấy tờ'))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        self.name.entered.connect(self.add_typed)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.table)
        for item in requested_papers(detail):
            r = self.table.add_row(str(item.get("name") or ""), checked=True)
            counts = [item.get(k, 0) for k in ("originals", "copies", "certified_copies")]
            if any(isinstance(c, int) and c > 0 for c in counts):  # the counts asked for; else 1 original
                for col, value in zip((2, 3, 4), counts):
                    self.table.spin(r, col).setValue(value if isinstance(value, int) else 0)

    def add_typed(self) -> None:
        """The typed name becomes a ticked row (1 original, 1 page) and the focus goes to its
        counts; an empty box adds nothing."""
        name = " ".join(self.name.text().split())
        if not name:
            return
        r = self.table.add_row(name, checked=True)
        self.name.clear()
        self.table.scrollToBottom()
        self.table.spin(r, 2).setFocus()
        self.table.spin(r, 2).selectAll()

    def data(self) -> list[dict]:
        return self.table.data()
