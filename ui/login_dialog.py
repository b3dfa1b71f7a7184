"""Sign in with a local account."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from counter_app import accounts
from counter_app.audit import Actor

from .i18n import tr
from .backend import Backend
from .widgets import Banner, ok_cancel_buttons


class LoginDialog(QDialog):
    def __init__(self, backend: Backend, agency_name: str = "", hint: str = "", parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.actor: Actor | None = None
        self.setWindowTitle(tr('Đăng nhập'))
        self.setMinimumWidth(380)
        self.title = title = QLabel(f"<b>{agency_name}</b>" if agency_name else tr('<b>Ứng dụng một cửa</b>'))
        title.setWordWrap(True)
        self.banner = Banner()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        form = QFormLayout()
        form.addRow(tr('Tên đăng nhập (&U):'), self.username)
        form.addRow(tr('Mật khẩu (&K):'), self.password)
        self.buttons = ok_cancel_buttons(self, tr('Đăng nhập'), tr('Thoát'), self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        if hint:
            h = QLabel(hint)
            h.setWordWrap(True)
            lay.addWidget(h)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.username.setFocus()

    def set_waiting(self) -> None:
        """The database is still opening: typing is allowed, signing in waits."""
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        self.banner.show_message(tr('Đang mở dữ liệu…'), "info")

    def set_ready(self, agency_name: str) -> None:
        self.title.setText(f"<b>{agency_name}</b>")
        self.banner.clear_message()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(True)

    def submit(self) -> None:
        if not self.buttons.button(QDialogButtonBox.Ok).isEnabled():
            return
        if not self.username.text().strip():
            self.banner.show_message(tr('Hãy nhập tên đăng nhập.'))
            self.username.setFocus()
            return
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        self.backend.write(
            accounts.authenticate, self.username.text(), self.password.text(),
            on_done=self._ok, on_error=self._failed,
        )

    def _ok(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.banner.show_message(getattr(exc, "message", None) or tr('Không đăng nhập được: {0}').format(exc))
