"""Issue 14 item 7: account management in the GUI. An administrator adds a clerk in the accounts
dialog by typing, signs out (Ctrl+Shift+L) and the clerk signs in, in the same window; a user
changes their own password; another user unlocks the idle lock and the session becomes theirs;
a clerk sees neither the accounts entry nor the "Quản trị" menu."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from counter_app import accounts
from counter_app.db import open_data_dir
from helpers import STATION
from qt_input import answer_modal, ime_commit, press_enter
from ui.accounts_dialog import AccountsDialog, AddAccountDialog
from ui.idle_lock import IdleLock
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui_flows import INFO


def audit_rows(data_dir, action: str) -> list[tuple]:
    db = open_data_dir(data_dir)
    try:
        return [tuple(r) for r in db.execute("SELECT actor, object, details FROM audit WHERE action = ?", [action])]
    finally:
        db.close()


def add_clerk(data_dir, username="canbo1", full_name="Lê Văn Cán", password="matkhau-can-bo"):
    db = open_data_dir(data_dir)
    try:
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        accounts.add_account(db, admin, username, full_name, "clerk", password)
        return accounts.authenticate(db, username, password)
    finally:
        db.close()


def shown_window(qtbot, backend) -> MainWindow:
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=20_000)
    return win


def press_logout(qtbot, win) -> None:
    """Ctrl+Shift+L, once the window is the active one again (a dialog just closed)."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=20_000)
    qtbot.keyClick(win.tabs, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)


def test_admin_adds_a_clerk_signs_out_and_the_clerk_signs_in(qtbot, backend, data_dir):
    win = shown_window(qtbot, backend)
    assert win.manage_accounts_action.isVisible() and win.admin_menu.menuAction().isVisible()
    win.manage_accounts_action.trigger()
    dlg = win.accounts_dialog
    assert isinstance(dlg, AccountsDialog)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=20_000)
    assert [dlg.table.item(0, c).text() for c in range(4)] == ["admin", STATION["admin_full_name"], "Quản trị",
                                                              "Đang hoạt động"]
    assert dlg.table.item(0, 4).text() != "—"  # signed in: when, as HH:mm dd/MM/yyyy

    qtbot.mouseClick(dlg.add_button, Qt.LeftButton)
    form = dlg.form_dialog
    assert isinstance(form, AddAccountDialog)
    qtbot.keyClicks(form.username, "canbo1")
    ime_commit(form.full_name, "Lê Văn Cán")
    assert form.role.currentData() == "clerk"  # the default: Cán bộ tiếp nhận
    qtbot.keyClicks(form.new_password, "matkhau-can-bo")
    qtbot.keyClicks(form.confirm, "matkhau-can-bx")
    press_enter(form.confirm)
    assert form.isVisible() and "không khớp" in form.banner.text()
    form.confirm.selectAll()
    qtbot.keyClicks(form.confirm, "matkhau-can-bo")
    with qtbot.waitSignal(form.accepted, timeout=20_000):
        press_enter(form.confirm)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=20_000)
    row = next(i for i in range(2) if dlg.table.item(i, 0).text() == "canbo1")
    assert [dlg.table.item(row, c).text() for c in range(5)] == ["canbo1", "Lê Văn Cán", "Cán bộ tiếp nhận",
                                                                "Đang hoạt động", "—"]
    assert dlg.selected()["username"] == "canbo1"
    dlg.accept()

    # Sign out with a half-filled intake: asked first; "Quay lại nhập tiếp" keeps everything.
    ime_commit(win.intake.applicant.full_name, "Nguyễn Thị Ánh")
    seen: list = []
    answer_modal(qtbot, lambda box: (seen.append(box.text()), box.reject()), kind=QMessageBox)
    press_logout(qtbot, win)
    assert seen and "Đăng xuất sẽ bỏ" in seen[0]
    assert win.isVisible() and backend.actor.username == "admin"
    assert win.intake.applicant.full_name.text() == "Nguyễn Thị Ánh"

    answer_modal(qtbot, lambda box: win.discard_button.click(), kind=QMessageBox)
    press_logout(qtbot, win)
    login = win.login_dialog
    assert isinstance(login, LoginDialog) and login.isVisible()
    assert not win.isVisible() and backend.actor is None
    assert win.intake.applicant.full_name.text() == ""
    qtbot.waitUntil(lambda: len(audit_rows(data_dir, "logout")) == 1, timeout=20_000)

    qtbot.keyClicks(login.username, "canbo1")
    qtbot.keyClicks(login.password, "matkhau-can-bo")
    with qtbot.waitSignal(login.accepted, timeout=20_000):
        press_enter(login.password)
    assert win.isVisible() and backend.actor.username == "canbo1" and backend.actor.role == "clerk"
    assert win.who_label.text() == "Lê Văn Cán (Cán bộ tiếp nhận)"
    # A clerk: no accounts entry, no "Quản trị" menu, no reports tab.
    assert not win.manage_accounts_action.isVisible() and not win.admin_menu.menuAction().isVisible()
    assert win.reports is None
    assert win.change_password_action.isVisible() and win.logout_action.isVisible()
    assert audit_rows(data_dir, "account-create")[0][0] == "admin:admin"
    win.close()


