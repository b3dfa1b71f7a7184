"""The intake form's questions and its bounded note box.

- :func:`ask_unassigned_pages`: save with scanned pages not yet assigned to a component —
  assign them, discard them, or go back (nothing scanned is dropped without asking).
- :func:`ask_day_closed`: today is already closed (chốt số liệu) at this station — take the
  dossier in anyway or go back.
- :class:`OverrideDialog`: a supervisor takes a dossier in without some required components,
  with a reason (the core checks the role and audits the reason).
- :class:`LimitedTextEdit`: a plain text box that takes no more characters than the core accepts
  (a paste of megabytes is cut before it reaches the document).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget

from ..i18n import tr
from ..widgets import ok_cancel_buttons

ASSIGN, DISCARD, CANCEL = "assign", "discard", "cancel"


def ask_unassigned_pages(parent: QWidget, count: int) -> str:
    """ASSIGN (go and assign them), DISCARD (save without them) or CANCEL (back to the form)."""
    box = QMessageBox(QMessageBox.Warning, tr('Còn trang quét chưa xếp thành phần'),
                      tr('Còn {0} trang quét chưa được xếp vào thành phần hồ sơ nào. Các trang này sẽ không được '
                         'lưu cùng hồ sơ.').format(count), QMessageBox.NoButton, parent)
    box.setObjectName("unassigned_pages_question")
    assign = box.addButton(tr('Xếp thành phần'), QMessageBox.AcceptRole)
    discard = box.addButton(tr('Bỏ các trang này và lưu'), QMessageBox.DestructiveRole)
    cancel = box.addButton(tr('Quay lại'), QMessageBox.RejectRole)
    box.setDefaultButton(assign)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return ASSIGN if clicked is assign else DISCARD if clicked is discard else CANCEL


def ask_day_closed(parent: QWidget, day: str) -> bool:
    """Today is already closed (chốt số liệu) at this station: take the dossier in anyway (True)
    or go back (False, the default: Esc and Enter). ``day`` is dd/MM/yyyy."""
    box = QMessageBox(QMessageBox.Warning, tr('Ngày đã chốt số liệu'),
                      tr('Ngày {0} đã được chốt số liệu tại quầy này. Hồ sơ tiếp nhận bây giờ sẽ làm số liệu của '
                         'ngày khác với biên bản đã chốt (giám sát viên sẽ thấy chênh lệch khi đối chiếu).\n\n'
                         'Vẫn tiếp nhận?').format(day), QMessageBox.NoButton, parent)
    box.setObjectName("day_closed_question")
    go = box.addButton(tr('&Vẫn tiếp nhận'), QMessageBox.AcceptRole)
    back = box.addButton(tr('&Quay lại'), QMessageBox.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is go


class OverrideDialog(QDialog):
    """Missing required components: a supervisor may take the dossier in with a reason."""

    def __init__(self, message: str, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missing_required_override")
        self.setWindowTitle(tr('Thiếu thành phần hồ sơ bắt buộc'))
        text = QLabel(message + "\n\n" + tr('Lãnh đạo có thể vẫn tiếp nhận hồ sơ; lý do được ghi vào nhật ký.'))
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setMaxLength(max_length)
        self.reason.setPlaceholderText(tr('Lý do tiếp nhận khi thiếu thành phần bắt buộc'))
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(self.reason)
        self.buttons = ok_cancel_buttons(self, tr('Vẫn tiếp nhận'), tr('Quay lại'), self._ok)
        lay.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def _ok(self) -> None:
        if self.reason.text().strip():
            self.accept()
        else:
            self.reason.setFocus()

    def text(self) -> str:
        return self.reason.text().strip()


class LimitedTextEdit(QPlainTextEdit):
    """A QPlainTextEdit with a maximum length, like QLineEdit.setMaxLength."""

    def __init__(self, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_length = max_length
        self.textChanged.connect(self._trim)

    def insertFromMimeData(self, source) -> None:  # noqa: N802 - Qt override
        room = self.max_length - (len(self.toPlainText()) - len(self.textCursor().selectedText()))
        if source.hasText() and len(source.text()) > room:
            self.insertPlainText(source.text()[:max(0, room)])  # cut before it reaches the document
            return
        super().insertFromMimeData(source)

    def _trim(self) -> None:
        text = self.toPlainText()
        if len(text) > self.max_length:  # typed, or set from code
            self.blockSignals(True)
            self.setPlainText(text[:self.max_length])
            self.blockSignals(False)
            cursor = self.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.setTextCursor(cursor)
