"""First start (setup dialog), login, and the ledger with search, filters and the detail view."""

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from counter_app import intake, paths, procedures, synthetic
from counter_app.db import open_data_dir
from helpers import STATION, sample_intake
from qt_input import ime_commit, press_enter, type_keys
from ui.backend import Backend
from ui.ledger import LedgerView
from ui.login_dialog import LoginDialog
from ui.setup_dialog import SetupDialog


def test_first_start_setup_then_login(qtbot, qapp, tmp_path):
    backend = Backend(tmp_path / "fresh")
    try:
        opened = []
        backend.open(on_done=opened.append, on_error=lambda e: opened.append(e))
        qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
        dlg = SetupDialog(backend)
        qtbot.addWidget(dlg)
        dlg.show()
        ime_commit(dlg.agency_name, "Trung tâm Phục vụ hành chính công xã Hòa Bình")
        qtbot.keyClicks(dlg.agency_code, "000.00.12.H56")
        ime_commit(dlg.province, "Tỉnh Thanh Hóa")
        dlg.station.setValue(3)
        qtbot.keyClicks(dlg.admin_password, "quantri-2026")
        qtbot.keyClicks(dlg.admin_password2, "quantri-2026")
        with qtbot.waitSignal(dlg.accepted, timeout=20_000):
            qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)

        login = LoginDialog(backend, "Trung tâm")
        qtbot.addWidget(login)
        login.show()
        qtbot.keyClicks(login.username, "admin")
        qtbot.keyClicks(login.password, "sai-mat-khau")
        qtbot.mouseClick(login.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
        qtbot.waitUntil(lambda: login.banner.isVisible(), timeout=20_000)
        assert "không đúng" in login.banner.text()
        qtbot.keyClicks(login.password, "quantri-2026")
        with qtbot.waitSignal(login.accepted, timeout=20_000):
            press_enter(login.password)
        assert login.actor.role == "admin"
    finally:
        backend.close()
    conn = sqlite3.connect(paths.db_path(tmp_path / "fresh"))
    s = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    assert s["agency_code"] == '"000.00.12.H56"' and s["station"] == "3"
    assert s["parent_name"] == '"UBND XÃ HÒA BÌNH"'
    assert conn.execute("SELECT COUNT(*) FROM procedures").fetchone()[0] >= 20
    conn.close()


def test_setup_dialog_refuses_bad_values(qtbot, tmp_path):
    backend = Backend(tmp_path / "fresh")
    try:
        dlg = SetupDialog(backend)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.keyClicks(dlg.agency_code, "000.00.12")
        qtbot.keyClicks(dlg.admin_password, "ngan")
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
        text = dlg.banner.text()
        assert "Mã định danh" in text and "Tên đơn vị" in text and "Mật khẩu" in text
        assert dlg.agency_code.property("invalid") is True
        assert dlg.result() == 0
    finally:
        backend.close()
    assert not paths.db_path(tmp_path / "fresh").exists()


def test_ledger_search_filter_and_detail(qtbot, backend, data_dir):
    db = open_data_dir(data_dir)
    try:
        actor = backend.actor
        for name, idn in (("Đặng Thị Hoa", "025301004321"), ("Nguyễn Văn An", "001099012345")):
            data = sample_intake()
            data["applicant"].update(full_name=name, id_number=idn, birth_date=None, sex=None)
            intake.save(db, intake.parse_request(data), actor)
        procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
        synthetic.bulk_fill(db, procs, 2500, agency_code=STATION["agency_code"], station=4, end=__import__("datetime").date(2026, 10, 30))
    finally:
        db.close()
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 200, timeout=20_000)  # the first page only
    assert view.model.index(0, 0).data().startswith("000.00.06.H56")
    assert view.count_label.text() == "hơn 1.000 hồ sơ"  # not counted past the cap
    # Ctrl+End to the last row shown: the view asks for the next page, until the last
    view.table.setFocus()
    while view.model.rowCount() < 2502:
        shown = view.model.rowCount()
        qtbot.keyClick(view.table, Qt.Key_End, Qt.ControlModifier)
        qtbot.waitUntil(lambda: view.model.rowCount() > shown, timeout=20_000)
    assert view.model.index(2501, 0).data().startswith("000.00.06.H56")

    def search(text):
        with qtbot.waitSignal(view.model.loaded, timeout=20_000) as b:
            view.search.clear()
            type_keys(view.search, text)
        return b.args[0]

    assert search("dang thi hoa") == 1
    qtbot.waitUntil(lambda: view.model.index(0, 2).data() == "Đặng Thị Hoa", timeout=20_000)
    assert search("đặng") >= 1
    with qtbot.waitSignal(view.model.loaded, timeout=20_000) as b:
        view.search.clear()
        view.status.setCurrentIndex(next(i for i in range(view.status.count()) if list(view.status.itemData(i) or []) == [9]))
    assert 0 < b.args[0] < 2502
    with qtbot.waitSignal(view.model.loaded, timeout=20_000):
        view.status.setCurrentIndex(0)
    assert search("001099012345") == 1
    qtbot.waitUntil(lambda: view.model.code_at(0) is not None, timeout=20_000)
    with qtbot.waitSignal(view.detail_opened, timeout=20_000) as blocker:
        view.table.setCurrentIndex(view.model.index(0, 0))
        press_enter(view.table)  # Enter on a row opens it
    text = blocker.args[0].view.toPlainText()
    assert "Nguyễn Văn An" in text and "Được tiếp nhận" in text and "Quá trình xử lý" in text


