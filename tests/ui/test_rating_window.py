"""Issue 20, scope 4 in the GUI: after the receipt and after the return, the citizen rates with
one tap on a window that shows no personal data and never takes the clerk's keyboard; the
setting turns it off."""

import sqlite3
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton

from counter_app import accounts, lifecycle, paths, settings, timeutil
from counter_app.db import open_data_dir
from counter_app.timeutil import VN_TZ
from helpers import STATION
from qt_input import ime_commit
from ui.main_window import MainWindow
from ui_flows import INFO, take_in_through_main_window


def ratings(data_dir):
    conn = sqlite3.connect(paths.db_path(data_dir))
    try:
        return conn.execute("SELECT d.code, r.stage, r.level FROM ratings r JOIN dossiers d ON d.id = r.dossier_id "
                            "ORDER BY r.id").fetchall()
    finally:
        conn.close()


def shown_text(widget) -> str:
    return " ".join([w.text() for w in widget.findChildren(QLabel)] +
                    [w.text() for w in widget.findChildren(QAbstractButton)] + [widget.windowTitle()])


def test_the_citizen_rates_the_receipt_and_the_return(qtbot, backend, data_dir):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    code = take_in_through_main_window(qtbot, win)
    qtbot.waitUntil(lambda: win.rating is not None and win.rating.isVisible(), timeout=20_000)
    rating = win.rating
    assert rating.stage == "receipt" and rating.testAttribute(Qt.WA_ShowWithoutActivating)
    text = " ".join(shown_text(rating).split())  # a long level is on two lines of its button
    assert "Rất hài lòng" in text and "Rất không hài lòng" in text
    for personal in ("Trần Thị Bình", "079301004321", "Quận 8"):  # the applicant of the flow
        assert personal not in text
    assert all(b.focusPolicy() == Qt.NoFocus for b in rating.findChildren(QPushButton))  # no stray Enter
    with qtbot.waitSignal(rating.rated, timeout=20_000):
        qtbot.mouseClick(rating.buttons["satisfied"], Qt.LeftButton)
    assert not rating.buttons["very-satisfied"].isEnabled()  # one tap
    assert ratings(data_dir) == [(code, "receipt", "satisfied")]
    qtbot.waitUntil(lambda: win.rating is None, timeout=20_000)  # closes by itself after the thanks

    # The result comes back (set up through the core), and the clerk returns it in the ledger.
    win.preview.reject()
    db = open_data_dir(data_dir)
    try:
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        now = timeutil.iso(timeutil.now())
        lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã", "at": now})
        lifecycle.perform(db, code, "result-received", admin, {"at": now})
    finally:
        db.close()
    ledger = win.ledger
    win.tabs.setCurrentWidget(ledger)
    qtbot.waitUntil(lambda: ledger.model.rowCount() == 1 and ledger.model.code_at(0) == code, timeout=20_000)
    with qtbot.waitSignal(ledger.detail_opened, timeout=20_000) as d:
        ledger.open_detail(0)
    qtbot.waitUntil(lambda: d.args[0].findChild(QPushButton, "action-return") is not None, timeout=20_000)
    with qtbot.waitSignal(ledger.action_opened, timeout=20_000) as a:
        qtbot.mouseClick(d.args[0].findChild(QPushButton, "action-return"), Qt.LeftButton)
    dlg = a.args[0]
    with qtbot.waitSignal(dlg.performed, timeout=20_000):
        qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: win.rating is not None and win.rating.stage == "return", timeout=20_000)
    with qtbot.waitSignal(win.rating.rated, timeout=20_000):
        qtbot.mouseClick(win.rating.buttons["very-satisfied"], Qt.LeftButton)
    assert ratings(data_dir) == [(code, "receipt", "satisfied"), (code, "return", "very-satisfied")]


def test_esc_skips_and_the_setting_turns_it_off(qtbot, backend, data_dir):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    take_in_through_main_window(qtbot, win)
    qtbot.waitUntil(lambda: win.rating is not None and win.rating.isVisible(), timeout=20_000)
    qtbot.keyClick(win.rating, Qt.Key_Escape)
    qtbot.waitUntil(lambda: win.rating is None, timeout=20_000)
    assert ratings(data_dir) == []

    db = open_data_dir(data_dir)
    try:
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        settings.update(db, admin, {"satisfaction_prompt": False})
    finally:
        db.close()
    win.preview.reject()
    win.tabs.setCurrentWidget(win.intake)
    win.ask_rating("000.00.06.H56-261204-0001", "receipt")
    # The setting is read on the reader pool: once no read is in flight, its answer was handled.
    qtbot.waitUntil(lambda: backend.reader.in_flight == 0, timeout=20_000)
    assert win.rating is None
