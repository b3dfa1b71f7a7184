"""Issue 17 scope 6 in the GUI: from the dossier's detail the clerk records the financial
obligation asked (status 6, amount), then its receipt (back to where it was), and the resolving
body's "cannot resolve" return, whose notice opens in the print preview."""

import subprocess

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from qt_input import ime_commit
from ui.main_window import MainWindow
from ui_flows import INFO, take_in_through_main_window


def pdf_text(pdf: bytes, tmp_path) -> str:
    f = tmp_path / "x.pdf"
    f.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True).stdout.split())


def test_obligation_paid_and_unresolvable(qtbot, backend, tmp_path):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    code = take_in_through_main_window(qtbot, win)
    qtbot.waitUntil(lambda: getattr(win, "preview", None) is not None and win.preview.pdf != b"", timeout=20_000)
    win.preview.reject()
    ledger = win.ledger

    def open_action(action: str):
        win.tabs.setCurrentWidget(ledger)
        qtbot.waitUntil(lambda: ledger.model.rowCount() == 1 and ledger.model.code_at(0) == code, timeout=20_000)
        with qtbot.waitSignal(ledger.detail_opened, timeout=20_000) as d:
            ledger.open_detail(0)
        button = d.args[0].findChild(QPushButton, f"action-{action}")
        assert button is not None, f"no button for {action}"
        with qtbot.waitSignal(ledger.action_opened, timeout=20_000) as a:
            qtbot.mouseClick(button, Qt.LeftButton)
        return a.args[0]

    def ok(dlg):
        qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)

    # the obligation: a bad amount is refused in Vietnamese and nothing is lost
    dlg = open_action("obligation")
    ime_commit(dlg.content, "Lệ phí trước bạ")
    qtbot.keyClicks(dlg.amount, "10k")
    ok(dlg)
    qtbot.waitUntil(lambda: "Số tiền phải là số nguyên dương" in dlg.banner.text(), timeout=20_000)
    assert dlg.isVisible() and dlg.content.text() == "Lệ phí trước bạ"
    dlg.amount.clear()
    qtbot.keyClicks(dlg.amount, "150000")
    with qtbot.waitSignal(dlg.performed, timeout=20_000):
        ok(dlg)
    qtbot.waitUntil(lambda: ledger.model.rowCount() == 1, timeout=20_000)

    # paid: the receipt number; the dossier goes back to "Được tiếp nhận"
    dlg = open_action("obligation-paid")
    qtbot.keyClicks(dlg.receipt_no, "BL-0042")
    qtbot.keyClicks(dlg.receipt_date, "05/12/2026")
    with qtbot.waitSignal(dlg.performed, timeout=20_000):
        ok(dlg)

    # the resolving body's return: the notice opens in the preview
    dlg = open_action("unresolvable")
    ime_commit(dlg.reason, "Không thuộc trường hợp được cấp")
    with qtbot.waitSignal(ledger.preview_opened, timeout=20_000) as p:
        with qtbot.waitSignal(dlg.performed, timeout=20_000):
            ok(dlg)
    preview = p.args[0]
    qtbot.waitUntil(lambda: preview.pdf != b"" and preview.form_id == "tb-kgq", timeout=20_000)
    text = pdf_text(preview.pdf, tmp_path)
    assert "THÔNG BÁO TRẢ LẠI HỒ SƠ KHÔNG GIẢI QUYẾT" in text and "Không thuộc trường hợp được cấp" in text
    preview.reject()
    with qtbot.waitSignal(ledger.detail_opened, timeout=20_000) as d:
        win.tabs.setCurrentWidget(ledger)
        qtbot.waitUntil(lambda: ledger.model.rowCount() == 1, timeout=20_000)
        ledger.open_detail(0)
    shown = d.args[0].view.toPlainText()
    assert "Dừng xử lý" in shown and "Biên lai số BL-0042, 150.000 đồng" in shown
