"""Choosing a national gateway adapter in "Thiết lập đồng bộ…": its fields appear, a missing
one is said plainly, the saved settings make the running engine send to the stand-in gateway
(tests/gateway_standins.py); the password goes to the secret store, never the database."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLineEdit  # noqa: E402

from gateway_standins import LgspStandin  # noqa: E402
from helpers import STATION  # noqa: E402
from qt_input import type_keys  # noqa: E402


@pytest.fixture
def lgsp():
    standin = LgspStandin().start()
    yield standin
    standin.stop()


def run_check(qtbot, dlg) -> tuple[bool, str]:
    with qtbot.waitSignal(dlg.checked, timeout=30_000) as blocker:
        qtbot.mouseClick(dlg.check_btn, Qt.LeftButton)
    return blocker.args[0], blocker.args[1]


def open_dialog(qtbot, backend, adapter):
    from ui.sync_setup_dialog import SyncSetupDialog

    dlg = SyncSetupDialog(backend, adapter)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.loaded, timeout=20_000):
        dlg.show()
    return dlg


def test_a_supervisor_chooses_the_lgsp_gateway_and_the_engine_sends_there(qtbot, backend, server, maker, db,
                                                                          data_dir, lgsp):
    from ui.sync_adapter import SyncAdapter

    _sid, secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    code = maker.dossier(files=1)
    adapter = SyncAdapter(data_dir)
    with qtbot.waitSignal(adapter.unavailable, timeout=20_000):
        adapter.start()
    try:
        dlg = open_dialog(qtbot, backend, adapter)
        assert not dlg.gateway.isVisibleTo(dlg)  # the reference adapter has no gateway fields
        type_keys(dlg.server, server.url)
        type_keys(dlg.secret, secret)
        dlg.adapter_box.setFocus()
        qtbot.keyClick(dlg.adapter_box, Qt.Key_Up)  # reference → lgsp
        assert dlg.adapter_box.currentData() == "lgsp" and dlg.gateway.isVisibleTo(dlg)
        edits = dlg.gateway.edits["lgsp"]
        assert edits["password"].echoMode() == QLineEdit.Password
        # Tab from the adapter choice walks the gateway's fields in order.
        qtbot.keyClick(dlg.adapter_box, Qt.Key_Tab)
        assert edits["gateway_url"].hasFocus()
        opts = lgsp.options()
        for name in ("gateway_url", "auth_path", "integration_path", "madonvi"):
            type_keys(edits[name], opts[name])
        qtbot.mouseClick(dlg.save_btn, Qt.LeftButton)
        qtbot.waitUntil(lambda: dlg.banner.isVisibleTo(dlg) and "Tên đăng nhập cổng" in dlg.banner.text(),
                        timeout=20_000)
        assert dlg.banner.text().startswith("Thiếu thông tin cấu hình cổng kết nối")
        type_keys(edits["username"], opts["username"])
        qtbot.mouseClick(dlg.save_btn, Qt.LeftButton)
        qtbot.waitUntil(lambda: "Chưa có mật khẩu đăng nhập cổng LGSP" in dlg.banner.text(), timeout=20_000)
        # "Kiểm tra kết nối" signs in at the gateway too, with the password typed.
        type_keys(edits["password"], "mat-khau-sai")
        ok, text = run_check(qtbot, dlg)
        assert not ok and text.startswith("Cổng LGSP từ chối đăng nhập (mã lỗi 1): Sai tên đăng nhập hoặc mật khẩu.")
        edits["password"].setFocus()
        qtbot.keyClick(edits["password"], Qt.Key_A, Qt.ControlModifier)
        qtbot.keyRelease(edits["password"], Qt.Key_Control)
        qtbot.keyClick(edits["password"], Qt.Key_Delete)
        type_keys(edits["password"], lgsp.password)
        ok, text = run_check(qtbot, dlg)
        assert ok and text == "Kết nối được, đăng nhập được (cả máy chủ tệp và cổng kết nối)."
        assert lgsp.records == {}  # a check sends no record
        with qtbot.waitSignal(dlg.saved, timeout=20_000):
            qtbot.mouseClick(dlg.save_btn, Qt.LeftButton)
        qtbot.waitUntil(lambda: code in lgsp.records and bool(lgsp.history(code)), timeout=30_000)
        qtbot.waitUntil(lambda: adapter.last_status.get("queued") == 0, timeout=30_000)

        # Opened again: the stored settings are shown, the password kept unless retyped.
        dlg2 = open_dialog(qtbot, backend, adapter)
        assert dlg2.adapter_box.currentData() == "lgsp"
        edits2 = dlg2.gateway.edits["lgsp"]
        assert edits2["madonvi"].text() == lgsp.madonvi and edits2["password"].text() == ""
        assert edits2["password"].placeholderText() == "(để trống: giữ mật khẩu đang dùng)"
    finally:
        adapter.stop()
    assert (data_dir / "sync-secret-gateway").read_text(encoding="utf-8") == lgsp.password
    assert lgsp.password.encode() not in (data_dir / "counter.sqlite3").read_bytes()
    details = db.execute("SELECT details FROM audit WHERE action = 'sync-setup' ORDER BY id DESC").fetchone()[0]
    assert lgsp.password not in details and "lgsp" in details


def test_gateway_field_mnemonics_do_not_clash_with_the_dialog(qtbot, backend):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from ui.sync_adapter import SyncAdapter
    from ui.sync_gateway_fields import PAGES

    dlg = open_dialog(qtbot, backend, SyncAdapter(backend.data_dir))

    def keys(texts):
        out = []
        for text in texts:
            i = text.find("&")
            if i >= 0 and i + 1 < len(text):
                out.append(text[i + 1].lower())
        return out

    own = [w.text() for w in dlg.findChildren(QLabel) + dlg.findChildren(QAbstractButton)
           if not dlg.gateway.isAncestorOf(w)]
    for adapter, rows in PAGES.items():
        page = keys(label for _n, label, _p in rows)
        assert len(set(page)) == len(page), adapter
        assert not set(page) & set(keys(own)), (adapter, set(page) & set(keys(own)))
