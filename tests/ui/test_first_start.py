"""Issue 14 fault 1: the real app on an empty data folder goes from set-up to the login and then
the main window (it used to exit with status 0 once the set-up dialog closed). Fault 6: the
set-up asks for the forms' header (parent body) and place, suggested from the agency's name."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from counter_app import paths

DRIVER = Path(__file__).with_name("first_start_driver.py")


def test_first_start_reaches_login_then_main_window(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("COUNTER_APP_BENCH_EXIT_AT_LOGIN", None)
    proc = subprocess.run([sys.executable, str(DRIVER), str(tmp_path / "fresh")], env=env,
                          capture_output=True, text=True, timeout=120)
    lines = proc.stdout.split()
    assert lines == ["SETUP_SHOWN", "LOGIN_SHOWN", "MAIN_SHOWN", "EXIT", "0"], proc.stdout + proc.stderr
    assert proc.returncode == 0
    conn = sqlite3.connect(paths.db_path(tmp_path / "fresh"))
    try:
        s = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    finally:
        conn.close()
    assert s["place_name"] == '"Hòa Bình Thượng"' and s["parent_name"] == '"UBND XÃ HÒA BÌNH"'


def test_setup_suggests_the_forms_header_and_place_from_the_agency(qtbot, tmp_path):
    from qt_input import ime_commit
    from ui.backend import Backend
    from ui.setup_dialog import SetupDialog

    backend = Backend(tmp_path / "fresh")
    try:
        dlg = SetupDialog(backend)
        qtbot.addWidget(dlg)
        dlg.show()
        ime_commit(dlg.agency_name, "Trung tâm Phục vụ hành chính công xã Yên Lạc")
        ime_commit(dlg.province, "Tỉnh Phú Thọ")
        assert dlg.place_name.text() == "Yên Lạc" and dlg.parent_name.text() == "UBND XÃ YÊN LẠC"
        dlg.place_name.setText("Yên Lạc Hạ")  # typed by the clerk: kept
        ime_commit(dlg.agency_name, " 2")
        assert dlg.place_name.text() == "Yên Lạc Hạ"
        assert dlg.values()["place_name"] == "Yên Lạc Hạ"
    finally:
        backend.close()


def test_place_on_the_forms_defaults_to_the_commune_not_the_province():
    from counter_app.setup import default_place_name

    assert default_place_name("Trung tâm Phục vụ hành chính công xã Yên Lạc", "Tỉnh Phú Thọ") == "Yên Lạc"
    assert default_place_name("Bộ phận Một cửa phường Ba Đình", "Thành phố Hà Nội") == "Ba Đình"
    assert default_place_name("Bộ phận Một cửa", "Tỉnh Phú Thọ") == "Tỉnh Phú Thọ"


class FakeKeyring:
    """An OS keyring stand-in (the tests never touch the user's own)."""

    def __init__(self):
        self.kept = {}

    def set_password(self, service, account, value):
        self.kept[(service, account)] = value

    def get_password(self, service, account):
        return self.kept.get((service, account))


def fill_setup(dlg):
    dlg.agency_name.setText("Trung tâm Phục vụ hành chính công xã Yên Lạc")
    dlg.agency_code.setText("000.00.06.H56")
    dlg.province.setText("Tỉnh Phú Thọ")
    dlg.head_title.setPlainText("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    dlg.admin_password.setText("quantri-2026")
    dlg.admin_password2.setText("quantri-2026")


def test_setup_encrypts_by_default_with_a_keyring_and_shows_the_recovery_key(qtbot, tmp_path, monkeypatch):
    """Issue 18 scope 4: with an OS keyring the box is ticked; the empty plain database the app
    opened is replaced by an encrypted one before the set-up is written; then the recovery key
    goes to a USB stick; the station reopens with the key."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

    from counter_app import dbkey, settings
    from counter_app.db import open_data_dir
    from ui.backend import Backend
    from ui.recovery_key_dialog import RecoveryKeyDialog
    from ui.setup_dialog import SetupDialog

    kr = FakeKeyring()
    monkeypatch.setattr(dbkey, "_keyring", lambda: kr)
    d = tmp_path / "fresh"
    backend = Backend(d)
    try:
        opened = []
        backend.open(on_done=lambda _r: opened.append(1), on_error=opened.append)  # as ui/app.py does
        qtbot.waitUntil(lambda: opened == [1], timeout=20_000)
        backend.read(lambda db: settings.is_set_up(db), on_done=opened.append)  # a reader connection too
        qtbot.waitUntil(lambda: len(opened) == 2, timeout=20_000)
        assert paths.db_path(d).read_bytes()[:15] == b"SQLite format 3"

        dlg = SetupDialog(backend)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: dlg.encrypt.isEnabled(), timeout=20_000)
        assert dlg.encrypt.isChecked() and "kho khóa của hệ điều hành" in dlg.encrypt_reason.text()
        fill_setup(dlg)
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
        qtbot.waitUntil(lambda: isinstance(getattr(dlg, "recovery", None), RecoveryKeyDialog)
                        and dlg.recovery.isVisible(), timeout=20_000)
        rec = dlg.recovery
        assert any("USB" in label.text() for label in rec.findChildren(type(rec.result_label)))
        usb = tmp_path / "usb"
        usb.mkdir()
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(usb / "khoa.key"), ""))
        qtbot.mouseClick(rec.export_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: rec.saved_to is not None, timeout=20_000)
        assert "dấu vân tay" in rec.result_label.text()
        with qtbot.waitSignal(dlg.accepted, timeout=20_000):
            qtbot.mouseClick(rec.done_button, Qt.LeftButton)
        read = []
        backend.read(lambda db: settings.get(db, "head_title"), on_done=read.append)  # readers reopened
        qtbot.waitUntil(lambda: read == ["KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"], timeout=20_000)
    finally:
        backend.close()
    raw = paths.db_path(d).read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "Yên Lạc".encode() not in raw
    assert not (d / dbkey.KEY_FILE).exists() and len(kr.kept) == 1  # the key went to the keyring
    assert (usb / "khoa.key").read_text().split()[2] == next(iter(kr.kept.values()))
    db = open_data_dir(d)  # a restart
    try:
        assert settings.is_set_up(db)
    finally:
        db.close()


def test_setup_without_a_keyring_leaves_encryption_off_and_says_why(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from counter_app import dbkey
    from ui.backend import Backend
    from ui.setup_dialog import SetupDialog

    monkeypatch.setattr(dbkey, "_keyring", lambda: None)
    d = tmp_path / "fresh"
    backend = Backend(d)
    try:
        dlg = SetupDialog(backend)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: dlg.encrypt.isEnabled(), timeout=20_000)
        assert not dlg.encrypt.isChecked() and "BitLocker" in dlg.encrypt_reason.text()
        fill_setup(dlg)
        with qtbot.waitSignal(dlg.accepted, timeout=20_000):
            qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
        assert getattr(dlg, "recovery", None) is None
    finally:
        backend.close()
    assert paths.db_path(d).read_bytes()[:15] == b"SQLite format 3" and not dbkey.is_encrypted(d)


def test_first_start_encrypted_without_keyring_then_the_app_restarts_on_it(tmp_path):
    """The real app: set-up with "encrypt" ticked (no keyring here: the key file), the recovery
    key saved, login, main window; the database file is SQLCipher; a second start signs in."""
    from counter_app import dbkey

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("COUNTER_APP_BENCH_EXIT_AT_LOGIN", None)
    d, key = tmp_path / "fresh", tmp_path / "usb.key"
    proc = subprocess.run([sys.executable, str(DRIVER), str(d), str(key)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["SETUP_SHOWN", "KEY_SAVED", "LOGIN_SHOWN", "MAIN_SHOWN", "EXIT", "0"], \
        proc.stdout + proc.stderr
    raw = paths.db_path(d).read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "Hòa Bình".encode() not in raw
    assert dbkey.is_encrypted(d) and key.read_text().split()[2] == (d / dbkey.KEY_FILE).read_text().strip()
    proc = subprocess.run([sys.executable, str(DRIVER), str(d)], env=env, capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["LOGIN_SHOWN", "MAIN_SHOWN", "EXIT", "0"], proc.stdout + proc.stderr
