"""The supervisor's screens driven offscreen on the known scenario: the dashboard and the tally
screen show the numbers an export of the same filters contains; exports from the screen; the
day is closed with the password re-entered."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from reports.test_report_tally import AT_1645, F, T, build_scenario
from counter_app import accounts
from counter_app.db import open_data_dir
from counter_app.i18n import money
from counter_app.reports import service
from counter_app.reports.tally import TallyFilter
from helpers import STATION
from ui.charts import fmt
from ui.close_day import CloseDayView
from ui.dashboard import DashboardView
from ui.tally_view import TallyView


@pytest.fixture
def scenario(data_dir):
    db = open_data_dir(data_dir)
    try:
        return build_scenario(db)
    finally:
        db.close()


def export_xlsx(data_dir: Path, f: TallyFilter, out: Path, now=None) -> dict:
    """Export ``f`` through the core service, read it back: {row label: {header: value}}."""
    db = open_data_dir(data_dir)
    try:
        actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        service.export_tally(db, actor, f, "xlsx", out, now=now)
    finally:
        db.close()
    return read_sheet(out)


def read_sheet(path: Path) -> dict:
    ws = load_workbook(path).worksheets[0]
    head = next(c.row for row in ws.iter_rows() for c in row if c.value == "STT")
    names = {}
    group = None
    for c in range(1, ws.max_column + 1):
        top, sub = ws.cell(head, c).value, ws.cell(head + 1, c).value
        group = top if top is not None else group
        names[c] = f"{group} - {sub}" if sub is not None else top
    label_col = 3 if ws.cell(head, 2).value == "Mã TTHC" else 2
    out = {}
    for r in range(head + 3, ws.max_row + 1):
        label = ws.cell(r, label_col).value
        if label is None or ws.cell(r, 1).value is None and label != "Tổng cộng":
            continue
        out[label] = {names[c]: ws.cell(r, c).value for c in range(label_col + 1, ws.max_column + 1)}
    return out


def test_dashboard_shows_the_exported_numbers(qtbot, scenario, backend, tmp_path):
    view = DashboardView(backend)
    qtbot.addWidget(view)
    view.clock = lambda: AT_1645
    view.resize(1200, 760)
    with qtbot.waitSignal(view.loaded, timeout=20_000) as sig:
        view.refresh()
    d = sig.args[0]
    assert d.month == (F.replace(day=1), F.replace(day=30))
    # this month, by day: the bar chart and the month cards
    month = export_xlsx(backend.data_dir, d.month_by_day.filter, tmp_path / "thang.xlsx", now=AT_1645)
    days = [k for k in month if k != "Tổng cộng"]
    assert view.per_day.values == [month[k]["Tiếp nhận"] for k in days]
    assert view.per_day.labels == [k[:5] for k in days]
    total = month["Tổng cộng"]
    assert view.month_cards["received"].value.text() == fmt(total["Tiếp nhận"]) == "18"  # with P1-P3
    assert view.month_cards["resolved"].value.text() == fmt(total["Đã giải quyết - Tổng số"])
    assert view.month_cards["fees"].value.text() == money(total["Phí, lệ phí đã thu (đồng) - Tổng cộng"]) == "26.000 đ"
    assert view.on_time.values == [total["Đã giải quyết - Trước hạn"], total["Đã giải quyết - Đúng hạn"],
                                   total["Đã giải quyết - Quá hạn"]] == [3, 3, 5]
    # by channel
    ch = export_xlsx(backend.data_dir, d.month_by_channel.filter, tmp_path / "kenh.xlsx", now=AT_1645)
    assert view.by_channel.values == [ch[k]["Tiếp nhận"] for k in view.by_channel.labels] == [16, 1, 1]
    # today (20/11 16:45), by procedure: cards and overdue by procedure
    today = export_xlsx(backend.data_dir, d.today_tally.filter, tmp_path / "homnay.xlsx", now=AT_1645)
    assert view.today_cards["received"].value.text() == fmt(today["Tổng cộng"]["Tiếp nhận"]) == "2"
    assert view.today_cards["open_overdue"].value.text() == fmt(today["Tổng cộng"]["Đang giải quyết - Quá hạn"])
    overdue = {k: v["Đang giải quyết - Quá hạn"] for k, v in today.items() if k != "Tổng cộng" and v["Đang giải quyết - Quá hạn"]}
    assert dict(zip(view.overdue.labels, view.overdue.values)) == overdue
    assert sum(view.overdue.values) == 2  # P1 and G (R is not overdue before 17:00)


def test_tally_screen_equals_its_export(qtbot, scenario, backend, tmp_path):
    view = TallyView(backend)
    qtbot.addWidget(view)
    view.set_period(F, T)
    view.group.setCurrentIndex(view.group.findData("field"))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    shown = view.table_values()
    assert [row[0] for row in shown] == ["Chứng thực", "Hộ tịch", "Tổng cộng"]
    out = tmp_path / "tk.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(str(out), "xlsx")
    sheet = read_sheet(out)
    metrics = [m.label for m in view.result.metrics]
    for row in shown:
        assert [sheet[row[0]][m] for m in metrics] == row[1:]
    assert view.table.item(2, 1).text() == "15"
    # CSV from the same screen
    csv_out = tmp_path / "tk.csv"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(str(csv_out), "csv")
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf" + "STT,Lĩnh vực,Tiếp nhận".encode("utf-8"))


def test_bieu06_on_screen_equals_its_export(qtbot, scenario, backend, tmp_path):
    view = TallyView(backend)
    qtbot.addWidget(view)
    view.kind.setCurrentIndex(view.kind.findData("bieu06"))
    assert not view.group.isEnabled()
    view.set_period(F, T)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    shown = view.table_values()
    assert shown[-1] == ["Tổng cộng", 17, 1, 14, 2, 11, 2, 4, 5, 6, 3, 3]
    assert "đạt" in view.as_of.text()
    out = tmp_path / "b06.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(str(out), "xlsx")
    ws = load_workbook(out)["Biểu 06"]
    total = next(c.row for row in ws.iter_rows() for c in row if c.value == "Tổng cộng")
    assert [ws.cell(total, c).value for c in range(2, 14)] == shown[-1]
    pdf = tmp_path / "b06.pdf"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(str(pdf), "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_close_the_day_from_the_screen(qtbot, scenario, backend):
    view = CloseDayView(backend)
    qtbot.addWidget(view)
    view.day.setDate(view.day.date().fromString("20/11/2026", "dd/MM/yyyy"))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    last = view.table.rowCount() - 1
    assert view.table.item(last, 0).text() == "Tổng cộng" and view.table.item(last, 1).data(Qt.UserRole) == 2
    assert "chưa được chốt" in view.status.text()
    qtbot.keyClicks(view.password, STATION["admin_password"])
    with qtbot.waitSignal(view.closed, timeout=20_000) as sig:
        qtbot.mouseClick(view.close_button, Qt.LeftButton)
    assert sig.args[0]["intact"]
    qtbot.waitUntil(lambda: "khớp" in view.status.text(), timeout=20_000)
    assert not view.close_button.isEnabled() and view.password.text() == ""


def test_wrong_password_does_not_close(qtbot, scenario, backend):
    view = CloseDayView(backend)
    qtbot.addWidget(view)
    view.day.setDate(view.day.date().fromString("19/11/2026", "dd/MM/yyyy"))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.reload()
    qtbot.keyClicks(view.password, "mat-khau-sai")
    view.sign()
    qtbot.waitUntil(lambda: "Không chốt được ngày" in view.banner.text(), timeout=20_000)
    assert view.close_button.isEnabled()


def test_main_window_has_the_reports_tab_for_supervisors_only(qtbot, backend, data_dir):
    from PySide6.QtTest import QTest

    from counter_app.db import write_tx
    from ui.main_window import MainWindow

    info = {"agency_name": "Trung tâm", "agency_code": "000.00.06.H56", "station": 1, "schema_version": 5}
    win = MainWindow(backend, info)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow(), timeout=20_000)
    assert win.reports is not None
    assert win.tabs.tabText(win.tabs.indexOf(win.reports)) == "Báo cáo (Ctrl+4)"
    QTest.keyClick(win.tabs, Qt.Key_4, Qt.ControlModifier)
    assert win.tabs.currentWidget() is win.reports
    db = open_data_dir(data_dir)
    try:
        with write_tx(db):
            accounts.create_user(db, "canbo9", "Đỗ Văn Chín", "clerk", "matkhau-can-bo")
        clerk = accounts.authenticate(db, "canbo9", "matkhau-can-bo")
    finally:
        db.close()
    backend.actor = clerk
    win2 = MainWindow(backend, info)
    qtbot.addWidget(win2)
    assert win2.reports is None and all("Báo cáo" not in win2.tabs.tabText(i) for i in range(win2.tabs.count()))