def test_a_clerk_does_not_see_account_management(qtbot, backend, data_dir):
    backend.actor = add_clerk(data_dir)
    win = shown_window(qtbot, backend)
    titles = [a.text() for a in win.menuBar().actions() if a.isVisible()]
    assert "&Tài khoản" in titles and "Quản trị" not in titles
    shown = [a.text() for a in win.account_menu.actions() if a.isVisible() and not a.isSeparator()]
    assert shown == ["Đổi &mật khẩu…", "Đăng &xuất / Đổi người dùng"]
    win.manage_accounts_action.trigger()  # even when triggered, nothing opens for a clerk
    assert getattr(win, "accounts_dialog", None) is None


def test_a_user_changes_their_own_password(qtbot, backend, data_dir):
    backend.actor = add_clerk(data_dir)
    win = shown_window(qtbot, backend)
    win.change_password_action.trigger()
    dlg = win.password_dialog
    qtbot.keyClicks(dlg.old_password, "sai-mat-khau")
    qtbot.keyClicks(dlg.new_password, "matkhau-moi-2026")
    qtbot.keyClicks(dlg.confirm, "matkhau-moi-2026")
    press_enter(dlg.confirm)
    qtbot.waitUntil(lambda: "hiện tại không đúng" in dlg.banner.text(), timeout=20_000)
    assert dlg.isVisible() and dlg.new_password.text() == "matkhau-moi-2026"  # nothing lost
    dlg.old_password.selectAll()
    qtbot.keyClicks(dlg.old_password, "matkhau-can-bo")
    with qtbot.waitSignal(dlg.accepted, timeout=20_000):
        press_enter(dlg.confirm)
    db = open_data_dir(data_dir)
    try:
        assert accounts.authenticate(db, "canbo1", "matkhau-moi-2026").username == "canbo1"
    finally:
        db.close()
    assert [r[0] for r in audit_rows(data_dir, "password-change")] == ["clerk:canbo1"]
    assert "matkhau-moi-2026" not in json.dumps(audit_rows(data_dir, "password-change"))


