"""Small shared widget helpers: error banners, field marking, the OK/Cancel row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

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


def ok_cancel_buttons(dialog: QDialog, ok_text: str, cancel_text: str, on_ok: Callable[[], None] | None = None,
                      *, ok_button=QDialogButtonBox.Ok) -> QDialogButtonBox:
    """The dialogs' OK/Cancel row: Vietnamese labels, OK runs ``on_ok`` (default: accept),
    Cancel and Esc reject."""
    buttons = QDialogButtonBox(ok_button | QDialogButtonBox.Cancel)
    buttons.button(ok_button).setText(ok_text)
    buttons.button(QDialogButtonBox.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
