"""Idle lock: after N minutes without keyboard or mouse input every window is covered by a
lock screen (an application-modal, frameless cover over the whole screen) that asks for the
signed-in user's password again (checked by the core). While locked the windows' contents are
also hidden, so no applicant's data can be read or grabbed behind the cover.

Another active user may unlock it with their own user name and password: that is a sign-in
(counted towards the lockout) and switches the session to them (``accounts.switch_user``
records it; the main window then shows and acts as the new user, see ui/session.py)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from counter_app import accounts

from .i18n import tr
from .backend import Backend
from .widgets import Banner

INPUT_EVENTS = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel, QEvent.InputMethod}
COVER_STYLE = "LockDialog { background: #1f2d3a; } QFrame#lock-panel { background: white; border-radius: 8px; }"


class LockDialog(QDialog):
    unlocked = Signal()
    switched = Signal(object)  # the Actor of another user who unlocked (before ``unlocked``)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent, Qt.Dialog | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
        self.backend = backend
        self.setWindowTitle(tr('Đã khóa màn hình'))
        self.setWindowModality(Qt.ApplicationModal)
        self.setObjectName("lock-cover")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setStyleSheet(COVER_STYLE)
        actor = backend.actor
        label = QLabel(tr('Màn hình đã khóa do không sử dụng. Nhập mật khẩu của <b>{0}</b> để tiếp tục, '
                          'hoặc người dùng khác nhập tên đăng nhập và mật khẩu của mình để đổi người dùng.')
                       .format(actor.full_name if actor else ''))
        label.setWordWrap(True)
        self.banner = Banner()
        self.username = QLineEdit(actor.username if actor else '')
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        form = QFormLayout()
        form.addRow(tr('Tên đăng nhập (&U):'), self.username)
        form.addRow(tr('Mật khẩu (&K):'), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        self.buttons.button(QDialogButtonBox.Ok).setText(tr('Mở khóa'))
        self.buttons.accepted.connect(self.submit)
        panel = QFrame()
        panel.setObjectName("lock-panel")
        panel.setFixedWidth(420)
        inner = QVBoxLayout(panel)
        inner.addWidget(label)
        inner.addWidget(self.banner)
        inner.addLayout(form)
        inner.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(panel, 0, Qt.AlignHCenter)
        lay.addStretch(1)

    def cover(self, windows: list[QWidget]) -> None:
        """Cover the screen and every one of ``windows``."""
        screen = (self.parentWidget() or self).screen() or QApplication.primaryScreen()
        area = QRect(screen.geometry()) if screen is not None else QRect(0, 0, 1366, 768)
        for w in windows:
            area = area.united(w.frameGeometry())
        self.setGeometry(area)

    def reject(self) -> None:  # Esc does not unlock
        pass

    def submit(self) -> None:
        current = self.backend.actor
        name = self.username.text().strip()
        self.buttons.setEnabled(False)
        if current is None or not name or name.lower() == current.username.lower():
            self.backend.read(accounts.verify_password, current, self.password.text(), on_done=self._checked)
        else:  # another user takes over: a real sign-in, and the switch in the audit trail
            self.backend.write(accounts.switch_user, current, name, self.password.text(),
                               on_done=self._switched, on_error=self._switch_failed)

    def _switched(self, actor) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.switched.emit(actor)
        self.unlocked.emit()
        self.accept()

    def _switch_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.banner.show_message(getattr(exc, "message", None) or tr('Không đăng nhập được: {0}').format(exc))

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
    user_switched = Signal(object)  # the Actor who unlocked with their own account

    def __init__(self, backend: Backend, minutes: float, parent_window=None) -> None:
        super().__init__()
        self.backend = backend
        self.window = parent_window
        self.dialog: LockDialog | None = None
        self._hidden: list[QWidget] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        self.last_input = time.monotonic()
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() in INPUT_EVENTS and self.dialog is None:
            self.timer.start()
            self.last_input = time.monotonic()
        return False

    def idle_seconds(self) -> float:
        """Seconds since the last key, click or mouse move; infinite while the screen is locked
        (nobody is working at it). The scheduled backup waits for a quiet moment with it."""
        return float("inf") if self.dialog is not None else time.monotonic() - self.last_input

    def lock(self) -> None:
        if self.dialog is not None or self.backend.actor is None:  # signed out: the login window shows
            return
        self.dialog = LockDialog(self.backend, self.window)
        self.dialog.switched.connect(self._switched)
        self.dialog.unlocked.connect(self._unlocked)
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self.dialog]
        self._hidden = [c for w in windows for c in w.findChildren(QWidget, options=Qt.FindDirectChildrenOnly)
                        if c.isVisible() and not c.isWindow()]
        for c in self._hidden:  # nothing readable (or grabbable) behind the cover
            c.hide()
        self.dialog.cover(windows)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.password.setFocus()
        self.locked.emit(self.dialog)

    def _switched(self, actor) -> None:
        apply = getattr(self.window, "apply_actor", None)  # MainWindow: role-dependent parts follow
        if apply is not None:
            apply(actor)
        else:
            self.backend.actor = actor
        self.user_switched.emit(actor)

    def _unlocked(self) -> None:
        for c in self._hidden:
            try:
                c.show()
            except RuntimeError:  # deleted while locked (a dialog closed by its own timer)
                pass
        self._hidden = []
        self.dialog = None
        self.timer.start()
