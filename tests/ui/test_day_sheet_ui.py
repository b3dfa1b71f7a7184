"""The day-close sheet from the Chốt ngày screen (buttons enabled only for a closed day, the PDF
saved through "Lưu PDF…" and read back, printing to a PDF printer), and the intake form's
warning when today is already closed at this station."""

import json
import sqlite3
import subprocess

import pytest

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from counter_app import paths, timeutil
from counter_app.db import open_data_dir
from counter_app.reports import dayclose
from helpers import STATION
from qt_input import answer_modal
from reports.test_report_tally import build_scenario
from ui.close_day import CloseDayView
from intake_support import click_button, dossier_count, open_form, pick


@pytest.fixture
def scenario(data_dir):
    db = open_data_dir(data_dir)
    try:
        return build_scenario(db)
    finally:
        db.close()


def make_form(qtbot, backend):
    f = open_form(qtbot, backend, (1280, 900))
    pick(qtbot, f)
    f.applicant.full_name.setText("Nguyễn Văn An")
    qtbot.keyClicks(f.applicant.id_number, "001099012345")
    for r in f.components.required_rows():
        f.components.box(r).setChecked(True)
    return f


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def audit_rows(data_dir, action):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        return [(o, json.loads(d)) for o, d in c.execute("SELECT object, details FROM audit WHERE action = ?", [action])]
    finally:
        c.close()


def test_close_the_day_then_save_and_print_the_sheet(qtbot, scenario, backend, data_dir, tmp_path, monkeypatch):
    view = CloseDayView(backend)
    qtbot.addWidget(view)
    view.show()
    view.day.setDate(view.day.date().fromString("20/11/2026", "dd/MM/yyyy"))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    # not closed yet: nothing to print
    assert not view.sheet.save_button.isEnabled() and not view.sheet.print_button.isEnabled()

    qtbot.keyClicks(view.password, STATION["admin_password"])
    qtbot.keyClicks(view.note, "Du ho so")
    with qtbot.waitSignal(view.closed, timeout=20_000) as sig:
        qtbot.mouseClick(view.close_button, Qt.LeftButton)
    res = sig.args[0]
    qtbot.waitUntil(lambda: view.sheet.save_button.isEnabled(), timeout=20_000)
    assert view.sheet.print_button.isEnabled()

    target = tmp_path / "bien-ban.pdf"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (asked.append(a[2]), (str(target), "PDF (*.pdf)"))[1])
    with qtbot.waitSignal(view.sheet.saved, timeout=20_000):
        qtbot.mouseClick(view.sheet.save_button, Qt.LeftButton)
    assert asked and asked[0].endswith("bien-ban-chot-ngay-2026-11-20.pdf")
    text = pdf_text(target)
    assert "BIÊN BẢN CHỐT SỐ LIỆU NGÀY 20/11/2026" in text
    assert res["sha256"] in text and "Du ho so" in text
    assert dayclose.audit_anchor_line(res["audit_anchor"]) in text
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert total_line.split()[2] == str(res["figures"]["totals"]["received"])
    assert "Đã lưu biên bản" in view.banner.text()

    # Print to a PDF "printer" (no physical printer here): the page goes through QPainter.
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(view.sheet.printed, timeout=30_000) as p:
        view.sheet.send_to_printer(printer)
    assert p.args[0] == 1 and printed.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: backend.writer.in_flight == 0, timeout=20_000)
    exports = [d for o, d in audit_rows(data_dir, "report-export") if o == "day-sheet"]
    assert sorted(d["format"] for d in exports) == ["pdf", "printer"]
    assert all(d["day"] == "2026-11-20" and d["figures_sha256"] == res["sha256"] for d in exports)

    # another day picked: the buttons wait for it to be shown; a day not closed stays disabled
    view.day.setDate(view.day.date().fromString("19/11/2026", "dd/MM/yyyy"))
    assert not view.sheet.save_button.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    assert not view.sheet.save_button.isEnabled() and not view.sheet.print_button.isEnabled()


def test_an_already_closed_day_shown_can_be_saved(qtbot, scenario, backend, data_dir, tmp_path, monkeypatch):
    from datetime import date

    db = open_data_dir(data_dir)
    try:
        dayclose.close_day(db, backend.actor, date(2026, 11, 20), STATION["admin_password"])
    finally:
        db.close()
    view = CloseDayView(backend)
    qtbot.addWidget(view)
    view.day.setDate(view.day.date().fromString("20/11/2026", "dd/MM/yyyy"))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.reload()
    assert view.sheet.save_button.isEnabled()
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    with qtbot.waitSignal(view.sheet.saved, timeout=20_000):
        qtbot.keyClick(view.sheet.save_button, Qt.Key_Space)
    assert "BIÊN BẢN CHỐT SỐ LIỆU NGÀY 20/11/2026" in pdf_text(target)


def test_intake_after_the_day_is_closed_asks_first(qtbot, backend, data_dir):
    today = timeutil.now().date()
    db = open_data_dir(data_dir)
    try:
        dayclose.close_day(db, backend.actor, today, STATION["admin_password"])
    finally:
        db.close()

    form = make_form(qtbot, backend)
    seen = answer_modal(qtbot, click_button("&Quay lại"), kind=QMessageBox)
    qtbot.keyClick(form.applicant.full_name, Qt.Key_S, Qt.ControlModifier)  # Ctrl+S, as a clerk saves
    qtbot.waitUntil(lambda: bool(seen) and form.save_button.isEnabled(), timeout=20_000)
    assert f"Ngày {timeutil.vn_date(today)} đã được chốt số liệu" in seen[0].text()
    assert "Vẫn tiếp nhận?" in seen[0].text()
    assert dossier_count(data_dir) == 0 and form.applicant.full_name.text() == "Nguyễn Văn An"  # kept

    seen = answer_modal(qtbot, click_button("&Vẫn tiếp nhận"), kind=QMessageBox)
    with qtbot.waitSignal(form.saved, timeout=20_000):
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert seen and dossier_count(data_dir) == 1
