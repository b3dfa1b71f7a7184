"""Issue 17, scope 1, in the intake form: the clerk checks the papers, finds one missing and ends
with "Hướng dẫn bổ sung (Mẫu 02)" (Ctrl+G): the dialog lists the unticked components, the
reason is typed, the slip is written off the GUI thread, no dossier and no code; the Mẫu 02
preview opens and "Lưu PDF" writes the form the command line prints."""

import sqlite3
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from counter_app import paths
from intake_support import dossier_count, open_form, pick
from qt_input import answer_modal, ime_commit, type_keys
from ui.intake.outcome import SlipDialog


def slips(data_dir):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        return c.execute("SELECT number, kind, applicant_name, missing_items, reason FROM slips").fetchall()
    finally:
        c.close()


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_clerk_guides_an_incomplete_dossier(qtbot, backend, data_dir, tmp_path, monkeypatch):
    form = open_form(qtbot, backend)
    pick(qtbot, form)
    ime_commit(form.applicant.full_name, "Lê Thị Hướng")
    type_keys(form.applicant.id_number, "001199012346")
    qtbot.keyClick(form.components.box(0), Qt.Key_Space)  # the application form is there, nothing else
    names = form.components.names()
    before = dossier_count(data_dir)

    seen = []

    def answer(dialog):
        seen.append(dialog.items.toPlainText().splitlines())
        assert dialog.focusWidget() is dialog.reason  # the papers are pre-filled: the reason is next
        ime_commit(dialog.reason, "Thiếu giấy tờ tùy thân")
        qtbot.keyClick(dialog.reason, Qt.Key_Return)  # Enter confirms

    answer_modal(qtbot, answer, kind=SlipDialog)
    with qtbot.waitSignal(form.slip_saved, timeout=20_000) as blocker:
        qtbot.keyClick(form.applicant.full_name, Qt.Key_G, Qt.ControlModifier)  # Ctrl+G
    assert blocker.args[0] == "1/2026"
    assert seen == [names[1:]]  # every component the clerk did not tick, in checklist order
    assert dossier_count(data_dir) == before  # not received: no dossier, no code
    [(number, kind, name, items, reason)] = slips(data_dir)
    assert (number, kind, name, reason) == (1, "guide", "Lê Thị Hướng", "Thiếu giấy tờ tùy thân")
    assert names[2] in items
    assert "Mẫu 02" in form.result.text() and "1/2026" in form.result.text() and "không có mã hồ sơ" in form.result.text()
    assert form.procedure is None and form.applicant.full_name.text() == ""  # ready for the next citizen
    assert form.save_button.isEnabled() and form.guide_button.isEnabled()

    # The Mẫu 02 preview opens as Mẫu 01 does after a save; "Lưu PDF" = the command line's file.
    preview = form.slip_preview
    qtbot.waitUntil(lambda: preview.page_count() == 1, timeout=20_000)
    assert preview.isVisible() and preview.form.count() == 1 and preview.form.currentData() == "mau-02"
    target = tmp_path / "ui.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    with qtbot.waitSignal(preview.saved, timeout=20_000):
        qtbot.mouseClick(preview.save_button, Qt.LeftButton)
    text = pdf_text(target)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Lê Thị Hướng" in text
    assert "Thiếu giấy tờ tùy thân" in text and "Mã hồ sơ" not in text
    cli_out = tmp_path / "cli.pdf"
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), "print", "mau-02", "--slip", "1/2026",
                        "--out", str(cli_out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert target.read_bytes() == cli_out.read_bytes()
    preview.close()


def test_refusal_needs_a_reason_and_a_procedure(qtbot, backend, data_dir):
    form = open_form(qtbot, backend)
    qtbot.keyClick(form.applicant.full_name, Qt.Key_T, Qt.ControlModifier)  # Ctrl+T with no procedure
    assert "chưa chọn thủ tục" in form.banner.text()
    pick(qtbot, form)
    ime_commit(form.applicant.full_name, "Phạm Văn Chối")

    def empty_then_back(dialog):
        assert not dialog.items.isVisible()  # a refusal lists no papers
        qtbot.keyClick(dialog.reason, Qt.Key_Return)  # no reason: refused in the dialog
        assert dialog.isVisible() and "Lý do" in dialog.error.text()
        dialog.reject()  # "Quay lại": nothing written, the form kept

    seen = answer_modal(qtbot, empty_then_back, kind=SlipDialog)
    qtbot.mouseClick(form.refuse_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    assert slips(data_dir) == [] and form.applicant.full_name.text() == "Phạm Văn Chối"
