"""Fills the intake form of the real main window and then waits to be killed (SIGKILL) by
tests/ui/test_draft_crash.py. Prints TYPED once everything is typed."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qt_backend import make_backend  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui_flows import INFO  # noqa: E402

app = QApplication(sys.argv[:1])
backend = make_backend(Path(sys.argv[1]), app)
win = MainWindow(backend, INFO)
win.show()
state = {"done": False}


def tick() -> None:
    form = win.intake
    if state["done"] or form.proc_model.rowCount() < 20 or win.draft._paused:
        return
    form.select_procedure("1.004873")
    form.applicant.full_name.setText("Trần Thị Bình")
    form.applicant.id_number.setText("079301004321")
    form.applicant.birth_date.setText("02/11/20")  # half typed: kept as typed
    form.applicant.sex.setCurrentIndex(form.applicant.sex.findData("Nữ"))
    form.components.spin(0, 2).setValue(3)
    form.note.setPlainText("Nộp thay cho mẹ")
    state["done"] = True
    print("TYPED", flush=True)


timer = QTimer()
timer.timeout.connect(tick)
timer.start(50)
app.exec()
