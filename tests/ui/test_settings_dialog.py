"""Issue 14 item 6: "Cài đặt trạm…" (Quản trị menu, supervisors and administrators): the place
name edited there is on the next Mẫu 01 printed; bad input is refused in Vietnamese and loses
nothing; a clerk has no such menu entry and cannot open the dialog."""

import json
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from counter_app import accounts, intake
from counter_app.db import open_data_dir, write_tx
from helpers import sample_intake
from qt_input import ime_commit
from ui.main_window import MainWindow
from ui_flows import INFO


def menu_action(win, text):
    for menu_action in win.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text() == text:
                return action
    return None


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_supervisor_edits_the_place_and_the_next_mau_01_shows_it(qtbot, backend, data_dir, tmp_path, monkeypatch):
    from ui.settings_dialog import SettingsDialog

    db = open_data_dir(data_dir)
    try:
        code = intake.save(db, intake.parse_request(sample_intake()), backend.actor).code
    finally:
        db.close()
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    action = menu_action(win, "Cài đặt trạm…")
    assert action is not None
    action.trigger()
    dlg = win.findChild(SettingsDialog)
    qtbot.waitUntil(lambda: dlg.place_name.text() == "Yên Lạc", timeout=20_000)
    assert dlg.identity.text().startswith("Mã định danh đơn vị 000.00.06.H56 · Quầy số 1")
    ok = dlg.buttons.button(QDialogButtonBox.Ok)

    dlg.place_name.clear()  # an empty place: refused, nothing written, the dialog stays
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert "Địa danh ghi trên biểu mẫu không được để trống." in dlg.banner.text() and dlg.isVisible()
    assert dlg.place_name.hasFocus()

    ime_commit(dlg.place_name, "Yên Lạc Thượng")
    dlg.head_title.setFocus()
    dlg.head_title.setPlainText("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    with qtbot.waitSignal(dlg.saved, timeout=20_000):
        qtbot.mouseClick(ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20_000)

    preview = win.open_print_preview(code)
    qtbot.waitUntil(lambda: preview.save_button.isEnabled(), timeout=20_000)
    target = tmp_path / "mau01.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    with qtbot.waitSignal(preview.saved, timeout=20_000):
        qtbot.mouseClick(preview.save_button, Qt.LeftButton)
    text = pdf_text(target)
    assert "Yên Lạc Thượng, ngày" in text
    qtbot.waitUntil(lambda: backend.writer.in_flight == 0, timeout=20_000)
    db = open_data_dir(data_dir)
    try:
        row = db.execute("SELECT actor, details FROM audit WHERE action = 'settings-update'").fetchone()
    finally:
        db.close()
    assert "admin" in row[0] and "Yên Lạc Thượng" in row[1]


def test_clerk_has_no_settings_menu_and_cannot_open_the_dialog(qtbot, backend, data_dir):
    from ui.settings_dialog import SettingsDialog

    db = open_data_dir(data_dir)
    try:
        with write_tx(db):
            accounts.create_user(db, "canbo9", "Đỗ Văn Chín", "clerk", "matkhau-can-bo")
        backend.actor = accounts.authenticate(db, "canbo9", "matkhau-can-bo")
    finally:
        db.close()
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    action = menu_action(win, "Cài đặt trạm…")  # the Quản trị menu is hidden, its actions off
    assert action is None or (not action.isEnabled() and not win.admin_menu.menuAction().isVisible())
    with pytest.raises(PermissionError):
        SettingsDialog(backend, win)


def test_supervisor_sets_the_online_receiving_time(qtbot, backend, data_dir):
    """The legal time to receive an online dossier ([R], default 8 working hours) is the
    province's to set: edited in "Cài đặt trạm…", used by the online worklist, audited; a value
    out of range is refused by the core in Vietnamese."""
    from counter_app import online, setup
    from ui.settings_dialog import SettingsDialog

    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    dlg = win.open_settings_dialog()
    qtbot.waitUntil(lambda: dlg.buttons.isEnabled(), timeout=20_000)
    assert isinstance(dlg, SettingsDialog) and dlg.online_limit.value() == 8
    dlg.online_limit.setFocus()
    dlg.online_limit.selectAll()
    qtbot.keyClicks(dlg.online_limit, "16")
    with qtbot.waitSignal(dlg.saved, timeout=20_000):
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dlg.changed == ["online_receive_limit_hours"]
    qtbot.waitUntil(lambda: backend.writer.in_flight == 0, timeout=20_000)
    db = open_data_dir(data_dir)
    try:
        assert online.limit_hours(db) == 16
        row = db.execute("SELECT details FROM audit WHERE action = 'settings-update'").fetchone()
        assert json.loads(row[0]) == {"changes": {"online_receive_limit_hours": [8, 16]}}
    finally:
        db.close()
    for bad in (0, 241, "tám", True):
        _clean, errors = setup.validate_station_settings({"online_receive_limit_hours": bad})
        assert "số giờ làm việc" in errors["online_receive_limit_hours"]
