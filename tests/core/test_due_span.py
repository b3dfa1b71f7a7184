"""An unusually far due date is named before the clerk saves (issue 18, feed sanity): more than
twice the span with weekends alone off, with the days off that make it so."""

from datetime import date, datetime, timedelta

from counter_app import calendar_store, intake
from counter_app.db import write_tx
from counter_app.duedate import UNIT_SAME_DAY, UNIT_WORKING_DAYS, compute_due, unusual_span
from counter_app.workcalendar import OfficeCalendar

MON = datetime(2026, 11, 2, 9, 0)  # a Monday


def span(days_off, value=3, unit=UNIT_WORKING_DAYS, at=MON):
    cal = OfficeCalendar(days_off)
    due = compute_due(at, value, unit, False, cal)
    return due, unusual_span(at, due, value, unit, False, cal)


def test_weekends_alone_are_usual():
    due, warning = span({})
    assert due.date() == date(2026, 11, 5) and warning is None
    assert span({}, 1, UNIT_SAME_DAY)[1] is None
    assert span({}, 5, at=datetime(2026, 11, 6, 16, 0))[1] is None  # Fri → next Fri: weekends only


def test_a_few_holidays_are_usual():
    assert span({date(2026, 11, 3): "Nghỉ lễ"})[1] is None  # 4 days instead of 3


def test_a_poisoned_calendar_is_named():
    off = {date(2026, 11, 3) + timedelta(days=i): "Nghỉ do tỉnh báo" for i in range(12)}
    due, warning = span(off)
    assert due.date() > date(2026, 11, 14)
    assert warning and "hơn gấp đôi" in warning and "Nghỉ do tỉnh báo" in warning
    assert f"{(due.date() - MON.date()).days} ngày" in warning


def test_the_intake_preview_carries_the_warning(db, admin):
    today = date.today()
    with write_tx(db):
        for i in range(1, 25):
            calendar_store.set_day(db, today + timedelta(days=i), "off", "Ngày nghỉ thử", admin, "Thông báo số 1/TB-UBND")
    due, warning = intake.preview_due_warning(db, "1.004873", datetime.now())
    assert warning and "Ngày nghỉ thử" in warning


def test_cli_intake_warns_on_stderr(data_dir, db, admin, tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    from helpers import sample_intake

    with write_tx(db):
        for i in range(1, 25):
            calendar_store.set_day(db, date(2026, 11, 20) + timedelta(days=i), "off", "Nghỉ do tỉnh báo", admin, "Thông báo số 1/TB-UBND")
    f = tmp_path / "in.json"
    f.write_text(json.dumps(sample_intake(), ensure_ascii=False), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), "intake", "--json", str(f)],
                       capture_output=True, text=True, encoding="utf-8", timeout=120,
                       cwd=Path(__file__).resolve().parents[2])
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("1001") and "Cảnh báo:" in r.stderr and "Nghỉ do tỉnh báo" in r.stderr
