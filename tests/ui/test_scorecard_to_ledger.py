"""Issue 20 scope 3: a scorecard indicator's numerator or denominator, clicked, shows in the
ledger exactly the dossiers behind it (the scorecard's own selection), real widgets offscreen,
real SQLite."""

from datetime import date

from PySide6.QtCore import Qt

from counter_app import intake, outbox
from counter_app.reports import scorecard
from counter_app.scanning import store
from counter_app.scanning.attachments import ComponentPdf, save_scans
from helpers import sample_intake
from ui.main_window import MainWindow

INFO = {"agency_name": "Trung tâm", "agency_code": "000.00.06.H56", "station": 1, "schema_version": 20}
FROM, TO = date(2026, 11, 1), date(2026, 11, 30)


def _data(db, admin, data_dir):
    """Nine dossiers in November (channels 1/2/3, six synced, three with scans confirmed) and two
    outside the month."""
    for n, (day, channel, synced, scans) in enumerate(
            [(3, 1, True, True), (4, 2, True, False), (5, 2, False, False), (6, 3, True, True), (9, 2, True, False),
             (10, 1, False, True), (12, 2, True, False), (16, 1, True, False), (20, 2, False, False),
             (31, 2, True, False), (1, 1, True, False)], 1):
        month = 10 if day == 31 else (12 if n == 11 else 11)
        saved = intake.save(db, intake.parse_request(sample_intake(
            received_at=f"2026-{month:02d}-{day:02d}T09:00:00+07:00", channel=channel)), admin)
        did = saved.id
        if scans:
            f = store.put(data_dir, f"%PDF-1.4 scan {n}".encode(), "pdf")
            save_scans(db, did, [ComponentPdf(1, f.sha256, f.size, 1, "01.pdf")], admin, data_dir)
            outbox.confirm_file(db, f.sha256, f"https://tinh.example/files/{f.sha256}", "2026-11-30T10:00:00+07:00")
        if synced:
            row = db.execute("SELECT id FROM outbox WHERE dossier_id = ? AND kind = 'dossier'", [did]).fetchone()[0]
            outbox.mark_sending(db, row, "{}", "2026-11-30T10:00:00+07:00")
            outbox.mark_done(db, row, "{}", "2026-11-30T10:00:00+07:00")


def _ledger_codes(qtbot, win):
    model = win.ledger.model
    qtbot.waitUntil(lambda: win.ledger.indicator_label.isVisible() and model._filter.indicator != "", timeout=20_000)
    while model.canFetchMore():
        model.fetchMore()
    return sorted(model.code_at(r) for r in range(model.rowCount()))


def test_clicking_an_indicator_lists_its_dossiers_in_the_ledger(qtbot, backend, db, admin, data_dir):
    _data(db, admin, data_dir)
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    win.tabs.setCurrentWidget(win.reports)
    view = win.reports.scorecard
    win.reports.setCurrentWidget(view)
    view.mode.setCurrentIndex(view.mode.findData("month"))
    view.year.setValue(2026)
    view.index.setValue(11)
    with qtbot.waitSignal(view.shown, timeout=20_000) as shown:
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    card = shown.args[0]
    row_of = {i: r for r, i in enumerate(scorecard.IDS)}
    for ind, col, part in (("3.3", 2, "numerator"), ("1.4", 2, "numerator"), ("1.4", 3, "denominator"),
                           ("4.2", 3, "denominator")):
        win.tabs.setCurrentWidget(win.reports)
        item = view.table.item(row_of[ind], col)
        with qtbot.waitSignal(win.ledger.model.loaded, timeout=20_000):
            qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=view.table.visualItemRect(item).center())
        assert win.tabs.currentWidget() is win.ledger
        codes = _ledger_codes(qtbot, win)
        want = sorted(scorecard.selection_codes(db, ind, part, FROM, TO))
        assert codes == want, (ind, part)
        figure = card.indicators[ind].numerator if part == "numerator" else card.indicators[ind].denominator
        assert len(codes) == int(figure), (ind, part)
        assert f"chỉ số {ind}" in win.ledger.indicator_label.text() and "01/11/2026" in win.ledger.indicator_label.text()
    assert card.indicators["3.3"].numerator == 5 and card.indicators["1.4"].numerator == 6
    assert card.indicators["1.4"].denominator == 9
    # Esc: back to the whole ledger (all eleven)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=10_000)
    win.ledger.table.setFocus()
    with qtbot.waitSignal(win.ledger.model.loaded, timeout=20_000):
        qtbot.keyClick(win.ledger.table, Qt.Key_Escape)
    assert not win.ledger.indicator_label.isVisible() and win.ledger.model.rowCount() == 11
    # 2.1 is Biểu 06's count from the tallies: told so, the ledger stays
    win.tabs.setCurrentWidget(win.reports)
    view.open_dossiers(row_of["2.1"], 2)
    assert "Biểu 06" in view.banner.text() and win.tabs.currentWidget() is win.reports
    win.close()
