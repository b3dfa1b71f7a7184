"""Issue 14 (faults 8, 9): codes and dates never cut, the overdue list with days overdue and
the phone, one detail dialog per dossier."""

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter_app import dossiers, intake, timeutil
from counter_app.db import open_data_dir
from counter_app.timeutil import VN_TZ
from helpers import sample_intake
from ui.ledger import WIDEST_CODE, WIDEST_DATE, LedgerView
from ui.worklists import WorklistView


def take_in(data_dir, actor, received_at="2026-11-20T09:00:00+07:00"):
    db = open_data_dir(data_dir)
    try:
        return intake.save(db, intake.parse_request(sample_intake(received_at=received_at)), actor)
    finally:
        db.close()


def test_days_overdue_counts_started_days_of_dossiers_in_progress():
    due = "2026-11-26T09:00:00+07:00"
    at = lambda h: datetime(2026, 11, 26, 9, tzinfo=VN_TZ) + timedelta(hours=h)  # noqa: E731
    assert dossiers.days_overdue(2, due, at(-1)) == 0
    assert dossiers.days_overdue(2, due, at(1)) == 1
    assert dossiers.days_overdue(2, due, at(25)) == 2
    assert dossiers.days_overdue(10, due, at(100)) == 0  # returned: nothing overdue


def test_code_and_dates_are_never_cut(qtbot, backend, data_dir):
    take_in(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.resize(900, 500)  # narrower than the columns: the table scrolls, nothing is cut
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.index(0, 0).data() not in (None, "…"), timeout=20_000)
    fm = view.table.fontMetrics()
    assert view.table.columnWidth(0) > fm.horizontalAdvance(WIDEST_CODE)
    assert view.table.columnWidth(0) > fm.horizontalAdvance(view.model.index(0, 0).data())
    for col in (3, 4):
        assert view.table.columnWidth(col) > fm.horizontalAdvance(WIDEST_DATE)
        assert view.table.columnWidth(col) > fm.horizontalAdvance(view.model.index(0, col).data())


def test_the_overdue_list_shows_days_overdue_and_the_phone(qtbot, backend, data_dir):
    received = timeutil.now() - timedelta(days=30)
    take_in(data_dir, backend.actor, timeutil.iso(received))
    view = WorklistView(backend)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    row = next(i for i in range(view.lists.count()) if view.lists.item(i).data(256) == "overdue")
    view.lists.setCurrentRow(row)
    model = view.ledger.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.index(0, 9).data() not in (None, "…"), timeout=20_000)
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers[-2:] == ["Số ngày quá hạn", "Điện thoại"]
    assert int(model.index(0, 8).data()) >= 10
    assert model.index(0, 9).data() == "0912345678"
    assert view.sizeHint().width() <= 1366 and view.minimumSizeHint().width() <= 1366


def test_a_second_double_click_raises_the_open_detail(qtbot, backend, data_dir):
    saved = take_in(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.code_at(0) == saved.code, timeout=20_000)
    opened = []
    view.detail_opened.connect(opened.append)
    view.open_detail(0)
    view.open_detail(0)  # before the first has arrived
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20_000)
    view.open_detail(0)  # after
    qtbot.wait(300)
    assert len(opened) == 1 and opened[0].isVisible()
    opened[0].reject()
    qtbot.waitUntil(lambda: saved.code not in view._details, timeout=20_000)
    view.open_detail(0)  # closed: a new one opens
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=20_000)
    opened[1].reject()


def test_a_row_past_the_end_is_none_and_fetches_nothing(qtbot, backend):
    """Seen under load: asking for row 0 before the id list arrived fetched an empty page 0, and
    the next question about row 0 raised IndexError."""
    view = LedgerView(backend)
    qtbot.addWidget(view)
    model = view.model
    assert model.rowCount() == 0 and model.code_at(0) is None
    assert not model.canFetchMore()  # no next page before the first has arrived
    model.fetchMore()
    assert not model._fetching and model.code_at(0) is None


def test_worklist_filter_bar_shows_no_orphan_date_label(qtbot, backend):
    """The worklist hides the ledger's date range: its "đến" label goes with it (it stood alone
    at the right edge of the search bar, as if a field were cut off)."""
    view = WorklistView(backend)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    assert not view.ledger.date_to.isVisible() and not view.ledger.date_to_label.isVisible()
    labels = [w.text() for w in view.findChildren(QLabel) if w.isVisible()]
    assert "đến" not in labels
