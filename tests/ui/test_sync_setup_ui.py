"""Sync set-up in the GUI ("Thiết lập đồng bộ…") and "Đồng bộ ngay" always answering: real
widgets offscreen driven by keys and clicks, real SQLite, the real reference server on
127.0.0.1."""

from __future__ import annotations

import socket

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from helpers import STATION  # noqa: E402
from qt_input import type_keys  # noqa: E402
from sync_support import configure, secret_of  # noqa: E402


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def chord(qtbot, widget, key, modifier) -> None:
    """A key with a modifier, the modifier then let go (QTest leaves the application's
    modifier state held after ``keyClick(…, modifier)``: a later test's click would extend a
    selection instead of replacing it)."""
    qtbot.keyClick(widget, key, modifier)
    qtbot.keyRelease(widget, Qt.Key_Shift if modifier == Qt.ShiftModifier else Qt.Key_Control)
    assert QApplication.keyboardModifiers() == Qt.NoModifier


def retype(qtbot, widget, text: str) -> None:
    """Select what the field holds and type over it, as a person does."""
    widget.setFocus()
    chord(qtbot, widget, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClick(widget, Qt.Key_Delete)
    type_keys(widget, text)


def run_check(qtbot, dlg) -> tuple[bool, str]:
    with qtbot.waitSignal(dlg.checked, timeout=30_000) as blocker:
        qtbot.mouseClick(dlg.check_btn, Qt.LeftButton)
    assert dlg.result.text() == blocker.args[1] and dlg.result.isVisibleTo(dlg)
    return blocker.args[0], blocker.args[1]


def open_dialog(qtbot, backend, adapter):
    from ui.sync_setup_dialog import SyncSetupDialog

    dlg = SyncSetupDialog(backend, adapter)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.loaded, timeout=20_000):
        dlg.show()
    return dlg


def test_a_supervisor_sets_sync_up_checks_it_and_the_engine_sends(qtbot, backend, server, maker, db, data_dir):
    """Typed into the dialog: a wrong secret and a closed port are said plainly, the right ones
    sign in; "Lưu" stores the settings (audited, the secret outside the database) and the
    engine, which had nothing to run with, starts and sends the dossier taken in."""
    from ui.sync_adapter import SyncAdapter

    _sid, secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    code = maker.dossier(files=1)
    adapter = SyncAdapter(data_dir)
    with qtbot.waitSignal(adapter.unavailable, timeout=20_000):
        adapter.start()  # not set up: the engine does not run
    try:
        dlg = open_dialog(qtbot, backend, adapter)
        assert dlg.station.text() == f"{STATION['agency_code']}/{STATION['station']}"
        assert dlg.secret.echoMode() == QLineEdit.Password
        type_keys(dlg.server, server.url)
        type_keys(dlg.secret, "khoa-sai-" + "x" * 30)
        ok, text = run_check(qtbot, dlg)
        assert not ok and text.startswith("Máy chủ từ chối mã bí mật của trạm")

        retype(qtbot, dlg.secret, secret)
        qtbot.mouseClick(dlg.show_secret, Qt.LeftButton)  # "Hiện": the clerk reads what was pasted
        assert dlg.secret.echoMode() == QLineEdit.Normal and dlg.secret.text() == secret
        ok, text = run_check(qtbot, dlg)
        assert ok and text == "Kết nối được, đăng nhập được."

        retype(qtbot, dlg.server, closed_port_url())
        ok, text = run_check(qtbot, dlg)
        assert not ok and text.startswith("Không kết nối được tới máy chủ: ")
        retype(qtbot, dlg.server, server.url)

        with qtbot.waitSignal(dlg.saved, timeout=20_000):
            qtbot.mouseClick(dlg.save_btn, Qt.LeftButton)
        qtbot.waitUntil(lambda: server.store.dossier(code) is not None, timeout=30_000)
        qtbot.waitUntil(lambda: adapter.last_status.get("queued") == 0, timeout=30_000)
        assert adapter.unavailable_reason == ""
    finally:
        adapter.stop()
    actor, details = db.execute("SELECT actor, details FROM audit WHERE action = 'sync-setup'").fetchone()
    assert actor == "admin:admin" and secret not in details
    assert secret.encode() not in (data_dir / "counter.sqlite3").read_bytes()


def test_saving_new_settings_restarts_a_running_engine(qtbot, backend, server, maker, data_dir):
    """The engine runs against a server address where nothing answers; the supervisor corrects
    the address (keeping the stored secret): the engine restarts with it and the dossier goes up."""
    from ui.sync_adapter import SyncAdapter

    _sid, secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    configure(data_dir, closed_port_url(), secret)
    code = maker.dossier(files=0)
    adapter = SyncAdapter(data_dir)
    adapter.start()
    try:
        qtbot.waitUntil(lambda: adapter.last_status.get("online") is False, timeout=30_000)
        dlg = open_dialog(qtbot, backend, adapter)
        assert dlg.secret.placeholderText() == "(để trống: giữ khóa đang dùng)"
        retype(qtbot, dlg.server, server.url)
        ok, _text = run_check(qtbot, dlg)  # the stored secret is used
        assert ok
        with qtbot.waitSignal(dlg.saved, timeout=20_000):
            qtbot.mouseClick(dlg.save_btn, Qt.LeftButton)
        qtbot.waitUntil(lambda: server.store.dossier(code) is not None, timeout=30_000)
        qtbot.waitUntil(lambda: adapter.last_status.get("online") is True, timeout=30_000)
    finally:
        adapter.stop()
    assert not adapter.running


