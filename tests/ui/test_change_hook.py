"""The change hook (Backend.changed) and the defaults of ui/tasks.py, with real widgets and a
real database: screens follow a write nobody wired them to; a background failure nobody
handles is shown to the clerk; results for deleted widgets are dropped."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from shiboken6 import delete

from counter_app import changes, dossiers, intake, statuses
from counter_app.db import open_data_dir
from counter_app.errors import UserError
from helpers import sample_intake
from qt_input import ime_commit
from ui.actions import ActionDialog
from ui.ledger import LedgerView
from ui.tasks import TaskRunner
from ui.worklists import WorklistView


def open_error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "background-error" and w.isVisible()]


def test_a_failure_without_handler_is_shown_and_a_gone_widget_is_skipped(qtbot, backend):
    def refuse():
        raise UserError("Không đọc được tệp quét: tệp đã bị xóa.")

    backend.run(refuse)  # no on_error
    qtbot.waitUntil(lambda: any("Không đọc được tệp quét: tệp đã bị xóa." == b.text() for b in open_error_boxes()),
                    timeout=10_000)
    box = open_error_boxes()[0]
    assert not box.isModal()  # the clerk can go on working
    box.close()

    def crash():
        raise ValueError("bug with 079301004321 inside")

    backend.run(crash)
    qtbot.waitUntil(lambda: any(b.text().startswith("Đã xảy ra lỗi") for b in open_error_boxes()), timeout=10_000)
    assert "079301004321" not in open_error_boxes()[0].text()
    open_error_boxes()[0].close()

    # A callback whose widget was deleted before the result came back is dropped, not raised
    # (pytest-qt fails the test on an exception raised in the event loop).
    runner = TaskRunner("test", 1)
    try:
        label, other = QLabel(), QLabel()
        results = []
        runner.submit(lambda: "xong", on_done=lambda text: (results.append(text), label.setText(text)), owner=label)
        runner.submit(lambda: "xong", on_done=other.setText)  # a method of the widget itself
        runner.submit(lambda: "xong", on_done=results.append)  # no widget: still called
        delete(label)
        delete(other)
        qtbot.waitUntil(lambda: runner.in_flight == 0, timeout=10_000)
        assert results == ["xong"]
        assert not open_error_boxes()
    finally:
        runner.shutdown()


def test_screens_follow_a_lifecycle_step_through_the_hook(qtbot, backend, data_dir):
    db = open_data_dir(data_dir)
    try:
        code = intake.save(db, intake.parse_request(sample_intake()), backend.actor).code
    finally:
        db.close()
    # Standalone views: nothing connects the dialog's save to them.
    worklists = WorklistView(backend)
    ledger = LedgerView(backend)
    hidden = LedgerView(backend)
    for w in (worklists, ledger, hidden):
        qtbot.addWidget(w)
    worklists.show()
    ledger.show()
    worklists.refresh()
    ledger.reload()
    hidden.reload()
    qtbot.waitUntil(lambda: bool(worklists.counts) and ledger.model.rowCount() == 1 and hidden.model.rowCount() == 1,
                    timeout=10_000)
    qtbot.waitUntil(lambda: ledger.model.index(0, 5).data() == statuses.name(2), timeout=10_000)
    assert worklists.counts.get("supplement") == 0
    seen: list[changes.Change] = []
    backend.changed.connect(seen.append)
    hidden_loads: list[int] = []
    hidden.model.loaded.connect(hidden_loads.append)

    detail = None

    def got(d):
        nonlocal detail
        detail = d

    backend.read(dossiers.get_detail, code, on_done=got)
    qtbot.waitUntil(lambda: detail is not None, timeout=10_000)
    dlg = ActionDialog(backend, detail, "supplement")
    qtbot.addWidget(dlg)
    dlg.show()
    ime_commit(dlg.reason, "Thiếu giấy tờ")
    ime_commit(dlg.items, "Bản sao trích lục")
    with qtbot.waitSignal(dlg.performed, timeout=10_000):
        qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), Qt.LeftButton)

    assert seen and seen[0].touches(changes.DOSSIER, changes.OUTBOX) and seen[0].codes == (code,)
    qtbot.waitUntil(lambda: worklists.counts.get("supplement") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: ledger.model.index(0, 5).data() == statuses.name(statuses.SUPPLEMENT), timeout=10_000)
    # The hidden ledger did not query the database; it does when it is shown.
    assert hidden_loads == []
    with qtbot.waitSignal(hidden.model.loaded, timeout=10_000):
        hidden.show()
    qtbot.waitUntil(lambda: hidden.model.index(0, 5).data() == statuses.name(statuses.SUPPLEMENT), timeout=10_000)
