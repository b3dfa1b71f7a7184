"""Save → the Mẫu 01 preview appears → "Lưu PDF" writes a file identical to the CLI's output;
printing to a PDF printer; reprint from the ledger; prints are audited."""

import json
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from counter_app import paths
from ui.main_window import MainWindow
from ui_flows import INFO, take_in_through_main_window



@pytest.mark.slow
def test_save_preview_save_pdf_equals_cli(qtbot, backend, data_dir, tmp_path, monkeypatch):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    code = take_in_through_main_window(qtbot, win)
    qtbot.waitUntil(lambda: getattr(win, "preview", None) is not None, timeout=20_000)
    preview = win.preview
    qtbot.waitUntil(lambda: preview.page_count() == 2, timeout=20_000)  # Liên 1 and Liên 2
    assert preview.isVisible() and preview.save_button.isEnabled()

    target = tmp_path / "ui.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    with qtbot.waitSignal(preview.saved, timeout=20_000):
        qtbot.mouseClick(preview.save_button, Qt.LeftButton)
    cli_out = tmp_path / "cli.pdf"
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), "print", "mau-01",
                        "--dossier", code, "--out", str(cli_out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert target.read_bytes() == cli_out.read_bytes()

    # Print to a PDF "printer" (no physical printer here): the pages go through QPainter.
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(preview.printed, timeout=20000):
        preview.send_to_printer(printer, "mau-01")
    out = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
    info = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    assert info["Pages"].strip() == "2"
    assert "(A5)" in info["Page size"]  # the form's own paper

    # The slip is one click away.
    with qtbot.waitSignal(preview.rendered, timeout=20_000) as r2:
        qtbot.mouseClick(preview.slip_button, Qt.LeftButton)
    assert r2.args[0] == "slip" and preview.page_count() == 1

    qtbot.waitUntil(lambda: backend.writer.in_flight == 0, timeout=20_000)
    conn = sqlite3.connect(paths.db_path(data_dir))
    prints = [json.loads(d) for a, d in conn.execute("SELECT action, details FROM audit WHERE action = 'print'")]
    conn.close()
    assert {p["how"] for p in prints} >= {"pdf", "printer", "cli"}


def test_reprint_from_ledger(qtbot, backend, data_dir):
    from counter_app import intake
    from counter_app.db import open_data_dir
    from helpers import sample_intake
    from ui.ledger import LedgerView

    db = open_data_dir(data_dir)
    code = intake.save(db, intake.parse_request(sample_intake()), backend.actor).code
    db.close()
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.model.loaded, timeout=20_000):
        view.reload()
    qtbot.waitUntil(lambda: view.model.code_at(0) == code, timeout=20_000)
    with qtbot.waitSignal(view.detail_opened, timeout=20_000) as d:
        view.open_detail(0)
    with qtbot.waitSignal(view.preview_opened, timeout=20_000) as p:
        qtbot.mouseClick(d.args[0].reprint, Qt.LeftButton)
    preview = p.args[0]
    qtbot.waitUntil(lambda: preview.page_count() == 2, timeout=20_000)
    idx = preview.form.findData("mau-06")
    with qtbot.waitSignal(preview.rendered, timeout=20_000):
        preview.form.setCurrentIndex(idx)
    assert preview.page_count() >= 1
    # a form whose step never happened gives a Vietnamese message, not a crash
    preview.form.setCurrentIndex(preview.form.findData("mau-03"))
    qtbot.waitUntil(lambda: preview.banner.isVisible(), timeout=20_000)
    assert "chưa có bước" in preview.banner.text()
