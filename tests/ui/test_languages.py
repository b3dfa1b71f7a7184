"""Issue 14 item 13: English mode is English on screen — the core's texts too (worklists, status
and channel names, due dates, sync rows; counter_app/i18n.py) — and Qt's own dialogs are
Vietnamese in Vietnamese mode (ui/i18n/qtbase_vi.qm); Vietnamese mode is unchanged."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from counter_app import i18n as core_i18n
from counter_app import intake, outbox
from counter_app.db import open_data_dir
from helpers import sample_intake
from qt_input import press_enter
from ui import i18n
from ui.intake_form import IntakeForm
from ui.ledger import LedgerView
from ui.sync_panel import SyncModel
from ui.worklists import WorklistView

VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


@pytest.fixture
def english(qapp):
    assert i18n.install(qapp, "en")
    yield
    i18n.install(qapp, "vi")


@pytest.fixture
def vietnamese(qapp):
    assert i18n.install(qapp, "vi")
    yield
    i18n.install(qapp, "vi")


def take_in(data_dir, actor):
    db = open_data_dir(data_dir)
    try:
        return intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-20T09:00:00+07:00")), actor)
    finally:
        db.close()


def english_text(text: str) -> bool:
    return bool(text) and not VIETNAMESE.search(text)


def standard_button_texts(qtbot) -> tuple[str, str]:
    box = QMessageBox(QMessageBox.Question, "?", "?", QMessageBox.Yes | QMessageBox.No)
    qtbot.addWidget(box)
    return box.button(QMessageBox.Yes).text(), box.button(QMessageBox.No).text()


def file_dialog_labels(qtbot) -> dict[str, str]:
    dlg = QFileDialog(None, "x")
    dlg.setOption(QFileDialog.DontUseNativeDialog)
    dlg.setAcceptMode(QFileDialog.AcceptSave)
    qtbot.addWidget(dlg)
    labels = {name: dlg.findChild(QLabel, name).text() for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel")}
    labels["accept"] = dlg.findChild(QLabel, "fileNameLabel").buddy() and dlg.labelText(QFileDialog.Accept)
    return labels


def test_qt_dialogs_are_vietnamese_in_vietnamese_mode(qtbot, vietnamese):
    assert standard_button_texts(qtbot) == ("&Có", "&Không")
    labels = file_dialog_labels(qtbot)
    assert labels["lookInLabel"] == "Tìm t&rong:"
    assert labels["fileNameLabel"] == "&Tên tệp:"
    assert labels["fileTypeLabel"] == "&Loại tệp:"
    assert labels["accept"] == "&Lưu"
    assert QLocale().language() == QLocale.Language.Vietnamese
    assert QLocale().monthName(1) != "January"


def test_qt_dialogs_are_english_in_english_mode(qtbot, english):
    assert standard_button_texts(qtbot) == ("&Yes", "&No")
    labels = file_dialog_labels(qtbot)
    assert labels["lookInLabel"] == "&Look in:"
    assert labels["fileNameLabel"] == "File &name:"
    assert QLocale().monthName(1) == "January"


def test_ledger_and_worklists_in_english(qtbot, backend, data_dir, english):
    take_in(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.index(0, 5).data() not in (None, "…"), timeout=20_000)
    assert view.model.index(0, 5).data() == "Received"  # the status column
    assert view.model.index(0, 6).data() == "In person"  # the channel
    statuses_in_filter = [view.status.itemText(i) for i in range(2, view.status.count())]
    assert statuses_in_filter and all(english_text(t) for t in statuses_in_filter), statuses_in_filter

    lists = WorklistView(backend)
    qtbot.addWidget(lists)
    lists.show()
    names = [lists.lists.item(i).text() for i in range(lists.lists.count())]
    assert "Overdue" in names and all(english_text(n) for n in names), names
    lists.refresh_counts()
    qtbot.waitUntil(lambda: bool(lists.counts), timeout=20_000)  # with the counts too
    names = [lists.lists.item(i).text() for i in range(lists.lists.count())]
    assert "Overdue (1)" in names and all(english_text(n) for n in names), names


def test_ledger_and_worklists_unchanged_in_vietnamese(qtbot, backend, data_dir, vietnamese):
    take_in(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.model.index(0, 5).data() not in (None, "…"), timeout=20_000)
    assert view.model.index(0, 5).data() == "Được tiếp nhận"
    assert view.model.index(0, 6).data() == "Trực tiếp"
    lists = WorklistView(backend)
    qtbot.addWidget(lists)
    assert lists.lists.item(1).text().startswith("Quá hạn")


def sync_rows():
    return [{"id": 7, "code": "000.00.06.H56-261120-1001", "kind": outbox.DOSSIER, "state": outbox.WAITING,
             "attempts": 2, "next_attempt_at": None, "last_error": None},
            {"id": 8, "code": None, "kind": outbox.FILE, "state": outbox.ATTENTION, "attempts": 5,
             "next_attempt_at": None, "last_error": None}]


def test_a_sync_panel_row_in_english(qtbot, english):
    model = SyncModel()
    model.set_rows(sync_rows())
    texts = [model.data(model.index(r, c)) for r in range(2) for c in (2, 3)]
    assert texts == ["Dossier", "Waiting to retry", "Attachment", "Needs attention"]
    assert english_text(model.data(model.index(0, 5)))  # the next attempt: now


def test_a_sync_panel_row_in_vietnamese(qtbot, vietnamese):
    model = SyncModel()
    model.set_rows(sync_rows())
    assert [model.data(model.index(0, c)) for c in (2, 3)] == ["Hồ sơ", "Chờ thử lại"]


def test_the_sync_engine_error_shown_is_english(english):
    import requests

    from sync.errors import TransientError
    from sync.http import HttpClient

    resp = requests.Response()
    resp.status_code = 503
    resp._content = b""
    with pytest.raises(TransientError) as info:
        HttpClient.check(None, resp)
    assert info.value.message == "The provincial system had a temporary error (503); will send again later."


def test_the_due_date_label_and_time_limits_in_english(qtbot, backend, english):
    form = IntakeForm(backend)
    qtbot.addWidget(form)
    form.resize(1280, 800)
    form.show()
    form.load_procedures()
    qtbot.waitUntil(lambda: form.proc_model.rowCount() >= 20, timeout=20_000)
    limits = [form.proc_model.item(i).text() for i in range(form.proc_model.rowCount())]
    assert any("working days" in t or "Same day" in t for t in limits), limits[:3]
    assert not any("ngày làm việc" in t or "Trong ngày" in t for t in limits)
    qtbot.keyClicks(form.proc_search, "xac nhan tinh trang hon nhan")
    press_enter(form.proc_search)
    qtbot.waitUntil(lambda: ", " in form.due_label.text() and "/" in form.due_label.text(), timeout=20_000)
    text = form.due_label.text()
    assert english_text(text), text
    assert re.search(r"\d\d:\d\d, \d\d/\d\d/\d{4}", text), text


def test_the_due_date_label_unchanged_in_vietnamese(qtbot, backend, vietnamese):
    form = IntakeForm(backend)
    qtbot.addWidget(form)
    form.show()
    form.load_procedures()
    qtbot.waitUntil(lambda: form.proc_model.rowCount() >= 20, timeout=20_000)
    qtbot.keyClicks(form.proc_search, "xac nhan tinh trang hon nhan")
    press_enter(form.proc_search)
    qtbot.waitUntil(lambda: "Ngày hẹn trả (dự kiến)" in form.due_label.text(), timeout=20_000)
    assert re.search(r"\d\d giờ \d\d phút, ngày \d\d/\d\d/\d{4}", form.due_label.text())


def test_core_language_follows_the_gui(qapp):
    try:
        i18n.install(qapp, "en")
        assert core_i18n.language() == "en" and core_i18n.money(1000) == "1,000 VND"
    finally:
        i18n.install(qapp, "vi")
    assert core_i18n.language() == "vi" and core_i18n.money(1000) == "1.000 đ"


# --- the core's refusals on screen (the login dialog, a counter step) and the CLI stays Vietnamese --

def test_a_failed_login_and_a_refused_step_are_english(qtbot, backend, data_dir, english):
    from PySide6.QtCore import Qt

    from counter_app import dossiers
    from ui.actions import ActionDialog
    from ui.login_dialog import LoginDialog

    login = LoginDialog(backend, "UBND xã Yên Lạc")
    qtbot.addWidget(login)
    login.show()
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClicks(login.password, "sai-mat-khau")
    press_enter(login.password)
    qtbot.waitUntil(lambda: login.banner.text() != "", timeout=20_000)
    assert login.banner.text() == "Wrong user name or password."
    assert login.isVisible() and login.actor is None and login.password.text() == ""

    code = take_in(data_dir, backend.actor).code
    detail = None

    def got(d):
        nonlocal detail
        detail = d

    backend.read(dossiers.get_detail, code, on_done=got)
    qtbot.waitUntil(lambda: detail is not None, timeout=20_000)
    # "Supplement received" on a dossier nobody asked to supplement: the core refuses the step.
    dlg = ActionDialog(backend, detail, "supplement-received")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.banner.text() != "", timeout=20_000)
    assert dlg.banner.text() == "The dossier is not waiting for a supplement."
    # A step with an empty reason: the field errors too.
    refuse = ActionDialog(backend, detail, "refuse")
    qtbot.addWidget(refuse)
    refuse.show()
    qtbot.mouseClick(refuse.buttons.button(refuse.buttons.StandardButton.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: refuse.banner.text() != "", timeout=20_000)
    assert refuse.banner.text() == "• Reason must not be empty."


def test_a_failed_login_is_vietnamese_in_vietnamese_mode(qtbot, backend, vietnamese):
    from ui.login_dialog import LoginDialog

    login = LoginDialog(backend, "UBND xã Yên Lạc")
    qtbot.addWidget(login)
    login.show()
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClicks(login.password, "sai-mat-khau")
    press_enter(login.password)
    qtbot.waitUntil(lambda: login.banner.text() != "", timeout=20_000)
    assert login.banner.text() == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_the_command_line_stays_vietnamese_with_the_english_setting(data_dir):
    """COUNTER_APP_LANG chooses the GUI's language only: the CLI never switches the core to
    English, so its refusals (the same UserError messages) stay Vietnamese."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "COUNTER_APP_LANG": "en"}

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), *args], input=stdin,
                              capture_output=True, text=True, encoding="utf-8", cwd=root, env=env, timeout=120)

    r = cli("transition", "KHONG-CO", "handover")
    assert r.returncode == 2 and 'Không tìm thấy hồ sơ có mã "KHONG-CO".' in r.stderr, r.stderr
    r = cli("user", "list", "--as", "admin", stdin="sai-mat-khau\n")
    assert r.returncode == 2 and "Tên đăng nhập hoặc mật khẩu không đúng." in r.stderr, r.stderr
    r = cli("sync-setup", "--server", "ftp://tinh", "--secret-stdin", stdin="k" * 40 + "\n")
    assert r.returncode == 2 and "Địa chỉ máy chủ đồng bộ phải bắt đầu bằng https://" in r.stderr, r.stderr
    assert "Wrong" not in r.stderr and "must" not in r.stderr


