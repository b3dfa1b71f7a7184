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
