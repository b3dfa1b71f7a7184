"""The result document's scan from the dossier's details (issue 20 scope 5), as a clerk does it:
Ctrl+K on a dossier whose result is in, a file imported through the scan panel, the number
typed, "Đính kèm"; real widgets offscreen, real files, real SQLite."""

from PySide6.QtCore import Qt

from counter_app import dossiers, intake, lifecycle
from counter_app.accounts import cli_actor
from counter_app.db import open_data_dir
from counter_app.scanning import samples, store
from helpers import sample_intake
from ui.ledger import LedgerView


def _dossier(data_dir, steps):
    db = open_data_dir(data_dir)
    try:
        code = intake.save(db, intake.parse_request(sample_intake()), cli_actor()).code
        for action, data in steps:
            lifecycle.perform(db, code, action, cli_actor(), data)
        return code, dossiers.get_detail(db, code)
    finally:
        db.close()


def _open_detail(qtbot, ledger, detail):
    with qtbot.waitSignal(ledger.detail_opened, timeout=10_000) as opened:
        ledger._show_detail(detail)
    dlg = opened.args[0]
    qtbot.addWidget(dlg)
    return dlg


def test_ctrl_k_attaches_the_result_scan(qtbot, backend, data_dir, tmp_path):
    code, detail = _dossier(data_dir, [("handover", {"unit": "Văn phòng UBND xã"}), ("result-received", {})])
    ledger = LedgerView(backend)
    qtbot.addWidget(ledger)
    dlg = _open_detail(qtbot, ledger, detail)
    assert dlg.findChild(object, "action-attach-result") is not None
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=10_000)
    with qtbot.waitSignal(ledger.action_opened, timeout=10_000) as opened:
        qtbot.keyClick(dlg.view, Qt.Key_K, Qt.ControlModifier)
    scan = opened.args[0]
    qtbot.waitUntil(lambda: scan.isVisible(), timeout=10_000)
    # nothing scanned yet: a clear message, nothing written
    qtbot.mouseClick(scan.ok, Qt.LeftButton)
    assert "Chưa có trang nào" in scan.banner.text()
    png = tmp_path / "ket-qua.png"
    png.write_bytes(samples.encode(samples.text_page("Giấy xác nhận", dpi=100, mark=1), "PNG"))
    scan.panel.import_files([str(png)])
    qtbot.waitUntil(lambda: len(scan.pages()) == 1, timeout=20_000)
    qtbot.keyClicks(scan.number, "12/2026")
    with qtbot.waitSignal(scan.attached, timeout=20_000) as done:
        qtbot.mouseClick(scan.ok, Qt.LeftButton)
    res = done.args[0]
    assert res["code"] == code and res["pages"] == 1
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10_000)  # the detail shown was out of date: closed
    db = open_data_dir(data_dir)
    try:
        again = _open_detail(qtbot, ledger, dossiers.get_detail(db, code))
    finally:
        db.close()
    assert "Bản quét kết quả:" in again.view.toHtml() and "chưa gửi lên tỉnh" in again.view.toPlainText()
    again.reject()
    db = open_data_dir(data_dir)
    try:
        rows = db.execute("SELECT a.kind, a.doc_number, a.sha256 FROM attachments a JOIN dossiers d ON d.id = a.dossier_id "
                          "WHERE d.code = ?", [code]).fetchall()
        assert [tuple(r) for r in rows] == [("result", "12/2026", res["sha256"])]
        assert store.read(data_dir, res["sha256"], "pdf").startswith(b"%PDF")
        assert db.execute("SELECT state FROM outbox WHERE kind = 'file' AND ref = ?", [res["sha256"]]).fetchone()[0] == "pending"
    finally:
        db.close()


def test_no_result_scan_button_before_the_result(qtbot, backend, data_dir):
    _code, detail = _dossier(data_dir, [])
    ledger = LedgerView(backend)
    qtbot.addWidget(ledger)
    dlg = _open_detail(qtbot, ledger, detail)
    assert dlg.findChild(object, "action-attach-result") is None
    dlg.reject()
