"""The intake form shows an unusually far due date in orange with the reason before saving
(issue 18: a calendar change from the province that makes many days off is visible at intake)."""

from datetime import date, timedelta

from counter_app import calendar_store
from counter_app.db import write_tx
from intake_support import open_form as make_form
from intake_support import pick


def test_form_names_an_unusually_far_due_date(qtbot, backend, db, admin):
    form = make_form(qtbot, backend)
    pick(qtbot, form, "xac nhan tinh trang hon nhan")
    qtbot.waitUntil(lambda: "Ngày hẹn trả (dự kiến)" in form.due_label.text(), timeout=20_000)
    assert "⚠" not in form.due_label.text()
    today = date.today()
    with write_tx(db):
        for i in range(1, 25):
            calendar_store.set_day(db, today + timedelta(days=i), "off", "Nghỉ do tỉnh báo", admin, "Công văn của tỉnh")
    form.new_dossier()
    pick(qtbot, form, "xac nhan tinh trang hon nhan")
    qtbot.waitUntil(lambda: "⚠" in form.due_label.text(), timeout=20_000)
    assert "hơn gấp đôi" in form.due_label.text() and "Nghỉ do tỉnh báo" in form.due_label.text()
    assert "b35c00" in form.due_label.styleSheet()
