"""Idle lock and the crash dialog."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from qt_input import press_enter
from ui.crash_dialog import show_exception
from ui.idle_lock import IdleLock


def test_idle_lock_asks_for_the_password_again(qtbot, backend):
    win = QWidget()
    qtbot.addWidget(win)
    win.show()
    idle = IdleLock(backend, minutes=0.002, parent_window=win)  # ~120 ms
    with qtbot.waitSignal(idle.locked, timeout=20_000) as locked:
        pass
    dlg = locked.args[0]
    assert dlg.isVisible()
    dlg.reject()  # Esc does not unlock
    assert dlg.isVisible()
    qtbot.keyClicks(dlg.password, "sai-mat-khau")
    press_enter(dlg.password)
    qtbot.waitUntil(lambda: dlg.banner.isVisible(), timeout=20_000)
    assert "không đúng" in dlg.banner.text() and dlg.isVisible()
    qtbot.keyClicks(dlg.password, "matkhau-quan-tri")
    with qtbot.waitSignal(dlg.unlocked, timeout=20_000):
        press_enter(dlg.password)
    assert idle.dialog is None and idle.timer.isActive()


def test_crash_dialog_logs_redacts_and_copies(qtbot, tmp_path):
    import logging

    from counter_app import logs

    logs.setup(tmp_path, logging.INFO)
    try:
        raise ValueError("hỏng khi xử lý số 001099012345")
    except ValueError as exc:
        dlg = show_exception(type(exc), exc, exc.__traceback__)
    qtbot.addWidget(dlg)
    assert "ValueError" in dlg.details.toPlainText()
    assert "001099012345" not in dlg.details.toPlainText()
    qtbot.mouseClick(dlg.copy, Qt.LeftButton)
    assert "ValueError" in QGuiApplication.clipboard().text()
    for h in logging.getLogger().handlers:
        h.flush()
    text = (tmp_path / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert "ValueError" in text and "001099012345" not in text


def test_audit_viewer_filters_and_checks_the_chain(qtbot, backend, data_dir):
    from counter_app import intake
    from counter_app.db import open_data_dir
    from helpers import sample_intake
    from ui.audit_view import AuditView

    db = open_data_dir(data_dir)
    code = intake.save(db, intake.parse_request(sample_intake()), backend.actor).code
    db.close()
    view = AuditView(backend)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.table.rowCount() > 0 and view.action.count() > 1, timeout=20_000)
    view.action.setCurrentIndex(view.action.findData("intake"))
    view.reload()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=20_000)
    assert view.table.item(0, 4).text() == code and view.table.item(0, 3).text() == "intake"
    qtbot.mouseClick(view.verify, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=20_000)
    assert "nguyên vẹn" in view.banner.text()


def test_scheduled_backup_is_due_daily(db, tmp_path):
    from datetime import timedelta

    from counter_app import backup, settings, timeutil
    from counter_app.db import write_tx

    assert backup.due(db) is None  # no folder set
    with write_tx(db):
        settings.put_many(db, {"backup_dir": str(tmp_path / "usb")})
    assert backup.due(db) == tmp_path / "usb"
    with write_tx(db):
        settings.put_many(db, {"last_backup_at": timeutil.iso(timeutil.now() - timedelta(hours=2))})
    assert backup.due(db) is None
    assert backup.due(db, now=timeutil.now() + timedelta(days=1)) == tmp_path / "usb"
