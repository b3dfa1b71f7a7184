"""The calendar screen (issue 17 scope 3): a year's days with their provenance, estimated days
marked, and a supervisor confirming an estimate by naming its source — through the keyboard."""

from __future__ import annotations

from counter_app import calendar_store
from counter_app.db import open_data_dir
from qt_input import ime_commit, press_enter
from ui.calendar_dialog import ESTIMATE_BG, CalendarDialog


def rows(dlg) -> dict[str, list[str]]:
    return {dlg.days[r].day.isoformat(): [dlg.table.item(r, c).text() for c in range(5)] for r in range(dlg.table.rowCount())}


def test_the_calendar_shows_provenance_and_a_supervisor_confirms_an_estimate(qtbot, backend, data_dir):
    dlg = CalendarDialog(backend)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.year.setValue(2026)
    qtbot.waitUntil(lambda: "2026-01-10" in rows(dlg), timeout=20_000)
    shown = rows(dlg)
    assert shown["2026-01-02"][1:4] == ["Ngày nghỉ", "Nghỉ Tết Dương lịch (hoán đổi với thứ Bảy 10/01/2026)", "Thông báo chính thức"]
    assert shown["2026-01-10"][0] == "Thứ Bảy, 10/01/2026" and shown["2026-01-10"][1] == "Ngày làm bù"
    assert shown["2026-01-01"][3] == "Luật định"
    assert shown["2026-08-31"][3] == "Ước tính, chưa xác nhận"
    assert "2026-11-24" not in shown
    r = [d.day.isoformat() for d in dlg.days].index("2026-08-31")
    assert dlg.table.item(r, 0).background().color() == ESTIMATE_BG
    assert "ước tính" in dlg.banner.text()

    # Pick the estimated day, name the notice, Enter saves.
    dlg.table.selectRow(r)
    assert dlg.day.date().toPython().isoformat() == "2026-08-31" and dlg.reference.text() == ""
    ime_commit(dlg.reference, "Thông báo 123/TB-BNV ngày 01/08/2026")
    assert dlg.reference.text() == "Thông báo 123/TB-BNV ngày 01/08/2026"
    with qtbot.waitSignal(dlg.saved, timeout=20_000):
        press_enter(dlg.reference)
    qtbot.waitUntil(lambda: rows(dlg).get("2026-08-31", [""] * 4)[3] == "Giám sát sửa tại quầy", timeout=20_000)
    db = open_data_dir(data_dir)
    try:
        day = [d for d in calendar_store.list_year(db, 2026) if d.day.isoformat() == "2026-08-31"][0]
    finally:
        db.close()
    assert (day.provenance, day.reference) == ("supervisor", "Thông báo 123/TB-BNV ngày 01/08/2026")


def test_a_day_without_its_source_is_refused(qtbot, backend, data_dir):
    dlg = CalendarDialog(backend)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0, timeout=20_000)
    before = rows(dlg)
    dlg.name.setText("Nghỉ thêm")
    press_enter(dlg.reference)
    qtbot.waitUntil(lambda: "Hãy ghi căn cứ" in dlg.banner.text(), timeout=20_000)
    assert dlg.save_button.isEnabled()
    assert rows(dlg) == before
