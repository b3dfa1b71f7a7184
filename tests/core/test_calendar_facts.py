"""Calendar provenance (issue 17 scope 3): what each day off rests on, the migration of a
station's calendar seeded before, and the due-date warning for days that are only estimated."""

from datetime import date, datetime

from counter_app import calendar_facts, calendar_store, intake, migrations, setup
from counter_app.db import connect
from counter_app.timeutil import VN_TZ
from helpers import STATION


def test_classification_of_the_packages_days():
    assert calendar_facts.classify(date(2027, 1, 1), "Tết Dương lịch").provenance == "law"
    assert calendar_facts.classify(date(2027, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù)").provenance == "law"
    assert calendar_facts.classify(date(2027, 9, 2), "Quốc khánh").provenance == "law"
    assert calendar_facts.classify(date(2027, 9, 3), "Quốc khánh").provenance == "estimate"  # the PM picks the day
    assert calendar_facts.classify(date(2027, 2, 8), "Mùng ba Tết Nguyên Đán").provenance == "estimate"
    assert calendar_facts.classify(date(2026, 11, 24), "Ngày Văn hóa Việt Nam") is None
    notice = calendar_facts.classify(date(2026, 2, 17), "Tết Nguyên Đán")
    assert notice.provenance == "notice" and "2026" in notice.reference


def test_seed_has_the_new_year_swap_and_no_24_11():
    facts = {f.day: f for f in calendar_facts.seed_facts([2026])}
    assert facts[date(2026, 1, 2)].kind == "off" and facts[date(2026, 1, 10)].kind == "work"
    assert date(2026, 11, 24) not in facts
    assert all(f.reference for f in facts.values())


def test_m009_classifies_a_calendar_seeded_before(tmp_path):
    db = connect(tmp_path / "counter.sqlite3")
    try:
        migrations.migrations.apply(db, stop_before="m009_calendar_provenance")
        setup.initialize(db, dict(STATION))
        db.execute("DELETE FROM calendar_days")
        rows = [("2026-01-01", "off", "Tết Dương lịch", "seed"), ("2026-11-24", "off", "Ngày Văn hóa Việt Nam", "seed"),
                ("2026-08-31", "off", "Ngày nghỉ (thay cho ngày 22/08/2026)", "seed"),
                ("2026-02-17", "off", "Tết Nguyên Đán", "seed"), ("2026-12-26", "work", "Làm bù", "manual"),
                ("2026-12-31", "off", "Nghỉ theo tỉnh", "province")]
        for r in rows:
            db.execute("INSERT INTO calendar_days (day, kind, name, source) VALUES (?, ?, ?, ?)", r)
        db.conn.commit()
        migrations.migrations.apply(db)
        got = {d: (p, ref) for d, p, ref in db.execute("SELECT day, provenance, reference FROM calendar_days")}
    finally:
        db.close()
    assert got["2026-01-01"][0] == "law"
    assert got["2026-11-24"][0] == "estimate" and "cần xác nhận" in got["2026-11-24"][1]  # kept: it may have been taken
    assert got["2026-08-31"][0] == "estimate"
    assert got["2026-02-17"][0] == "notice"
    assert got["2026-12-26"][0] == "supervisor"
    assert got["2026-12-31"] == ("province", "Hệ thống tỉnh")


def test_a_due_date_across_estimated_days_says_so(db):
    # Tết 2027 (4–10/2) is the package's estimate: a 3-working-day dossier on 3/2 crosses it.
    due, warning = intake.preview_due_warning(db, "1.004873", datetime(2027, 2, 3, 9, 0, tzinfo=VN_TZ))
    assert due.date() > date(2027, 2, 10)
    assert warning and "ước tính" in warning and "04/02/2027" in warning
    # Mid-March 2027 crosses no estimated day: no such warning.
    _due, warning = intake.preview_due_warning(db, "1.004873", datetime(2027, 3, 10, 9, 0, tzinfo=VN_TZ))
    assert warning is None
    assert calendar_store.estimated_between(db, date(2027, 3, 10), date(2027, 3, 20)) == []