def test_another_user_unlocks_the_idle_lock_and_the_session_switches(qtbot, backend, data_dir):
    clerk = add_clerk(data_dir)
    win = shown_window(qtbot, backend)
    assert win.reports is not None
    ime_commit(win.intake.applicant.full_name, "Nguyễn Thị Ánh")
    idle = IdleLock(backend, minutes=0.002, parent_window=win)
    with qtbot.waitSignal(idle.locked, timeout=20_000) as locked:
        pass
    cover = locked.args[0]
    assert cover.username.text() == "admin" and QApplication.activeModalWidget() is cover
    assert not win.centralWidget().isVisible()

    cover.username.selectAll()
    qtbot.keyClicks(cover.username, "canbo1")
    qtbot.keyClicks(cover.password, "sai-mat-khau")
    press_enter(cover.password)
    qtbot.waitUntil(lambda: "không đúng" in cover.banner.text(), timeout=20_000)
    assert not win.centralWidget().isVisible() and backend.actor.username == "admin"

    qtbot.keyClicks(cover.password, "matkhau-can-bo")
    with qtbot.waitSignal(idle.user_switched, timeout=20_000) as switched:
        press_enter(cover.password)
    assert switched.args[0].user_id == clerk.user_id
    qtbot.waitUntil(lambda: idle.dialog is None, timeout=20_000)
    assert win.centralWidget().isVisible() and backend.actor.username == "canbo1"
    assert win.who_label.text() == "Lê Văn Cán (Cán bộ tiếp nhận)"
    assert win.reports is None and not win.admin_menu.menuAction().isVisible()
    assert not win.manage_accounts_action.isVisible()
    assert win.intake.applicant.full_name.text() == "Nguyễn Thị Ánh"  # kept for the new user to finish
    rows = audit_rows(data_dir, "user-switch")
    assert [(r[0], json.loads(r[2])) for r in rows] == [("clerk:canbo1", {"from": "admin"})]
    win.intake.reset()  # the window closes at teardown without the unsaved-intake question


def test_the_accounts_dialog_refuses_disabling_oneself_and_disables_a_clerk(qtbot, backend, data_dir):
    add_clerk(data_dir)
    dlg = AccountsDialog(backend)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=20_000)
    dlg.table.selectRow(0)  # admin (sorted by user name)
    assert dlg.selected()["username"] == "admin" and dlg.toggle_button.text() == "&Vô hiệu hóa"
    answer_modal(qtbot, lambda box: box.button(QMessageBox.Yes).click(), kind=QMessageBox)
    qtbot.mouseClick(dlg.toggle_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "chính mình" in dlg.banner.text(), timeout=20_000)

    dlg.table.selectRow(1)
    answer_modal(qtbot, lambda box: box.button(QMessageBox.Yes).click(), kind=QMessageBox)
    qtbot.mouseClick(dlg.toggle_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.table.item(1, 3).text() == "Đã vô hiệu hóa", timeout=20_000)
    assert dlg.toggle_button.text() == "&Kích hoạt" and dlg.selected()["username"] == "canbo1"

    dlg.reset_password()
    form = dlg.form_dialog
    qtbot.keyClicks(form.new_password, "ngan")
    qtbot.keyClicks(form.confirm, "ngan")
    press_enter(form.confirm)
    assert "ít nhất 8" in form.banner.text() and form.isVisible()
    for w in (form.new_password, form.confirm):
        w.selectAll()
        qtbot.keyClicks(w, "matkhau-moi-33")
    with qtbot.waitSignal(form.accepted, timeout=20_000):
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert [r[0] for r in audit_rows(data_dir, "account-disable")] == ["admin:admin"]
    assert len(audit_rows(data_dir, "password-reset")) == 1


def test_thoat_in_the_login_after_signing_out_ends_the_program(qtbot, backend, data_dir):
    win = shown_window(qtbot, backend)
    closed: list = []
    win.closed.connect(lambda: closed.append(True))
    press_logout(qtbot, win)  # an empty intake: no question
    login = win.login_dialog
    assert login.isVisible() and login.title.text() == f"<b>{INFO['agency_name']}</b>"
    idle = IdleLock(backend, minutes=0.001, parent_window=win)
    idle.lock()  # signed out: nothing to lock (the login window is the only thing shown)
    assert idle.dialog is None
    qtbot.keyClick(login, Qt.Key_Escape)  # "Thoát"
    qtbot.waitUntil(lambda: closed == [True], timeout=20_000)
    assert not login.isVisible()
