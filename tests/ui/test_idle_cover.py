"""Issue 14 fault 11: the idle lock covers every window and hides their contents (it was a
200×151 box with the applicant's data readable behind it); the password restores them."""

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from qt_input import ime_commit, press_enter
from ui.idle_lock import IdleLock
from ui.main_window import MainWindow
from ui.widgets import install_guards
from ui_flows import INFO

NAME = "Nguyễn Thị Ánh"


def readable_texts() -> list[str]:
    """Texts of the line edits and labels a person could see on screen now."""
    texts = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for w in top.findChildren(QLineEdit) + top.findChildren(QLabel):
            if w.isVisible():
                texts.append(w.text())
    return texts


def test_idle_lock_covers_the_window_and_hides_the_data(qtbot, backend, qapp):
    install_guards(qapp)  # as at start: the screen fit leaves the cover alone
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    ime_commit(win.intake.applicant.full_name, NAME)
    assert any(NAME in t for t in readable_texts())
    idle = IdleLock(backend, minutes=0.002, parent_window=win)
    with qtbot.waitSignal(idle.locked, timeout=20_000) as locked:
        pass
    cover = locked.args[0]
    QApplication.processEvents()
    assert cover.isVisible() and cover.geometry().contains(win.frameGeometry())
    assert cover.width() > 700 and cover.height() > 500  # not a small box
    assert not any(NAME in t for t in readable_texts())
    assert not win.centralWidget().isVisible() and not win.menuBar().isVisible()
    assert QApplication.activeModalWidget() is cover

    ime_commit(cover.password, "sai")
    press_enter(cover.password)
    qtbot.waitUntil(cover.banner.isVisible, timeout=20_000)
    assert not win.centralWidget().isVisible()
    qtbot.keyClicks(cover.password, "matkhau-quan-tri")
    with qtbot.waitSignal(cover.unlocked, timeout=20_000):
        press_enter(cover.password)
    assert win.centralWidget().isVisible() and win.menuBar().isVisible()
    assert win.intake.applicant.full_name.text() == NAME
    assert idle.dialog is None and idle.timer.isActive()
    win.intake.reset()  # the window closes at teardown without the unsaved-intake question
