"""Issue 14 fault 12: closing the main window with a half-filled intake asks first
("Đóng và bỏ hồ sơ đang nhập" / "Quay lại nhập tiếp", the latter the default and Esc);
an empty form closes at once."""

from PySide6.QtWidgets import QMessageBox

from qt_input import answer_modal, ime_commit
from ui.main_window import MainWindow, intake_has_input
from ui_flows import INFO


def answer_close_question(qtbot, win, choose_discard: bool, seen: list) -> None:
    def answer(box) -> None:
        seen.append(box.text())
        if choose_discard:
            win.discard_button.click()
        else:
            box.reject()  # Esc
    answer_modal(qtbot, answer, kind=QMessageBox)


def test_closing_with_a_half_filled_intake_asks(qtbot, backend):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    ime_commit(win.intake.applicant.full_name, "Nguyễn Thị Ánh")
    assert intake_has_input(win.intake)
    closed = []
    win.closed.connect(lambda: closed.append(True))

    seen: list = []
    answer_close_question(qtbot, win, choose_discard=False, seen=seen)
    assert win.close() is False  # "Quay lại nhập tiếp": the window stays, the name too
    assert seen and "chưa được lưu" in seen[0]
    assert win.isVisible() and not closed
    assert win.intake.applicant.full_name.text() == "Nguyễn Thị Ánh"
    assert win.tabs.currentWidget() is win.intake

    seen.clear()
    answer_close_question(qtbot, win, choose_discard=True, seen=seen)
    assert win.close() is True
    assert seen and closed == [True]


def test_closing_with_an_empty_intake_does_not_ask(qtbot, backend):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    assert not intake_has_input(win.intake)
    assert win.close() is True
