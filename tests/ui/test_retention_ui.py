"""Opening a dossier whose scans left the PC after the retention period: the scan tab fetches
them back from the province in the background (real widgets offscreen, the real reference
server) and shows them; when the province cannot be reached, the clerk gets the reason and the
component is not editable."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from sync_support import LATER, on_disk, real_pdf_dossier, sync_pass  # noqa: E402

from counter_app import timeutil  # noqa: E402
from counter_app.scanning import retention  # noqa: E402


@pytest.fixture
def backend(station, qapp):
    from qt_backend import make_backend

    b = make_backend(station, qapp)
    yield b
    b.close()


def open_panel(qtbot, backend, code):
    from ui.scan_panel import ScanPanel

    panel = ScanPanel(backend, mode="dossier")
    qtbot.addWidget(panel)
    panel.load_dossier(code)
    panel.show()
    return panel


def test_the_scan_tab_fetches_a_pruned_scan_back_and_shows_it(qtbot, backend, maker, db, server):
    code, sha = real_pdf_dossier(maker)
    sync_pass(backend.data_dir)
    assert retention.prune(db, backend.data_dir, timeutil.now() + LATER, 365).files == 1
    messages = []
    panel = open_panel(qtbot, backend, code)
    shown = panel.banner.show_message

    def record(text, kind="error"):
        messages.append(text)
        shown(text, kind)

    panel.banner.show_message = record
    qtbot.waitUntil(lambda: panel.dossier_id is not None and panel.batch.count(1) == 2, timeout=20_000)
    assert "Đang tải bản quét từ hệ thống tỉnh…" in messages
    assert "Đã tải bản quét từ hệ thống tỉnh" in panel.banner.text()
    assert on_disk(backend.data_dir, sha) and panel.purged_positions == set()
    assert db.execute("SELECT purged_at FROM files WHERE sha256 = ?", [sha]).fetchone()[0] is None


def test_when_the_province_cannot_be_reached_the_clerk_is_told_and_cannot_overwrite(qtbot, backend, maker, db,
                                                                                  server, tmp_path):
    code, sha = real_pdf_dossier(maker)
    sync_pass(backend.data_dir)
    assert retention.prune(db, backend.data_dir, timeutil.now() + LATER, 365).files == 1
    server.stop()
    panel = open_panel(qtbot, backend, code)
    qtbot.waitUntil(lambda: panel.dossier_id is not None, timeout=20_000)
    assert "không kết nối được tới máy chủ tỉnh" in panel.banner.text()
    assert panel.purged_positions == {1} and panel.batch.count(1) == 0
    assert "ở hệ thống tỉnh" in panel.components.item(1).text()
    assert not on_disk(backend.data_dir, sha)

    # Pages added to that component are not saved over the scan kept at the province.
    from counter_app.scanning import samples

    page = tmp_path / "them.png"
    page.write_bytes(samples.encode(samples.text_page("Thêm", dpi=60, mark=9), "PNG"))
    panel.select_row(1)
    panel.import_files([str(page)], row=1)
    qtbot.waitUntil(lambda: panel.batch.count(1) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: panel.save_button.isEnabled(), timeout=20_000)
    panel.save_dossier_scans()
    assert "chỉ còn ở hệ thống tỉnh" in panel.banner.text()
    assert db.execute("SELECT COUNT(*) FROM attachments WHERE sha256 != ?", [sha]).fetchone()[0] == 0


def test_the_app_prunes_once_a_day_on_the_writer_after_the_backup_check(qtbot, backend, maker, db, server):
    from PySide6.QtWidgets import QMainWindow

    from ui.app import _after_login_checks

    code, sha = real_pdf_dossier(maker)
    sync_pass(backend.data_dir)
    # as the engine would have written it a year ago
    db.execute("UPDATE files SET remote_confirmed_at = ?", [timeutil.iso(timeutil.now() - LATER)])
    win = QMainWindow()
    qtbot.addWidget(win)
    state = {"info": {"backup_keep": 14}}
    _after_login_checks(backend, backend.data_dir, win, state)
    state["backup_timer"].timeout.emit()  # the hourly look, without waiting for it
    qtbot.waitUntil(lambda: "Đã gỡ 1 bản quét" in win.statusBar().currentMessage(), timeout=20_000)
    assert not on_disk(backend.data_dir, sha)
    assert db.execute("SELECT actor FROM audit WHERE action = 'scan-prune'").fetchone()[0] == "system:retention"
    state["backup_timer"].timeout.emit()  # within the day: nothing more
    qtbot.wait(300)
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'scan-prune'").fetchone()[0] == 1
    state["backup_timer"].stop()


def test_the_scheduled_backup_waits_until_the_clerk_stops_typing(qtbot, backend, db, tmp_path):
    """A backup of a big station writes gigabytes and slows the clerk's commits (the disk's
    flush): the daily one waits for a quiet moment (no key, click or mouse move for a while)."""
    import time

    from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

    from counter_app import settings
    from counter_app.db import write_tx
    from ui.app import _after_login_checks
    from ui.idle_lock import IdleLock

    usb = tmp_path / "usb"
    with write_tx(db):
        settings.put_many(db, {"backup_dir": str(usb)})
    win = QMainWindow()
    field = QLineEdit()
    win.setCentralWidget(field)
    qtbot.addWidget(win)
    win.show()
    idle = IdleLock(backend, minutes=60, parent_window=win)
    state = {"info": {"backup_keep": 14}, "idle": idle, "backup_quiet_seconds": 1.5, "backup_retry_ms": 100}
    try:
        _after_login_checks(backend, backend.data_dir, win, state)
        qtbot.keyClicks(field, "Nguyen Van")  # the clerk is typing
        last_key = idle.last_input
        assert time.monotonic() - last_key < 1.5
        state["backup_timer"].timeout.emit()  # the hourly look comes while they type
        assert state["backup_waiting"] and not usb.exists()
        # several looks again (every 100 ms here) while the keyboard has been quiet for less than
        # the time set: none starts it (a backup's first act is to create the folder)
        qtbot.waitUntil(lambda: idle.idle_seconds() >= 0.8, timeout=5_000)
        started = usb.exists()
        assert not started or time.monotonic() - last_key >= 1.5  # (a stalled machine may get there)
        qtbot.waitUntil(lambda: "Đã sao lưu tự động" in win.statusBar().currentMessage(), timeout=30_000)
        assert len(list(usb.glob("counter-backup-*"))) == 1
    finally:
        state["backup_timer"].stop()
        idle.timer.stop()
        QApplication.instance().removeEventFilter(idle)
