"""Issue 17 item 4 in the dossier detail: a certified copy (2.000815) offers "Gia hạn theo quy
định / thỏa thuận"; the clerk picks 2 working days, types the reason, confirms; the appointment
moves, the step is in the history and the written agreement opens in the print preview. A
dossier whose procedure has no such rule shows no button."""

import sqlite3
import subprocess

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from counter_app import accounts, dossiers, intake, paths, timeutil
from counter_app.catalogue import load_seed_catalogue
from counter_app.db import open_data_dir
from helpers import STATION, sample_intake
from qt_input import ime_commit
from ui.actions import action_bar
from ui.main_window import MainWindow
from ui_flows import INFO


def take_in(data_dir, **over) -> str:
    db = open_data_dir(data_dir)
    try:
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        return intake.save(db, intake.parse_request(sample_intake(received_at=timeutil.iso(timeutil.now()), **over)),
                           admin).code
    finally:
        db.close()


def due_and_steps(data_dir, code):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        due = c.execute("SELECT due_at FROM dossiers WHERE code = ?", [code]).fetchone()[0]
        steps = c.execute("SELECT h.note FROM history h JOIN dossiers d ON d.id = h.dossier_id "
                          "WHERE d.code = ? AND h.action = 'agreed-extension'", [code]).fetchall()
        return due, steps
    finally:
        c.close()


def open_detail(qtbot, win, code):
    ledger = win.ledger
    win.tabs.setCurrentWidget(ledger)
    ledger.reload(keep=True)
    qtbot.waitUntil(lambda: any(ledger.model.code_at(r) == code for r in range(ledger.model.rowCount())), timeout=20_000)
    row = next(r for r in range(ledger.model.rowCount()) if ledger.model.code_at(r) == code)
    with qtbot.waitSignal(ledger.detail_opened, timeout=20_000) as d:
        ledger.open_detail(row)
    return d.args[0]


def test_certified_copy_extension_from_the_detail(qtbot, backend, data_dir, tmp_path):
    p = load_seed_catalogue().find("2.000815")
    comps = [{"name": c.name, "originals": 1, "certified_copies": 15, "pages": 50} for c in p.required_components]
    code = take_in(data_dir, procedure_code="2.000815", components=comps)
    other = take_in(data_dir)
    before, _ = due_and_steps(data_dir, code)
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    ledger = win.ledger

    db = open_data_dir(data_dir)
    try:  # 1.004873 has no extension rule: its action bar has no such button
        bar = action_bar(dossiers.get_detail(db, other), lambda _a: None)
        assert bar.findChild(QPushButton, "action-agreed-extension") is None
        assert action_bar(dossiers.get_detail(db, code), lambda _a: None).findChild(
            QPushButton, "action-agreed-extension") is not None
    finally:
        db.close()

    detail = open_detail(qtbot, win, code)
    button = detail.findChild(QPushButton, "action-agreed-extension")
    assert button is not None and button.text() == "Gia hạn theo quy định / thỏa thuận"
    with qtbot.waitSignal(ledger.action_opened, timeout=20_000) as a:
        qtbot.mouseClick(button, Qt.LeftButton)
    dlg = a.args[0]
    assert dlg.by_days.isChecked() and dlg.days.maximum() == 2 and "Điều 21" in dlg.basis.text()
    qtbot.keyClick(dlg.days, Qt.Key_Up)  # 1 → 2 working days
    assert dlg.days.value() == 2
    ime_commit(dlg.reason, "Bản chính 50 trang, yêu cầu 15 bản sao")
    with qtbot.waitSignal(ledger.preview_opened, timeout=20_000) as p:
        with qtbot.waitSignal(dlg.performed, timeout=20_000):
            qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)
    preview = p.args[0]
    qtbot.waitUntil(lambda: preview.pdf != b"" and preview.form_id == "thoa-thuan", timeout=20_000)
    f = tmp_path / "tt.pdf"
    f.write_bytes(preview.pdf)
    text = " ".join(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True).stdout.split())
    assert "VĂN BẢN THỎA THUẬN GIA HẠN THỜI HẠN GIẢI QUYẾT" in text and "Bản chính 50 trang" in text
    preview.reject()
    after, steps = due_and_steps(data_dir, code)
    assert timeutil.parse_iso(after) > timeutil.parse_iso(before)
    assert steps == [("Gia hạn theo quy định / thỏa thuận bằng văn bản: Bản chính 50 trang, yêu cầu 15 bản sao",)]


def test_a_refused_extension_keeps_the_dialog_open_with_the_reason(qtbot, backend, data_dir):
    p = load_seed_catalogue().find("2.000815")
    comps = [{"name": c.name, "originals": 1, "certified_copies": 1, "pages": 1} for c in p.required_components]
    code = take_in(data_dir, procedure_code="2.000815", components=comps)
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    detail = open_detail(qtbot, win, code)
    with qtbot.waitSignal(win.ledger.action_opened, timeout=20_000) as a:
        qtbot.mouseClick(detail.findChild(QPushButton, "action-agreed-extension"), Qt.LeftButton)
    dlg = a.args[0]
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)  # no reason typed
    qtbot.waitUntil(lambda: "Cần ghi lý do gia hạn" in dlg.banner.text(), timeout=20_000)
    assert dlg.isVisible() and due_and_steps(data_dir, code)[1] == []
