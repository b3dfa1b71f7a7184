"""The intake form as the UI tests open it: shown at a usual size with the catalogue loaded, and
a procedure picked by typing as a clerk does."""

from __future__ import annotations

from qt_input import press_enter

MARITAL = "xac nhan tinh trang hon nhan"  # typed without accents: 1.004873


def open_form(qtbot, backend, size=(1280, 800)):
    from ui.intake_form import IntakeForm

    form = IntakeForm(backend)
    qtbot.addWidget(form)
    form.resize(*size)
    form.show()
    form.load_procedures()
    qtbot.waitUntil(lambda: form.proc_model.rowCount() >= 20, timeout=20_000)
    return form


def pick(qtbot, form, typed: str = MARITAL) -> None:
    qtbot.keyClicks(form.proc_search, typed)
    press_enter(form.proc_search)
    assert form.procedure is not None


def click_button(text: str):
    """An ``answer_modal`` action: click the message box's button labelled ``text``."""
    def act(box):
        [b] = [b for b in box.buttons() if b.text() == text]
        b.click()
    return act


def dossier_count(data_dir) -> int:
    import sqlite3

    from counter_app import paths

    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        return c.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    finally:
        c.close()
