"""The sync panel with a long queue (issue 16): it shows a page, reads the next one as the
clerk scrolls to the end, and a refresh reads again only the rows shown."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")


def test_the_panel_pages_through_a_long_queue(qtbot, backend, db, data_dir):
    from counter_app import outbox
    from counter_app.db import write_tx
    from ui import sync_panel
    from ui.sync_adapter import SyncAdapter
    from ui.sync_panel import SyncPanel

    with write_tx(db):
        ids = [outbox.enqueue(db, "dossier", None, None) for _ in range(450)]
        db.execute("UPDATE outbox SET state = 'done' WHERE id <= ?", [ids[49]])  # 50 sent, 400 queued
    adapter = SyncAdapter(data_dir)  # not started: the panel reads the queue itself
    panel = SyncPanel(backend, adapter)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: len(panel.model.rows) == sync_panel.PAGE, timeout=20_000)
    assert [r["id"] for r in panel.model.rows] == ids[50:50 + sync_panel.PAGE]
    assert panel.model.canFetchMore()

    panel.table.setFocus()
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 400 and not panel.model.more, timeout=20_000)
    assert [r["id"] for r in panel.model.rows] == ids[50:]

    with write_tx(db):  # the engine sent the oldest while the panel was open
        db.execute("UPDATE outbox SET state = 'done' WHERE id = ?", [ids[50]])
    with qtbot.waitSignal(panel.reloaded, timeout=20_000):
        panel.reload()
    assert [r["id"] for r in panel.model.rows] == ids[51:]  # the rows shown, read again

    panel.show_done.setChecked(True)  # the sent ones come after the queue, newest first
    qtbot.waitUntil(lambda: not panel._loading and panel.model.rows and panel.model.rows[0]["id"] == ids[51],
                    timeout=20_000)
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 450 and not panel.model.more, timeout=20_000)
    assert [r["id"] for r in panel.model.rows] == ids[51:] + [ids[50]] + ids[49::-1]
