"""The main window after sign-in (issue 16: no long stall): the intake and ledger tabs are built
with the window; the worklists, reports and online tabs are placeholders under their labels,
each built in a later event-loop turn — or at once when the clerk reaches it first (Ctrl+3,
Ctrl+4, Ctrl+5, a click on its label). Real widgets on a real station; not timed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ui.main_window import MainWindow
from ui.online_view import OnlineView
from ui.reports_tab import ReportsTab
from ui.sync_adapter import NOT_CONFIGURED
from ui.worklists import WorklistView
from ui_flows import INFO

LABELS = ["Tiếp nhận hồ sơ (Ctrl+1)", "Sổ theo dõi hồ sơ (Ctrl+2)", "Việc cần làm (Ctrl+3)", "Báo cáo (Ctrl+4)",
          "Hồ sơ trực tuyến (Ctrl+5)"]


def labels(win) -> list[str]:
    return [win.tabs.tabText(i) for i in range(win.tabs.count())]


def pending(win) -> list[str]:
    return [win.tabs.widget(i).objectName() for i in range(win.tabs.count())
            if win.tabs.widget(i).objectName().startswith("pending-")]


def show_active(qtbot, win) -> None:
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=20_000)


def test_every_tab_is_labelled_at_once_and_built_in_the_turns_after_showing(qtbot, backend):
    win = MainWindow(backend, INFO)
    # Right after the constructor (the sign-in's turn): every label, three placeholders.
    assert labels(win) == LABELS
    assert pending(win) == ["pending-worklists", "pending-reports", "pending-online"]
    assert win.tabs.currentWidget() is win.intake
    with qtbot.waitSignal(win.steps_done, timeout=20_000):
        show_active(qtbot, win)
    assert pending(win) == []
    assert isinstance(win.tabs.widget(2), WorklistView) and win.tabs.widget(2) is win.worklists
    assert isinstance(win.tabs.widget(3), ReportsTab) and win.tabs.widget(3) is win.reports
    assert isinstance(win.tabs.widget(4), OnlineView) and win.tabs.widget(4) is win.online
    assert win.tabs.currentWidget() is win.intake  # the clerk's tab stayed in front
    # The sync engine's thread, the last step, started (and found no sync set up on this station).
    qtbot.waitUntil(lambda: win.sync.unavailable_reason == NOT_CONFIGURED, timeout=20_000)
    # The counts come into the labels as before.
    qtbot.waitUntil(lambda: win.tabs.tabText(2) == "Việc cần làm (0) (Ctrl+3)", timeout=20_000)
    qtbot.waitUntil(lambda: win.tabs.tabText(4) == "Hồ sơ trực tuyến (0) (Ctrl+5)", timeout=20_000)
    assert win.tabs.tabText(3) == "Báo cáo (Ctrl+4)"
    # The keys reach the built tabs (no online dossier: its "none waiting" line shows).
    QTest.keyClick(win.tabs, Qt.Key_5, Qt.ControlModifier)
    assert win.tabs.currentWidget() is win.online and win.online.empty.isVisible()
    QTest.keyClick(win.tabs, Qt.Key_3, Qt.ControlModifier)
    assert win.tabs.currentWidget() is win.worklists
    win.close()


def test_a_tab_reached_before_its_turn_is_built_at_once(qtbot, backend, monkeypatch):
    """The clerk is faster than the deferred steps: here they are held back, so each tab is
    still a placeholder when its key or its label is pressed."""
    monkeypatch.setattr(MainWindow, "_next_step", lambda self: None)
    win = MainWindow(backend, INFO)
    show_active(qtbot, win)
    assert pending(win) == ["pending-worklists", "pending-reports", "pending-online"]

    QTest.keyClick(win.tabs, Qt.Key_5, Qt.ControlModifier)  # Ctrl+5 right after showing
    # Built, in front, its list focused (its rows are still being read: no turn has run since).
    assert isinstance(win.tabs.currentWidget(), OnlineView) and win.online.table.hasFocus()
    assert win.tabs.indexOf(win.online) == 4 and labels(win) == LABELS
    assert pending(win) == ["pending-worklists", "pending-reports"]
    qtbot.waitUntil(lambda: win.tabs.tabText(4) == "Hồ sơ trực tuyến (0) (Ctrl+5)", timeout=20_000)

    QTest.keyClick(win.tabs, Qt.Key_3, Qt.ControlModifier)
    assert isinstance(win.tabs.currentWidget(), WorklistView) and win.tabs.indexOf(win.worklists) == 2
    qtbot.waitUntil(lambda: win.tabs.tabText(2) == "Việc cần làm (0) (Ctrl+3)", timeout=20_000)

    # A click on the reports label: the placeholder comes to the front, the tab replaces it in the next turn.
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(3).center())
    qtbot.waitUntil(lambda: isinstance(win.tabs.currentWidget(), ReportsTab), timeout=20_000)
    assert pending(win) == [] and win.tabs.currentIndex() == 3 and win.tabs.tabText(3) == "Báo cáo (Ctrl+4)"
    QTest.keyClick(win.tabs, Qt.Key_1, Qt.ControlModifier)
    assert win.tabs.currentWidget() is win.intake
    QTest.keyClick(win.tabs, Qt.Key_4, Qt.ControlModifier)
    assert win.tabs.currentWidget() is win.reports
    win.close()


def test_after_sign_in_the_window_shows_in_the_next_turn_then_the_idle_lock_and_checks_start(qtbot, backend, data_dir):
    """ui/app.py's path after the login (the one bench.gui_login times)."""
    from ui import app as ui_app

    state = {"info": dict(INFO, idle_lock_minutes=10, backup_keep=14)}
    win = ui_app.open_main_window(backend, backend.actor, data_dir, state)
    qtbot.addWidget(win)
    assert state["window"] is win and not win.isVisible()  # built in the sign-in's turn, shown in the next
    assert labels(win) == LABELS
    with qtbot.waitSignal(win.steps_done, timeout=20_000):
        pass
    assert win.isVisible() and win.isMaximized()
    assert pending(win) == []
    qtbot.waitUntil(lambda: win.sync.unavailable_reason == NOT_CONFIGURED, timeout=20_000)  # the engine started
    assert "idle" in state and "backup_timer" in state  # the idle lock, the after-login checks
    win.close()
