"""Issue 14 (fault 15): "Nhận hồ sơ bổ sung" takes the papers brought — the clerk ticks the ones
asked for, types any other, and they show in the dossier's components."""

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from counter_app import dossiers, intake, lifecycle, timeutil
from counter_app.db import open_data_dir
from helpers import sample_intake
from qt_input import ime_commit
from ui.ledger import LedgerView

ASKED = "Bản sao giấy chứng tử"
TYPED = "Giấy xác nhận tình trạng hôn nhân"


def take_in_and_ask(data_dir, actor) -> str:
    db = open_data_dir(data_dir)
    try:
        received = timeutil.now() - timedelta(hours=2)
        code = intake.save(db, intake.parse_request(sample_intake(received_at=timeutil.iso(received))), actor).code
        lifecycle.perform(db, code, "supplement", actor, {
            "missing_items": [{"name": ASKED, "certified_copies": 2}], "reason": "Thiếu giấy chứng tử",
            "at": timeutil.iso(received + timedelta(minutes=30))})
        return code
    finally:
        db.close()


def open_detail(qtbot, view, code):
    view.reload()
    qtbot.waitUntil(lambda: view.model.code_at(0) == code, timeout=20_000)
    with qtbot.waitSignal(view.detail_opened, timeout=20_000) as d:
        view.open_detail(0)
    return d.args[0]


def test_the_clerk_adds_the_papers_brought(qtbot, backend, data_dir):
    code = take_in_and_ask(data_dir, backend.actor)
    before = len(_detail(data_dir, code)["components"])
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.show()
    detail = open_detail(qtbot, view, code)
    with qtbot.waitSignal(view.action_opened, timeout=20_000) as a:
        qtbot.mouseClick(detail.findChild(QPushButton, "action-supplement-received"), Qt.LeftButton)
    dlg = a.args[0]
    table = dlg.papers.table
    # the paper asked for is there, ticked, with the count asked for
    assert table.rowCount() == 1 and table.name(0) == ASKED and table.box(0).isChecked()
    assert table.spin(0, 4).value() == 2 and table.spin(0, 2).value() == 0
    # another paper typed; Enter adds it (and does not record the step yet), the focus on its count
    ime_commit(dlg.papers.name, TYPED)
    qtbot.keyClick(dlg.papers.name, Qt.Key_Return)
    assert dlg.isVisible() and table.rowCount() == 2 and table.name(1) == TYPED
    originals = table.spin(1, 2)
    assert dlg.focusWidget() is originals
    qtbot.keyClicks(originals, "3")  # the value was selected: typing replaces it
    qtbot.keyClick(originals, Qt.Key_Tab)  # copies
    qtbot.keyClick(originals, Qt.Key_Tab)
    with qtbot.waitSignal(dlg.performed, timeout=20_000):
        qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)
    # the detail shown again lists both papers with their counts
    qtbot.waitUntil(lambda: not detail.isVisible(), timeout=20_000)
    again = open_detail(qtbot, view, code)
    text = again.view.toPlainText()
    assert ASKED in text and TYPED in text
    comps = _detail(data_dir, code)["components"]
    assert len(comps) == before + 2
    assert (comps[-2]["name"], comps[-2]["certified_copies"]) == (ASKED, 2)
    assert (comps[-1]["name"], comps[-1]["originals"], comps[-1]["pages"]) == (TYPED, 3, 1)


def test_a_bad_paper_is_refused_in_the_dialog_and_nothing_is_lost(qtbot, backend, data_dir):
    code = take_in_and_ask(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.show()
    detail = open_detail(qtbot, view, code)
    with qtbot.waitSignal(view.action_opened, timeout=20_000) as a:
        qtbot.mouseClick(detail.findChild(QPushButton, "action-supplement-received"), Qt.LeftButton)
    dlg = a.args[0]
    table = dlg.papers.table
    table.spin(0, 4).setValue(0)  # no copy of any kind: refused by the core's rule
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.banner.isVisible() and "ít nhất 1 bản" in dlg.banner.text(), timeout=20_000)
    assert dlg.isVisible() and table.rowCount() == 1 and table.name(0) == ASKED
    assert _detail(data_dir, code)["status"] == 5


def _detail(data_dir, code):
    db = open_data_dir(data_dir)
    try:
        return dossiers.get_detail(db, code)
    finally:
        db.close()