def test_smoke_self_test_subprocess():
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-m", "cli", "--smoke"], capture_output=True, text=True,
                       encoding="utf-8", env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Tự kiểm tra thành công" in r.stdout and "Mẫu 01" in r.stdout


def test_page_requested_during_a_reload_is_not_kept(qtbot, backend, data_dir):
    """A next page asked for before a reload belongs to the old filter; arriving after the new
    first page, it must not be appended to it."""
    from counter_app.dossiers import LedgerFilter
    from ui.ledger import LedgerModel

    db = open_data_dir(data_dir)
    codes = []
    for name, idn in (("Đặng Thị Hoa", "025301004321"), ("Nguyễn Văn An", "001099012345")):
        data = sample_intake()
        data["applicant"].update(full_name=name, id_number=idn, birth_date=None, sex=None)
        codes.append(intake.save(db, intake.parse_request(data), backend.actor).code)
    procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
    synthetic.bulk_fill(db, procs, 450, agency_code=STATION["agency_code"], station=4,
                        end=__import__("datetime").date(2026, 10, 30))
    db.close()
    model = LedgerModel(backend)
    with qtbot.waitSignal(model.loaded, timeout=20_000):
        model.load(LedgerFilter())
    assert model.rowCount() == 200 and model.canFetchMore()
    answers = []
    more_done = model._more_done
    model._more_done = lambda *a: (answers.append(a[0]), more_done(*a))
    with qtbot.waitSignal(model.loaded, timeout=20_000):
        model.fetchMore()  # the old filter's second page, on its way
        model.load(LedgerFilter(text="dang thi hoa"))
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=20_000)  # the old page came back (dropped)
    assert model.rowCount() == 1 and model.code_at(0) == codes[0] and not model.canFetchMore()


def test_cells_are_painted_with_text_and_due_colour(qtbot, backend, data_dir):
    """The item delegate asks for a cell's roles in one ``multiData`` call: what it gets (text,
    the overdue background, nothing for a row that is not due) matches the row."""
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
    from PySide6.QtCore import Qt

    from ui.ledger import OVERDUE_BG

    db = open_data_dir(data_dir)
    procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
    synthetic.bulk_fill(db, procs, 400, agency_code=STATION["agency_code"], station=4,
                        end=__import__("datetime").date(2026, 10, 30))
    db.close()
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 200 and view.model.code_at(0) is not None, timeout=20_000)
    qtbot.waitUntil(lambda: all(view.model._row(r) is not None for r in range(200)), timeout=20_000)
    marks = {r: view.model._row(r)[1] for r in range(200)}
    overdue = next(r for r, m in marks.items() if m == "overdue")
    plain = next(r for r, m in marks.items() if m not in ("overdue", "due-today"))
    delegate = QStyledItemDelegate()
    for row, brush in ((overdue, OVERDUE_BG), (plain, None)):
        for col in (0, 2, 5):
            opt = QStyleOptionViewItem()
            delegate.initStyleOption(opt, view.model.index(row, col))
            assert opt.text == view.model.index(row, col).data() == view.model._row(row)[0][col]
            if brush is None:
                assert opt.backgroundBrush.style() == Qt.BrushStyle.NoBrush
            else:
                assert opt.backgroundBrush.color() == brush
    assert view.model.index(overdue, 0).data(Qt.ItemDataRole.ToolTipRole) == "Quá hạn"


def test_loads_asked_while_one_runs_coalesce_to_the_newest(qtbot, backend, data_dir):
    """Three filters in a row: the first query runs, the second is superseded before it starts,
    the third runs next; only its result is shown (one ``loaded``), and the ids of the first
    never reach the table."""
    from counter_app.dossiers import LedgerFilter
    from ui.ledger import LedgerModel

    db = open_data_dir(data_dir)
    codes = {}
    for name, idn in (("Đặng Thị Hoa", "025301004321"), ("Nguyễn Văn An", "001099012345")):
        data = sample_intake()
        data["applicant"].update(full_name=name, id_number=idn, birth_date=None, sex=None)
        codes[name] = intake.save(db, intake.parse_request(data), backend.actor).code
    db.close()
    model = LedgerModel(backend)
    seen = []
    model.loaded.connect(seen.append)
    model.load(LedgerFilter())
    model.load(LedgerFilter(text="khong co ai"))
    model.load(LedgerFilter(text="nguyen van an"))
    qtbot.waitUntil(lambda: seen == [1] and model.code_at(0) is not None, timeout=20_000)
    qtbot.wait(200)
    assert seen == [1] and model.code_at(0) == codes["Nguyễn Văn An"] and not model._ids_loading
