"""Idle lock: after N minutes without keyboard or mouse input the windows are covered by a
lock dialog that asks for the signed-in user's password again (checked by the core)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from counter_app import accounts

from .i18n import tr
from .backend import Backend
from .widgets import Banner

INPUT_EVENTS = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel, QEvent.InputMethod}


class LockDialog(QDialog):
    unlocked = Signal()

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(tr('Đã khóa màn hình'))
        self.setModal(True)
        actor = backend.actor
        label = QLabel(tr('Màn hình đã khóa do không sử dụng. Nhập mật khẩu của <b>{0}</b> để tiếp tục.').format(actor.full_name if actor else ''))
        label.setWordWrap(True)
        self.banner = Banner()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        self.buttons.button(QDialogButtonBox.Ok).setText(tr('Mở khóa'))
        self.buttons.accepted.connect(self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.banner)
        lay.addWidget(self.password)
        lay.addWidget(self.buttons)

    def reject(self) -> None:  # Esc does not unlock
        pass

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self.backend.read(accounts.verify_password, self.backend.actor, self.password.text(), on_done=self._checked)

    def _checked(self, ok: bool) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        if ok:
            self.unlocked.emit()
            self.accept()
        else:
            self.banner.show_message(tr('Mật khẩu không đúng.'))


class IdleLock(QObject):
    locked = Signal(object)  # the LockDialog

    def __init__(self, backend: Backend, minutes: float, parent_window=None) -> None:
        super().__init__()
        self.backend = backend
        self.window = parent_window
        self.dialog: LockDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in INPUT_EVENTS and self.dialog is None:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.dialog is not None:
            return
        self.dialog = LockDialog(self.backend, self.window)
        self.dialog.unlocked.connect(self._unlocked)
        self.dialog.open()
        self.locked.emit(self.dialog)

    def _unlocked(self) -> None:
        self.dialog = None
        self.timer.start()
