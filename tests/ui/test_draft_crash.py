"""Issue 14: the intake draft survives a crash. The real main window in a subprocess is filled,
the draft reaches the SQLite file, the process is killed with SIGKILL; the next login offers the
draft back and "Khôi phục" puts every field back as typed. Saving, or "Bỏ bản nháp", removes it."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app import paths
from ui.main_window import MainWindow
from ui_flows import INFO

HERE = Path(__file__).resolve().parent


def draft_rows(data_dir):
    c = sqlite3.connect(paths.db_path(data_dir), timeout=30)
    try:
        return c.execute("SELECT owner, data FROM drafts").fetchall()
    finally:
        c.close()


def wait_for(cond, timeout=60.0, what=""):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def killed_while_typing(data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.Popen([sys.executable, str(HERE / "draft_driver.py"), str(data_dir)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert p.stdout.readline().strip() == "TYPED", p.stderr.read() if p.poll() is not None else ""
        wait_for(lambda: any("Nộp thay cho mẹ" in d for _o, d in draft_rows(data_dir)), what="the draft on disk")
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait(30)
    assert p.returncode == -signal.SIGKILL
    return data_dir


def test_draft_is_offered_back_after_sigkill(qtbot, killed_while_typing, backend):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.draft.question is not None, timeout=30_000)
    text = win.draft.question.text()
    assert "Trần Thị Bình" in text and "tình trạng hôn nhân" in text
    win.draft.restore_button.click()
    form = win.intake
    qtbot.waitUntil(lambda: form.applicant.full_name.text() == "Trần Thị Bình", timeout=10_000)
    assert form.procedure.code == "1.004873"
    assert form.applicant.id_number.text() == "079301004321"
    assert form.applicant.birth_date.text() == "02/11/20"
    assert form.applicant.sex.currentData() == "Nữ"
    assert form.components.spin(0, 2).value() == 3
    assert form.note.toPlainText() == "Nộp thay cho mẹ"
    form.reset()  # the clerk empties the form: the draft goes
    qtbot.waitUntil(lambda: not draft_rows(killed_while_typing), timeout=30_000)


def test_dropping_the_draft_removes_it(qtbot, killed_while_typing, backend):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.draft.question is not None, timeout=30_000)
    win.draft.drop_button.click()
    qtbot.waitUntil(lambda: not draft_rows(killed_while_typing), timeout=30_000)
    assert win.intake.applicant.full_name.text() == ""


def test_no_offer_without_a_draft(qtbot, backend, data_dir):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.draft._paused, timeout=30_000)
    assert win.draft.question is None and draft_rows(data_dir) == []