def test_the_signed_in_role_is_english(qtbot, backend, english):
    from ui.main_window import MainWindow
    from ui_flows import INFO

    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    assert win.who_label.text() == f"{backend.actor.full_name} (Administrator)"


# --- the reports tab: the tally's headers, groups and row labels on screen; exports stay Vietnamese --

def show_tally(qtbot, view, group: str) -> list[list]:
    view.group.setCurrentIndex(view.group.findData(group))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    heads = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    return [heads, *view.table_values()]


def test_the_tally_screen_in_english_and_its_export_in_vietnamese(qtbot, backend, data_dir, tmp_path, english):
    from datetime import date

    from ui.reports_tab import ReportSettingsBox
    from ui.tally_view import TallyView

    take_in(data_dir, backend.actor)
    view = TallyView(backend)
    qtbot.addWidget(view)
    view.set_period(date(2026, 11, 20), date(2026, 11, 20))
    assert view.show_button.text() == "Show"
    combos = [c.itemText(i) for c in (view.group, view.scope) for i in range(c.count())]
    assert "Counter" in combos and "This counter only" in combos
    assert all(english_text(t) for t in combos), combos
    heads, *rows = show_tally(qtbot, view, "station")
    assert heads[:3] == ["Counter", "Received", "Resolved\nTotal"]
    assert all(english_text(h) for h in heads), heads
    assert [r[0] for r in rows] == ["Counter 1", "Total"] and rows[0][1] == 1
    assert view.as_of.text().startswith("Counter, 20/11/2026")
    heads, *rows = show_tally(qtbot, view, "status")
    assert heads == ["Current status", "Dossiers received in the period"]
    assert rows[0][0] == "2. Received"
    csv_out = tmp_path / "tk.csv"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(str(csv_out), "csv")
    assert "Trạng thái hiện tại" in csv_out.read_text(encoding="utf-8-sig").splitlines()[0]
    settings = ReportSettingsBox(backend)
    qtbot.addWidget(settings)
    modes = [settings.mode.itemText(i) for i in range(settings.mode.count())]
    assert modes and all(english_text(m) for m in modes), modes


def test_the_tally_screen_unchanged_in_vietnamese(qtbot, backend, data_dir, vietnamese):
    from datetime import date

    from ui.tally_view import TallyView

    take_in(data_dir, backend.actor)
    view = TallyView(backend)
    qtbot.addWidget(view)
    view.set_period(date(2026, 11, 20), date(2026, 11, 20))
    assert view.show_button.text() == "Xem"
    heads, *rows = show_tally(qtbot, view, "station")
    assert heads[:2] == ["Quầy", "Tiếp nhận"]
    assert [r[0] for r in rows] == ["Quầy 1", "Tổng cộng"]


def test_the_day_close_screen_in_english(qtbot, backend, english):
    from ui.close_day import CloseDayView

    view = CloseDayView(backend)
    qtbot.addWidget(view)
    assert view.show_button.text() == "Show"
