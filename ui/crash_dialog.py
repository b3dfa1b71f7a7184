"""An unexpected exception: logged (through the redacting log filter) and shown in a bounded,
scrollable dialog with a copy button. The app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback

from ui.i18n import tr
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from counter_app.logs import redact

log = logging.getLogger("counter_app.crash")
_open: list[QDialog] = []  # keep a reference: a non-modal box must not be garbage-collected


class CrashDialog(QDialog):
    def __init__(self, details: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr('Lỗi không mong đợi'))
        self.resize(640, 360)
        self.setMaximumSize(900, 600)
        msg = QLabel(tr('Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu không bị ảnh hưởng. Hãy sao chép chi tiết dưới đây gửi cho bộ phận hỗ trợ.'))
        msg.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(tr('Đóng'))
        self.copy = buttons.addButton(tr('Sao chép chi tiết'), QDialogButtonBox.ActionRole)
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(msg)
        lay.addWidget(self.details, 1)
        lay.addWidget(buttons)


def show_exception(exc_type, exc, tb) -> CrashDialog:
    text = redact("".join(traceback.format_exception(exc_type, exc, tb)))
    log.error("unexpected exception:\n%s", text)
    dlg = CrashDialog(text)
    _open.append(dlg)
    dlg.finished.connect(lambda _r: _open.remove(dlg) if dlg in _open else None)
    dlg.show()
    return dlg


def install() -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        show_exception(exc_type, exc, tb)

    sys.excepthook = hook
