"""Issue 20, scope 2 in the intake form: the citizen could submit on the portal; the clerk picks the
procedure and presses Ctrl+O: a short dialog (an optional note), a slip of kind "online" written
off the GUI thread, no dossier, and the guide's preview with the portal link's QR."""

import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from counter_app import paths
from intake_support import dossier_count, open_form, pick
from qt_input import answer_modal
from ui.intake.outcome import SlipDialog


def slips(data_dir):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        return c.execute("SELECT number, kind, applicant_name, reason FROM slips").fetchall()
    finally:
        c.close()


@pytest.mark.skipif(sys.platform == "win32", reason="pdftotext (poppler) is Linux-only in CI")
def test_clerk_guides_a_citizen_to_the_portal(qtbot, backend, data_dir, tmp_path):
    form = open_form(qtbot, backend)
    pick(qtbot, form)
    before = dossier_count(data_dir)
    seen = []

    def answer(dialog):
        seen.append((dialog.kind, dialog.items.isHidden(), dialog.reason.text()))
        qtbot.keyClick(dialog.reason, Qt.Key_Return)  # no note needed: Enter confirms

    answer_modal(qtbot, answer, kind=SlipDialog)
    with qtbot.waitSignal(form.slip_saved, timeout=20_000) as blocker:
        qtbot.keyClick(form.proc_search, Qt.Key_O, Qt.ControlModifier)  # Ctrl+O, no applicant typed
    assert seen == [("online", True, "")]
    assert blocker.args[0].startswith("1/")
    assert dossier_count(data_dir) == before
    assert slips(data_dir) == [(1, "online", "", "")]
    assert "trực tuyến" in form.result.text() and blocker.args[0] in form.result.text()

    preview = form.slip_preview
    qtbot.waitUntil(lambda: preview.page_count() == 1, timeout=20_000)
    assert preview.form.currentData() == "huong-dan-truc-tuyen"
    f = tmp_path / "guide.pdf"
    f.write_bytes(preview.pdf)
    text = " ".join(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "PHIẾU HƯỚNG DẪN NỘP HỒ SƠ TRỰC TUYẾN" in text and form.procedure is None
    preview.close()
