"""Accounts: the administrator's list of accounts (add, disable or re-enable, reset a password)
and every user's own password change. The rules (who may, the password policy, not disabling
oneself or the last active administrator) are the core's (counter_app/accounts.py); these
dialogs show its Vietnamese messages and keep what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLineEdit, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from counter_app import accounts, timeutil

from .backend import Backend
from .i18n import tr
from .widgets import Banner, ok_cancel_buttons

ROLE_NAMES = {"clerk": tr('Cán bộ tiếp nhận'), "supervisor": tr('Giám sát viên'), "admin": tr('Quản trị')}
COLUMNS = (tr('Tên đăng nhập'), tr('Họ và tên'), tr('Vai trò'), tr('Trạng thái'), tr('Đăng nhập gần nhất'))


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def _password_field() -> QLineEdit:
    w = QLineEdit()
    w.setEchoMode(QLineEdit.Password)
    return w


class _FormDialog(QDialog):
    """A small form whose OK runs one core write in the background; its error shows in the
    banner and every field keeps its text."""

    def __init__(self, backend: Backend, title: str, ok_text: str, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.banner = Banner()
        self.form = QFormLayout()
        self.buttons = ok_cancel_buttons(self, ok_text, tr('Hủy'), self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)

    def check(self) -> str | None:
        """A problem found before asking the core (Vietnamese), or None."""
        return None

    def write(self) -> None:
        raise NotImplementedError

    def submit(self) -> None:
        problem = self.check()
        if problem:
            self.banner.show_message(problem)
            return
        self.buttons.setEnabled(False)
        self.write()

    def _done(self, _result=None) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message(getattr(exc, "message", None) or tr('Không lưu được: {0}').format(exc))


class _NewPasswordMixin:
    def add_new_password_rows(self) -> None:
        self.new_password = _password_field()
        self.confirm = _password_field()
        self.form.addRow(tr('Mật khẩu mới (&M):'), self.new_password)
        self.form.addRow(tr('Nhập lại mật khẩu mới (&N):'), self.confirm)

    def check_new_password(self) -> str | None:
        msg = accounts.validate_password(self.new_password.text())
        if msg:
            self.new_password.setFocus()
            return msg
        if self.new_password.text() != self.confirm.text():
            self.confirm.setFocus()
            return tr('Hai lần nhập mật khẩu mới không khớp nhau.')
        return None


class ChangePasswordDialog(_NewPasswordMixin, _FormDialog):
    """Any signed-in user changes their own password (the current one is asked)."""

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(backend, tr('Đổi mật khẩu'), tr('Đổi mật khẩu'), parent)
        self.old_password = _password_field()
        self.form.addRow(tr('Mật khẩu hiện tại (&H):'), self.old_password)
        self.add_new_password_rows()
        self.old_password.setFocus()

    def check(self) -> str | None:
        if not self.old_password.text():
            self.old_password.setFocus()
            return tr('Hãy nhập mật khẩu hiện tại.')
        return self.check_new_password()

    def write(self) -> None:
        self.backend.write(accounts.change_password, self.backend.actor, self.old_password.text(),
                           self.new_password.text(), on_done=self._done, on_error=self._failed)


class AddAccountDialog(_NewPasswordMixin, _FormDialog):
    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(backend, tr('Thêm tài khoản'), tr('Thêm'), parent)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in ("clerk", "supervisor", "admin"):
            self.role.addItem(role_name(role), role)
        self.form.addRow(tr('Tên đăng nhập (&T):'), self.username)
        self.form.addRow(tr('Họ và tên (&O):'), self.full_name)
        self.form.addRow(tr('Vai trò (&V):'), self.role)
        self.add_new_password_rows()
        self.username.setFocus()

    def check(self) -> str | None:
        msg = accounts.validate_username(self.username.text())
        if msg:
            self.username.setFocus()
            return msg
        if not self.full_name.text().strip():
            self.full_name.setFocus()
            return tr('Hãy nhập họ và tên.')
        return self.check_new_password()

    def write(self) -> None:
        self.backend.write(accounts.add_account, self.backend.actor, self.username.text(), self.full_name.text(),
                           self.role.currentData(), self.new_password.text(), on_done=self._done,
                           on_error=self._failed)


class ResetPasswordDialog(_NewPasswordMixin, _FormDialog):
    def __init__(self, backend: Backend, username: str, full_name: str, parent=None) -> None:
        super().__init__(backend, tr('Đặt lại mật khẩu cho {0}').format(full_name), tr('Đặt lại'), parent)
        self.target = username
        self.add_new_password_rows()
        self.new_password.setFocus()

    def check(self) -> str | None:
        return self.check_new_password()

    def write(self) -> None:
        self.backend.write(accounts.reset_password, self.backend.actor, self.target, self.new_password.text(),
                           on_done=self._done, on_error=self._failed)


class AccountsDialog(QDialog):
    """The administrator's accounts list."""

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.rows: list[dict] = []
        self.setWindowTitle(tr('Quản lý tài khoản'))
        self.resize(820, 440)
        self.banner = Banner()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        self.add_button = QPushButton(tr('&Thêm…'))
        self.toggle_button = QPushButton(tr('&Vô hiệu hóa'))
        self.reset_button = QPushButton(tr('Đặt &lại mật khẩu…'))
        self.close_button = QPushButton(tr('Đó&ng'))
        bar = QHBoxLayout()
        for b in (self.add_button, self.toggle_button, self.reset_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.table, 1)
        lay.addLayout(bar)
        self.add_button.clicked.connect(self.add_account)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.close_button.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.setFocus()
        self.reload()

    # -- the list ---------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        current = select or (self.selected() or {}).get("username")
        self.backend.read(accounts.list_users, self.backend.actor, on_done=lambda rows: self._show(rows, current),
                          on_error=self._failed, owner=self)

    def _show(self, rows: list[dict], select: str | None) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            last = timeutil.vn_datetime(timeutil.parse_iso(r["last_login"])) if r["last_login"] else "—"
            state = tr('Đang hoạt động') if r["active"] else tr('Đã vô hiệu hóa')
            for col, text in enumerate((r["username"], r["full_name"], role_name(r["role"]), state, last)):
                item = QTableWidgetItem(text)
                if not r["active"]:
                    item.setForeground(Qt.gray)
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        names = [r["username"].lower() for r in rows]
        row = names.index(select.lower()) if select and select.lower() in names else (0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> dict | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selection_changed(self) -> None:
        r = self.selected()
        self.toggle_button.setEnabled(r is not None)
        self.reset_button.setEnabled(r is not None)
        self.toggle_button.setText(tr('&Kích hoạt') if r is not None and not r["active"] else tr('&Vô hiệu hóa'))

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message(getattr(exc, "message", None) or tr('Lỗi: {0}').format(exc))

    # -- actions ----------------------------------------------------------------------------
    def add_account(self) -> AddAccountDialog:
        dlg = AddAccountDialog(self.backend, self)
        self.form_dialog = dlg
        dlg.accepted.connect(lambda: (self.banner.show_message(
            tr('Đã thêm tài khoản {0}.').format(dlg.username.text().strip()), "ok"), self.reload(dlg.username.text().strip())))
        dlg.open()
        return dlg

    def reset_password(self) -> ResetPasswordDialog | None:
        r = self.selected()
        if r is None:
            return None
        dlg = ResetPasswordDialog(self.backend, r["username"], r["full_name"], self)
        self.form_dialog = dlg
        dlg.accepted.connect(lambda: self.banner.show_message(
            tr('Đã đặt lại mật khẩu cho {0}.').format(r["username"]), "ok"))
        dlg.open()
        return dlg

    def toggle_active(self) -> None:
        r = self.selected()
        if r is None:
            return
        activate = not r["active"]
        if not activate and QMessageBox.question(
            self, tr('Vô hiệu hóa tài khoản'),
            tr('Vô hiệu hóa tài khoản {0} ({1})? Người này sẽ không đăng nhập được nữa; '
               'các hồ sơ họ đã xử lý vẫn giữ tên họ.').format(r["username"], r["full_name"]),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No,
        ) != QMessageBox.Yes:
            return
        self.toggle_button.setEnabled(False)

        def done(_result=None) -> None:
            self.banner.show_message((tr('Đã kích hoạt tài khoản {0}.') if activate
                                      else tr('Đã vô hiệu hóa tài khoản {0}.')).format(r["username"]), "ok")
            self.reload(r["username"])

        def failed(exc: BaseException) -> None:
            self._failed(exc)
            self._selection_changed()

        self.backend.write(accounts.set_active, self.backend.actor, r["username"], activate,
                           on_done=done, on_error=failed)
