"""Small shared widget helpers: error banners and field marking."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; padding: 6px; }"
INFO_STYLE = "QLabel { background: #e8f4fd; color: #0b4a75; border: 1px solid #b6dcf7; padding: 6px; }"
OK_STYLE = "QLabel { background: #e9f7ef; color: #155d2b; border: 1px solid #b7e1c6; padding: 6px; font-weight: 600; }"


class Banner(QLabel):
    """A message strip that is hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.setStyleSheet({"error": ERROR_STYLE, "info": INFO_STYLE, "ok": OK_STYLE}[kind])
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet("border: 2px solid #d93025;" if invalid else "")


def vn_today() -> QDate:
    """Today in Vietnam (times are stored in +07:00), not the machine's own time zone."""
    from counter_app import timeutil

    d = timeutil.now().date()
    return QDate(d.year, d.month, d.day)
