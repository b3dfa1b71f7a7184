"""The sync engine inside the GUI: its own thread behind ``ui/sync_adapter.py``, the status-bar
indicator and the sync panel (real widgets offscreen, the real reference server)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")


@pytest.fixture
def backend(station, qapp):
    from qt_backend import make_backend

    b = make_backend(station, qapp)
    yield b
    b.close()


def test_panel_indicator_and_supervisor_actions(qtbot, backend, maker, db, server):
    from counter_app import dossiers, outbox
    from ui.sync_adapter import SyncAdapter
    from ui.sync_panel import SyncIndicator, SyncPanel

    codes = [maker.dossier(files=1, steps=1) for _ in range(3)]
    aside = db.execute("SELECT id FROM outbox WHERE kind = 'dossier' ORDER BY id DESC LIMIT 1").fetchone()[0]
    outbox.set_aside(db, aside, maker.actor, "Chờ kiểm tra lại")

    adapter = SyncAdapter(backend.data_dir)
    indicator = SyncIndicator(adapter)
    panel = SyncPanel(backend, adapter)
    qtbot.addWidget(indicator)
    qtbot.addWidget(panel)
    panel.show()
    adapter.start()
    try:
        # Everything but the row set aside (and the progress entry waiting behind it) goes up.
        qtbot.waitUntil(lambda: adapter.last_status.get("online") is True
                        and adapter.last_status.get("queued") == 2 and not adapter.last_status.get("running"),
                        timeout=30_000)
        assert "Trực tuyến" in indicator.text() and "chờ gửi 2" in indicator.text()
        assert "cần xử lý 1" in indicator.text()
        with qtbot.waitSignal(panel.reloaded, timeout=20_000):
            panel.reload()
        states = {(r["kind"], r["state"]) for r in panel.model.rows}
        assert states == {("dossier", "needs-attention"), ("progress", "pending")}
        row = next(i for i, r in enumerate(panel.model.rows) if r["id"] == aside)
        assert panel.model.data(panel.model.index(row, 6)) == "Giám sát tạm gác lại: Chờ kiểm tra lại"
        assert panel.model.data(panel.model.index(row, 3)) == "Cần xử lý"
        assert panel.requeue_btn.isVisibleTo(panel)  # the signed-in account is an administrator

        # A supervisor puts it back; the engine is woken and the queue empties.
        panel.table.selectRow(row)
        panel.requeue_btn.click()
        qtbot.waitUntil(lambda: adapter.last_status.get("queued") == 0 and not adapter.last_status.get("running"),
                        timeout=30_000)

        # A status set by the resolving unit arrives through the pull.
        server.store.set_status(codes[0], 9, "Đã có kết quả", unit="Phòng Tư pháp")
        with qtbot.waitSignal(adapter.remote_changes, timeout=30_000) as blocker:
            adapter.sync_now()
        assert blocker.args == [1]
        assert dossiers.get_detail(db, codes[0])["status"] == 9
    finally:
        adapter.stop()
    assert not adapter.running


def test_indicator_when_sync_is_not_configured(qtbot, qapp, data_dir):
    from ui.sync_adapter import SyncAdapter
    from ui.sync_panel import SyncIndicator

    adapter = SyncAdapter(data_dir)
    indicator = SyncIndicator(adapter)
    qtbot.addWidget(indicator)
    with qtbot.waitSignal(adapter.unavailable, timeout=20_000) as blocker:
        adapter.start()
    assert "Thiết lập đồng bộ…" in blocker.args[0] and "sync-setup" not in blocker.args[0]
    assert indicator.text() == "Đồng bộ: chưa hoạt động"
    adapter.stop()


def test_a_supervisor_accepts_held_calendar_changes_in_the_panel(qtbot, backend, db, server):
    """A calendar change of a past day is held; the panel shows it with the day and, for a
    supervisor, the buttons that decide; accepting applies it."""
    from datetime import timedelta

    from counter_app import timeutil
    from ui.sync_adapter import SyncAdapter
    from ui.sync_panel import SyncPanel

    day = timeutil.now().date() - timedelta(days=14)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    server.store.publish("holiday", {"day": day.isoformat(), "kind": "off", "name": "Nghỉ (tỉnh)"})
    adapter = SyncAdapter(backend.data_dir)
    panel = SyncPanel(backend, adapter)
    qtbot.addWidget(panel)
    panel.show()
    adapter.start()
    try:
        qtbot.waitUntil(lambda: db.execute("SELECT COUNT(*) FROM sync_inbox WHERE state = 'deferred'").fetchone()[0] == 1,
                        timeout=30_000)
        with qtbot.waitSignal(panel.reloaded, timeout=20_000):
            panel.reload()
        assert f"Lịch làm việc ngày {day.isoformat()}" in panel.province.text()
        assert "Chờ giám sát xác nhận" in panel.province.text()
        assert panel.accept_cal_btn.isVisibleTo(panel) and panel.refuse_cal_btn.isVisibleTo(panel)
        panel.accept_cal_btn.click()
        qtbot.waitUntil(lambda: db.execute("SELECT kind FROM calendar_days WHERE day = ?",
                                           [day.isoformat()]).fetchone() is not None, timeout=20_000)
        qtbot.waitUntil(lambda: not panel.accept_cal_btn.isVisibleTo(panel), timeout=20_000)
    finally:
        adapter.stop()
