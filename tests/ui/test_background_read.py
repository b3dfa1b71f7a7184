"""Long reads after login (the integrity check: 10-25 s at a million dossiers) run on the
backend's own background thread and connection at low priority: both readers stay free for
the screens, and closing the backend interrupts the read instead of waiting for it."""

from __future__ import annotations

import os
import sys
import threading

import pytest

pytest.importorskip("PySide6.QtWidgets")


def test_a_background_read_leaves_the_readers_free(qtbot, backend):
    release = threading.Event()
    seen: dict = {}

    def long_check(db):
        seen["thread"] = threading.current_thread().name
        if sys.platform.startswith("linux"):
            seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        seen["ok"] = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        release.wait(30)
        return "ok"

    done: list = []
    backend.read_in_background(long_check, on_done=done.append)
    qtbot.waitUntil(lambda: "ok" in seen, timeout=20_000)
    answers: list = []
    for _ in range(2):  # both readers answer while the long check still runs
        backend.read(lambda db: db.execute("SELECT count(*) FROM dossiers").fetchone()[0], on_done=answers.append)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=20_000)
    assert not done
    release.set()
    qtbot.waitUntil(lambda: done == ["ok"], timeout=20_000)
    assert seen["thread"].startswith("db-background") and seen["ok"] == "ok"
    if sys.platform.startswith("linux"):
        assert seen["nice"] == 19


def test_closing_interrupts_a_long_background_read(qtbot, qapp, data_dir):
    from qt_backend import make_backend

    b = make_backend(data_dir, qapp)
    started = threading.Event()
    outcome: dict = {}

    def endless(db):
        started.set()
        try:
            db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").fetchone()
        except Exception as exc:  # noqa: BLE001 - what the interrupt raises
            outcome["error"] = str(exc)
            raise

    b.read_in_background(endless)
    assert started.wait(20)
    b.close()
    assert "interrupted" in outcome["error"]
