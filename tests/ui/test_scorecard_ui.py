"""Issue 20, scope 3 in the GUI: the supervisor's "Chỉ số 766" tab shows the period's indicators
as the core computes them, the monthly trend, and exports the card shown to XLSX (read back
with openpyxl); a changed period disables the export until shown again."""

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from counter_app import intake, settings
from counter_app.reports import scorecard
from helpers import sample_intake
from ui.scorecard_view import ScorecardView


def test_the_scorecard_tab_shows_and_exports_the_card(qtbot, backend, db, admin, tmp_path, monkeypatch):
    for day, channel in ((3, 1), (4, 2), (5, 2)):
        intake.save(db, intake.parse_request(sample_intake(received_at=f"2026-11-0{day}T09:00:00+07:00", channel=channel)), admin)
    settings.update(db, admin, {"scorecard_targets": {"3.3": 30}})
    view = ScorecardView(backend)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.mode.setCurrentIndex(view.mode.findData("month"))
    view.year.setValue(2026)
    view.index.setValue(11)
    assert not view.xlsx_button.isEnabled()
    with qtbot.waitSignal(view.shown, timeout=20_000) as shown:
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    card = shown.args[0]
    want = scorecard.compute(db, admin, date(2026, 11, 1), date(2026, 11, 30))
    rows = {view.table.item(r, 0).text(): [view.table.item(r, c).text() for c in range(7)] for r in range(view.table.rowCount())}
    assert list(rows) == list(scorecard.IDS)
    assert rows["3.3"][2:4] == ["2", "3"] and rows["3.3"][3] == str(int(want.indicators["3.3"].denominator))
    assert rows["3.3"][5] == "30 %" and rows["3.3"][6].startswith("-")  # nothing synced: below the target
    assert "÷" in view.table.item(0, 1).toolTip()  # the formula is one hover away
    assert view.trend.rowCount() == 1 and view.trend.item(0, 0).text() == "11/2026"
    assert card.indicators["3.3"].numerator == 2

    target = tmp_path / "chi-so.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel (*.xlsx)"))
    view.year.setValue(2025)  # changed and not shown: no export of the old card
    assert not view.xlsx_button.isEnabled()
    view.year.setValue(2026)
    with qtbot.waitSignal(view.shown, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    with qtbot.waitSignal(view.exported, timeout=20_000):
        qtbot.mouseClick(view.xlsx_button, Qt.LeftButton)
    wb = load_workbook(target)
    cells = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
    flat = [str(v) for row in cells for v in row if v is not None]
    assert "3.3" in flat and "Tỷ lệ hồ sơ nộp trực tuyến" in flat
    assert wb.worksheets[1].title == "Theo tháng"
