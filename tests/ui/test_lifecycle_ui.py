"""One dossier walked through intake → supplement → papers received → handover → result ready →
return in the real main window, printing the forms of each step; the worklists follow along
without a restart."""

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


def test_walk_a_dossier_through_its_life(qtbot, backend, tmp_path):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    code = take_in_through_main_window(qtbot, win)
    qtbot.waitUntil(lambda: getattr(win, "preview", None) is not None and win.preview.pdf != b"", timeout=20_000)
    assert code in pdf_text(win.preview.pdf, tmp_path)  # Mẫu 01
    win.preview.reject()
    ledger = win.ledger
    counts = lambda: win.worklists.counts  # noqa: E731

    def act(action: str, fill=None):
        win.tabs.setCurrentWidget(ledger)  # the clerk opens the ledger tab (a hidden one reloads when shown)
        qtbot.waitUntil(lambda: ledger.model.rowCount() == 1 and ledger.model.code_at(0) == code, timeout=20_000)
        with qtbot.waitSignal(ledger.detail_opened, timeout=20_000) as d:
            ledger.open_detail(0)
        button = d.args[0].findChild(QPushButton, f"action-{action}")
        assert button is not None, f"no button for {action}"
        with qtbot.waitSignal(ledger.action_opened, timeout=20_000) as a:
            qtbot.mouseClick(button, Qt.LeftButton)
        dlg = a.args[0]
        if fill:
            fill(dlg)
        with qtbot.waitSignal(dlg.performed, timeout=20_000):
            qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)

    # 1. supplement: Mẫu 02 opens with the recorded values
    def fill_supplement(dlg):
        ime_commit(dlg.reason, "Thiếu giấy tờ chứng minh đã ly hôn")
        ime_commit(dlg.items, "Bản sao trích lục ghi chú ly hôn")

    with qtbot.waitSignal(ledger.preview_opened, timeout=20_000) as p:
        act("supplement", fill_supplement)
    preview = p.args[0]
    qtbot.waitUntil(lambda: preview.pdf != b"" and preview.form_id == "mau-02", timeout=20_000)
    text = pdf_text(preview.pdf, tmp_path)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Thiếu giấy tờ chứng minh đã ly hôn" in text and "Bản sao trích lục ghi chú ly hôn" in text
    preview.reject()
    qtbot.waitUntil(lambda: counts().get("supplement") == 1, timeout=20_000)

    # 2. papers received, 3. handover
    act("supplement-received")
    qtbot.waitUntil(lambda: counts().get("supplement") == 0, timeout=20_000)

    def fill_unit(dlg):
        dlg.unit.clear()
        ime_commit(dlg.unit, "Văn phòng HĐND và UBND xã")

    act("handover", fill_unit)
    qtbot.waitUntil(lambda: counts().get("handed-over") == 1, timeout=20_000)
    # 4. result ready
    act("result-received")
    qtbot.waitUntil(lambda: counts().get("ready") == 1 and counts().get("handed-over") == 0, timeout=20_000)
    win.worklists.lists.setCurrentRow(3)  # "Có kết quả, chờ trả"
    qtbot.waitUntil(lambda: win.worklists.ledger.model.code_at(0) == code, timeout=20_000)

    # 5. return to an authorised person
    def fill_return(dlg):
        dlg.collector.setCurrentIndex(1)
        ime_commit(dlg.collector_name, "Lê Thị Bích")
        qtbot.keyClicks(dlg.collector_id, "001301004321")

    act("return", fill_return)
    qtbot.waitUntil(lambda: counts() and sum(counts().values()) == 0, timeout=20_000)

    # Mẫu 06 (control slip) shows each handover line
    qtbot.waitUntil(lambda: ledger.model.code_at(0) == code, timeout=20_000)
    with qtbot.waitSignal(ledger.detail_opened, timeout=20_000) as d:
        ledger.open_detail(0)
    assert "Đã trả kết quả" in d.args[0].view.toPlainText()
    with qtbot.waitSignal(ledger.preview_opened, timeout=20_000) as p:
        qtbot.mouseClick(d.args[0].reprint, Qt.LeftButton)
    preview = p.args[0]
    with qtbot.waitSignal(preview.rendered, timeout=20_000):
        preview.form.setCurrentIndex(preview.form.findData("mau-06"))
    text = pdf_text(preview.pdf, tmp_path)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Văn phòng HĐND và UBND xã" in text and "Giao" in text and "Nhận" in text
