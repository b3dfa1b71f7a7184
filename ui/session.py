"""The signed-in session of the main window: the "Tài khoản" menu (change one's own password,
the administrators' accounts dialog, sign out / switch user) and putting another user in the
window's place without closing the program — after a sign-out and sign-in, or when another
user unlocks the idle lock with their own account (ui/idle_lock.py).

The window stays (its tabs, the ledger's search, the sync thread); what depends on the role
follows the new user: the reports tab and Ctrl+4, the "Quản trị" menu, the accounts entry. Open
dialogs of the previous user are closed. Switching over the idle lock keeps a half-filled intake
(the person who saves it is recorded as its receiver); signing out asks before dropping it."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog

from counter_app import accounts
from counter_app.accounts import is_supervisor
from counter_app.audit import Actor

from .i18n import tr

LOGOUT_KEY = "Ctrl+Shift+L"


def who(actor: Actor | None) -> str:
    from .accounts_dialog import role_name

    return f"{actor.full_name} ({role_name(actor.role)})" if actor else ""


def install_account_menu(win) -> None:
    """The "Tài khoản" menu of ``win`` (a MainWindow), set for the signed-in user."""
    menu = win.menuBar().addMenu(tr('&Tài khoản'))
    win.account_menu = menu
    win.change_password_action = menu.addAction(tr('Đổi &mật khẩu…'), lambda: open_change_password(win))
    win.manage_accounts_action = menu.addAction(tr('&Quản lý tài khoản…'), lambda: open_accounts(win))
    menu.addSeparator()
    win.logout_action = menu.addAction(tr('Đăng &xuất / Đổi người dùng'), QKeySequence(LOGOUT_KEY),
                                       lambda: log_out(win))
    _apply_role(win, win.backend.actor)


def open_change_password(win):
    from .accounts_dialog import ChangePasswordDialog

    dlg = ChangePasswordDialog(win.backend, win)
    dlg.accepted.connect(lambda: win.statusBar().showMessage(tr('Đã đổi mật khẩu.'), 15_000))
    win.password_dialog = dlg
    dlg.open()
    return dlg


def open_accounts(win):
    """The accounts dialog: administrators only (the core refuses the others anyway)."""
    from .accounts_dialog import AccountsDialog

    if (win.backend.actor is None or win.backend.actor.role != "admin"):
        return None
    dlg = AccountsDialog(win.backend, win)
    win.accounts_dialog = dlg
    dlg.open()
    return dlg


def _close_dialogs(win) -> None:
    """The previous user's open windows go (the sync panel is rebuilt for the next user)."""
    for dlg in win.findChildren(QDialog):
        if dlg.isVisible() and dlg.objectName() != "lock-cover":  # the idle lock closes itself
            dlg.close()
    if getattr(win, "sync_panel", None) is not None:
        win.sync_panel.close()
        win.sync_panel.deleteLater()
        win.sync_panel = None


def _apply_role(win, actor: Actor | None) -> None:
    sup, admin = is_supervisor(actor), actor is not None and actor.role == "admin"
    win.manage_accounts_action.setVisible(admin)
    win.manage_accounts_action.setEnabled(admin)
    setup = getattr(win, "sync_setup_action", None)
    if setup is not None:  # "Thiết lập đồng bộ…": supervisors only (greyed out for clerks)
        setup.setEnabled(sup)
    admin_menu = getattr(win, "admin_menu", None)
    if admin_menu is not None:
        admin_menu.menuAction().setVisible(sup)
        for action in admin_menu.actions():
            action.setEnabled(sup)
    win.set_reports_tab(sup)  # before "Hồ sơ trực tuyến (Ctrl+5)"; built in a later turn
    shortcuts = [s for s in win.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+4")]
    if sup and not shortcuts:
        shortcuts = [QShortcut(QKeySequence("Ctrl+4"), win,
                               lambda: win.reports is not None and win.tabs.setCurrentWidget(win.reports))]
    for s in shortcuts:
        s.setEnabled(sup)


def apply_actor(win, actor: Actor) -> None:
    """``actor`` now works in ``win``: the backend acts as them, the status bar names them."""
    changed = win.backend.actor is None or win.backend.actor.user_id != actor.user_id
    win.backend.actor = actor
    if changed:
        _close_dialogs(win)
    win.who_label.setText(who(actor))
    _apply_role(win, actor)
    win.statusBar().showMessage(tr('Đang làm việc: {0}').format(actor.full_name), 15_000)


def log_out(win):
    """Sign out and show the login window (the program stays open). A half-filled intake is
    dropped only after asking; "Thoát" in the login window ends the program. Returns the
    login dialog, or None when the user went back to the intake."""
    from .login_dialog import LoginDialog

    if not win.confirm_close(
        tr('Hồ sơ đang nhập ở thẻ Tiếp nhận chưa được lưu. Đăng xuất sẽ bỏ các thông tin đã nhập.'),
        tr('Đăng xuất và bỏ hồ sơ đang nhập'),
    ):
        return None
    actor = win.backend.actor
    win.intake.reset()
    _close_dialogs(win)
    if actor is not None:
        win.backend.write(accounts.record_logout, actor)
    win.backend.actor = None  # the idle lock does not lock a signed-out window
    win.hide()
    agency = (getattr(win, "info", None) or {}).get("agency_name", "")
    login = LoginDialog(win.backend, agency)
    if agency:
        login.set_ready(agency)
    win.login_dialog = login

    def signed_in() -> None:
        apply_actor(win, login.actor)
        win.show()
        win.raise_()
        win.activateWindow()
        win.tabs.setCurrentWidget(win.intake)

    login.accepted.connect(signed_in)
    login.rejected.connect(win.close)  # "Thoát": the program ends (the window's closed signal)
    login.open()
    return login