def test_sync_now_without_settings_says_how_to_set_it_up(qtbot, backend):
    """Shift+F9 in the main window and "Đồng bộ ngay" in the panel both answer when sync has
    never been set up; a supervisor has the "Thiết lập đồng bộ…" button."""
    from ui.main_window import MainWindow
    from ui_flows import INFO

    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    try:
        qtbot.waitUntil(lambda: bool(win.sync.unavailable_reason), timeout=20_000)
        chord(qtbot, win, Qt.Key_F9, Qt.ShiftModifier)
        qtbot.waitUntil(lambda: "Chưa thiết lập đồng bộ" in win.statusBar().currentMessage(), timeout=20_000)
        assert "Thiết lập đồng bộ…" in win.statusBar().currentMessage()

        panel = win.open_sync_panel()
        assert panel.setup_btn.isVisibleTo(panel)
        assert "sync-setup" not in panel.summary.text() and "Chưa thiết lập đồng bộ" in panel.summary.text()
        qtbot.mouseClick(panel.sync_now_btn, Qt.LeftButton)
        qtbot.waitUntil(lambda: "Không đồng bộ được: Chưa thiết lập đồng bộ" in panel.banner.text(), timeout=20_000)
        assert panel.banner.isVisibleTo(panel)
    finally:
        win.sync.stop()


def test_sync_now_reports_what_the_pass_did_and_when_the_server_is_away(qtbot, backend, station, server, maker):
    from ui.sync_adapter import SyncAdapter
    from ui.sync_panel import SyncPanel

    # The tests' 0.2 s idle pass could send the dossier before the click: then the answer
    # (rightly) says 0 sent. Idle for a minute: only the click starts a pass that sends it.
    configure(station, server.url, secret_of(station), idle_interval=60.0)
    adapter = SyncAdapter(station)
    panel = SyncPanel(backend, adapter)
    qtbot.addWidget(panel)
    panel.show()
    adapter.start()
    try:
        qtbot.waitUntil(lambda: adapter.last_status.get("online") is True and not adapter.last_status.get("running"),
                        timeout=30_000)
        maker.dossier(files=1)
        with qtbot.waitSignal(adapter.answered, timeout=30_000,
                              check_params_cb=lambda text, kind: kind != "info") as blocker:
            qtbot.mouseClick(panel.sync_now_btn, Qt.LeftButton)
        assert blocker.args[1] == "ok"
        assert blocker.args[0].startswith("Đồng bộ xong: đã gửi 1 hồ sơ, 1 tệp, 0 bước xử lý")
        assert panel.banner.text() == blocker.args[0]

        server.stop()
        maker.dossier(files=0)
        with qtbot.waitSignal(adapter.answered, timeout=30_000,
                              check_params_cb=lambda text, kind: kind != "info") as blocker:
            chord(qtbot, panel, Qt.Key_F9, Qt.ShiftModifier)
        assert blocker.args[1] == "error"
        assert "Không kết nối được tới hệ thống tỉnh" in blocker.args[0]
        assert panel.banner.text() == blocker.args[0]
    finally:
        adapter.stop()


def test_a_clerk_sees_who_sets_sync_up(qtbot, qapp, data_dir):
    from counter_app import accounts
    from counter_app.db import open_data_dir
    from qt_backend import make_backend
    from ui.main_window import MainWindow
    from ui_flows import INFO

    db = open_data_dir(data_dir)
    try:
        accounts.create_user(db, "canbo", "Lê Văn Cán", "clerk", "matkhau-can-bo")
        clerk = accounts.authenticate(db, "canbo", "matkhau-can-bo")
    finally:
        db.close()
    backend = make_backend(data_dir, qapp)
    backend.actor = clerk
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    try:
        sync_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "Đồng bộ")
        setup = next(a for a in sync_menu.actions() if a.text() == "Thiết lập đồng bộ…")
        assert not setup.isEnabled()
        assert setup.toolTip() == "Chỉ giám sát hoặc quản trị viên thiết lập được đồng bộ."
        panel = win.open_sync_panel()
        assert not panel.setup_btn.isVisibleTo(panel)
        qtbot.waitUntil(lambda: "Giám sát hoặc quản trị viên" in panel.summary.text(), timeout=20_000)
    finally:
        win.sync.stop()
        win.close()
        backend.close()
