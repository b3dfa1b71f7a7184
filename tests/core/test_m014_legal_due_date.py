"""Migration m014_legal_due_date on a station that already has dossiers: the issued appointment is
read back from the history, the legal appointment recomputed by the elapsed pause, and the
report tables recounted with on-time rule 2 (a late withdrawal is late)."""

from datetime import date, datetime

from counter_app import accounts, dossiers, intake, lifecycle, migrations, setup, wire
from counter_app.db import connect
from counter_app.reports import tally
from counter_app.reports.bieu06 import compute_bieu06
from counter_app.timeutil import VN_TZ
from helpers import STATION, sample_intake


def at(s: str) -> str:
    return f"2026-11-{s}:00+07:00"


def test_m014_on_stored_dossiers(tmp_path):
    db = connect(tmp_path / "counter.sqlite3")
    try:
        migrations.migrations.apply(db, stop_before="m014_legal_due_date")
        setup.initialize(db, dict(STATION))
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])

        def take(when):
            return intake.save(db, intake.parse_request(sample_intake(received_at=at(when))), admin).code

        # supplement first (Fri 20/11 16:00 -> Mon 23/11 08:00), then a letter; due Thu 19/11 09:00 ...
        a = take("16T09:00")
        lifecycle.perform(db, a, "handover", admin, {"at": at("16T10:00")})
        lifecycle.perform(db, a, "supplement", admin, {"missing_items": ["Tờ khai"], "reason": "Thiếu",
                                                       "at": at("18T16:00")})
        lifecycle.perform(db, a, "supplement-received", admin, {"at": at("19T08:00")})
        # ... the letter first, then nothing else
        b = take("16T09:05")
        lifecycle.perform(db, b, "handover", admin, {"at": at("16T10:00")})
        lifecycle.perform(db, b, "extend", admin, {"reason": "Xác minh", "new_due_at": at("26T09:00"),
                                                   "at": at("18T10:00")})
        # withdrawn after its due date (19/11 09:10): 'withdrawn' (column 9) under rule 1
        c = take("16T09:10")
        lifecycle.perform(db, c, "withdraw", admin, {"reason": "Chờ lâu", "at": at("20T10:00")})
        # the old code moved the legal appointment by working hours, as the citizen's: put that back
        old_a = db.execute("SELECT due_at FROM dossiers WHERE code = ?", [a]).fetchone()[0]
        db.execute("UPDATE dossiers SET original_due_at = ? WHERE code = ?", [old_a, a])
        db.conn.commit()
        migrations.migrations.apply(db)

        rows = {r[0]: r[1:] for r in db.execute("SELECT code, issued_due_at, original_due_at, due_at FROM dossiers")}
        # a: issued 19/11 09:00; paused 18/11 16:00 -> 19/11 08:00 = 16 h elapsed
        assert rows[a][:2] == (at("19T09:00"), at("20T01:00"))
        assert rows[b] == (at("19T09:05"), at("19T09:05"), at("26T09:00"))
        assert rows[c][:2] == (at("19T09:10"), at("19T09:10"))
        assert dossiers.get_detail(db, b)["issued_due_at"] == at("19T09:05")
        dossier_id = db.execute("SELECT id FROM dossiers WHERE code = ?", [b]).fetchone()[0]
        assert wire.build_record(db, dossier_id, None)["NgayHenTra"] == "20261119090500"
        # the tables were recounted with rule 2 and are consistent
        assert tally.verify_aggregates(db) == []
        report = compute_bieu06(db, admin, date(2026, 11, 16), date(2026, 11, 27),
                                now=datetime(2026, 11, 30, 8, tzinfo=VN_TZ))
        assert report.problems == [] and report.total.values[10] == 1  # the late withdrawal
        # a dossier taken in after the migration gets its issued appointment by the trigger
        d = take("23T09:00")
        assert db.execute("SELECT issued_due_at FROM dossiers WHERE code = ?", [d]).fetchone()[0] == at("26T09:00")
    finally:
        db.close()
