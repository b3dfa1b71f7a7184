"""The English translation loads with the language setting and the widgets show English labels."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from ui import i18n

QM = Path(i18n.__file__).resolve().parent / "i18n" / "counter_app_en.qm"


@pytest.fixture
def english(qapp, tmp_path):
    i18n.set_language(tmp_path, "en")
    assert i18n.chosen_language(tmp_path) == "en"
    assert i18n.install(qapp, i18n.chosen_language(tmp_path))
    yield
    i18n.install(qapp, "vi")


def test_english_labels(english, backend):
    assert QM.exists()  # built with pyside6-lrelease from counter_app_en.ts and committed
    from ui.login_dialog import LoginDialog
    from ui.main_window import MainWindow
    from ui.setup_dialog import SetupDialog

    login = LoginDialog(backend, "Trung tâm")
    assert login.windowTitle() != "Đăng nhập" and login.windowTitle().isascii()
    ok = login.buttons.button(QDialogButtonBox.Ok).text()
    assert ok and ok.isascii()
    setup = SetupDialog(backend)
    assert setup.windowTitle().isascii()
    win = MainWindow(backend, {"agency_name": "Trung tâm", "agency_code": "000.00.06.H56", "station": 1,
                               "schema_version": 5})
    tabs = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert all(t.isascii() for t in tabs[:2]), tabs
    win.close()


def test_vietnamese_is_the_default(qapp, tmp_path, backend):
    from ui.login_dialog import LoginDialog

    assert i18n.chosen_language(tmp_path) == "vi"
    i18n.install(qapp, "vi")
    assert LoginDialog(backend, "Trung tâm").windowTitle() == "Đăng nhập"
