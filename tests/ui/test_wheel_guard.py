"""Issue 14 fault 3: the mouse wheel over a combo box, spin box or date edit that does not have
the keyboard focus does not change its value (it scrolls the form instead); with focus it does."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDateEdit, QVBoxLayout, QWidget

from ui.intake_form import IntakeForm
from ui.widgets import install_guards, vn_today


def wheel(widget, steps: int = -1) -> None:
    """A wheel notch over the middle of ``widget`` (negative: towards the user)."""
    pos = QPointF(widget.rect().center())
    ev = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                     Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


def test_wheel_changes_only_the_focused_field(qtbot, backend, qapp):
    install_guards(qapp)  # as ui/app.py does at start
    host = QWidget()
    qtbot.addWidget(host)
    form = IntakeForm(backend)
    date = QDateEdit(vn_today())
    lay = QVBoxLayout(host)
    lay.addWidget(form)
    lay.addWidget(date)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow, timeout=5_000)
    sex = form.applicant.sex
    sex.setCurrentIndex(sex.findData("Nam"))
    form.sets_count.setValue(1)
    form.proc_search.setFocus()
    qtbot.waitUntil(form.proc_search.hasFocus, timeout=5_000)
    before_date = date.date()

    for _ in range(3):
        wheel(sex)
        wheel(form.sets_count, +1)
        wheel(date, +1)
    assert sex.currentData() == "Nam"
    assert form.sets_count.value() == 1
    assert date.date() == before_date
    assert form.proc_search.hasFocus()  # the wheel did not take the focus either
    assert sex.focusPolicy() == Qt.StrongFocus

    sex.setFocus()
    qtbot.waitUntil(sex.hasFocus, timeout=5_000)
    wheel(sex)
    assert sex.currentData() == "Nữ"
    form.sets_count.setFocus()
    qtbot.waitUntil(form.sets_count.hasFocus, timeout=5_000)
    wheel(form.sets_count, +1)
    assert form.sets_count.value() == 2
