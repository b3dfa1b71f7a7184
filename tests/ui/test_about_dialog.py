"""The schema version is for support, not for clerks: not on the status bar, but in Trợ giúp →
Giới thiệu with the program's version, the data folder and the Python and Qt versions."""

import platform

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QLabel

from counter_app import __version__
from ui.main_window import MainWindow

INFO = {"agency_name": "Trung tâm", "agency_code": "000.00.06.H56", "station": 1, "schema_version": 7}


def test_schema_version_moved_from_the_status_bar_to_the_about_dialog(qtbot, backend, data_dir):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    shown = [label.text() for label in win.statusBar().findChildren(QLabel)]
    assert any("Quầy 1" in t for t in shown)
    assert not any("Lược đồ" in t or "v7" in t for t in shown), shown

    [help_menu] = [a.menu() for a in win.menuBar().actions() if a.text() == "&Trợ giúp"]
    assert win.about_action in help_menu.actions() and win.about_action.text() == "&Giới thiệu…"
    win.about_action.trigger()
    qtbot.waitUntil(lambda: getattr(win, "about", None) is not None and win.about.isVisible(), timeout=20_000)
    dlg = win.about
    assert dlg.windowTitle() == "Giới thiệu"
    assert dlg.rows["schema"].text() == "phiên bản 7"
    assert dlg.rows["version"].text() == __version__
    assert dlg.rows["data_dir"].text() == str(data_dir)
    assert platform.python_version() in dlg.rows["python"].text()
    assert qVersion() in dlg.rows["qt"].text()
    dlg.reject()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20_000)
    win.close()
