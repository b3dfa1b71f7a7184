"""A lifecycle step taken in the main window leaves for the province at once: the change hook
(Backend.changed) wakes the idle sync engine instead of its next idle look (60 s here). Real
widgets, real SQLite, the real reference server on 127.0.0.1."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402

from sync_support import configure, secret_of, server_history  # noqa: E402


@pytest.fixture
def backend(station, server, qapp):
    from qt_backend import make_backend

    configure(station, server.url, secret_of(station), idle_interval=60.0)  # idle: one look a minute
    b = make_backend(station, qapp)
    yield b
    b.close()


def test_a_step_in_the_gui_reaches_the_server_within_two_seconds(qtbot, backend, maker, server):
    from qt_input import ime_commit
    from ui.main_window import MainWindow
    from ui_flows import INFO

    code = maker.dossier(files=0)
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    try:
        # The first pass sends the dossier; then the engine idles.
        qtbot.waitUntil(lambda: win.sync.last_status.get("online") is True and win.sync.last_status.get("queued") == 0
                        and not win.sync.last_status.get("running"), timeout=30_000)
        qtbot.waitUntil(lambda: len(server_history(server, code)) >= 1, timeout=10_000)
        sent = len(server_history(server, code))

        # The clerk opens the ledger, the dossier, and hands it over to the resolving unit.
        win.tabs.setCurrentWidget(win.ledger)
        ledger = win.ledger
        qtbot.waitUntil(lambda: ledger.model.rowCount() == 1 and ledger.model.code_at(0) == code, timeout=10_000)
        with qtbot.waitSignal(ledger.detail_opened, timeout=10_000) as d:
            ledger.open_detail(0)
        with qtbot.waitSignal(ledger.action_opened, timeout=10_000) as a:
            qtbot.mouseClick(d.args[0].findChild(QPushButton, "action-handover"), Qt.LeftButton)
        dlg = a.args[0]
        dlg.unit.clear()
        ime_commit(dlg.unit, "Phòng Tư pháp")
        with qtbot.waitSignal(dlg.performed, timeout=10_000):
            qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)

        qtbot.waitUntil(lambda: len(server_history(server, code)) == sent + 1, timeout=2_000)
        assert server_history(server, code)[-1][0] == "4"  # Đang xử lý
    finally:
        win.sync.stop()
