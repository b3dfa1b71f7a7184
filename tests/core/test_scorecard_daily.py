"""The scorecard's per-day sums (migration m021, counter_app/reports/scorecard_schema.py) stay equal
to a count from scratch over the dossiers after a seeded random mix of the real services — intake
(three channels, two procedures, fee exemptions), lifecycle steps (supplements and their papers,
handover, results, returns, refusals, withdrawals, stops), fee payments, scans attached, replaced
and removed, files confirmed by the province, record sends acknowledged or failed — and after the
migration counts an existing database from nothing."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from counter_app import intake, lifecycle, outbox, timeutil
from counter_app.errors import UserError
from counter_app.reports import scorecard, scorecard_schema
from counter_app.reports.bieu06 import compute_bieu06
from counter_app.scanning import store
from counter_app.scanning.attachments import ComponentPdf, Removal, save_scans
from counter_app.timeutil import VN_TZ
from helpers import ID_PAPER, sample_intake

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=VN_TZ)
CERT = "2.000884"
CERT_COMPONENTS = [{"name": "Giấy tờ, văn bản cần chứng thực chữ ký (người yêu cầu ký trước mặt người thực hiện chứng thực)",
                    "originals": 1, "copies": 0, "certified_copies": 0, "pages": 2},
                   {"name": ID_PAPER, "originals": 1, "copies": 0, "certified_copies": 0, "pages": 0}]
PROOF = "Giấy chứng nhận hộ nghèo số 12/GCN-UBND"


def daily(db) -> set[tuple]:
    cols = ", ".join(scorecard_schema.KEY + scorecard_schema.COUNTERS)
    nonzero = " OR ".join(f"{c} != 0" for c in scorecard_schema.COUNTERS)
    return set(db.execute(f"SELECT {cols} FROM scorecard_daily WHERE {nonzero}").fetchall())


def from_scratch(db) -> set[tuple]:
    return set(db.execute(scorecard_schema.daily_from_scratch()).fetchall())


def assert_counts_equal(db) -> None:
    assert daily(db) == from_scratch(db)
    for d0, d1 in (("2026-10-01", "2026-12-31"), ("2026-10-20", "2026-10-31"), ("2026-11-01", "2026-11-15"),
                   ("2026-11-16", "2026-11-30"), ("2026-11-07", "2026-11-07")):
        kept, live = scorecard.counts(db, d0, d1), scorecard.counts_live(db, d0, d1)
        assert abs(kept.pop("days_total") - live.pop("days_total")) < 1e-6
        assert kept == live, (d0, d1)


def random_mix(db, admin, data_dir, seed: int, n: int = 40) -> int:
    rng = random.Random(seed)
    clock = datetime(2026, 10, 20, 8, 0, tzinfo=VN_TZ)
    codes: list[str] = []
    files: list[str] = []
    done = 0

    def tick() -> str:
        nonlocal clock
        clock += timedelta(minutes=rng.randint(20, 600))
        return timeutil.iso(clock)

    for step in range(n * 6):
        op = rng.random()
        try:
            if op < 0.25 or not codes:
                cert = rng.random() < 0.3
                extra = {"procedure_code": CERT, "components": CERT_COMPONENTS} if cert else {}
                if not cert and rng.random() < 0.15:
                    extra["exemption"] = {"rule": "HT-HN", "proof": PROOF}
                saved = intake.save(db, intake.parse_request(sample_intake(
                    received_at=tick(), channel=rng.choice([1, 1, 2, 3]), **extra), now=NOW), admin, now=NOW)
                codes.append(saved.code)
                continue
            code = rng.choice(codes)
            did, status = db.execute("SELECT id, status FROM dossiers WHERE code = ?", [code]).fetchone()
            if op < 0.55:
                actions = lifecycle.available_actions(status)
                if not actions:
                    continue
                action = rng.choice(actions)
                data = {"at": tick()}
                if action in ("supplement", "refuse", "withdraw", "stop", "unresolvable"):
                    data["reason"] = "Lý do cụ thể"
                if action == "supplement":
                    data["missing_items"] = ["Bản sao giấy tờ"]
                if action in ("handover", "unresolvable"):
                    data["unit"] = "Văn phòng UBND xã"
                if action == "extend":
                    data["new_due_at"] = timeutil.iso(clock + timedelta(days=5))
                if action == "obligation":
                    data.update(amount=50000, content="Lệ phí trước bạ", unit="Chi cục Thuế")
                if action == "obligation-paid":
                    data.update(receipt_no="BL1", receipt_date=clock.date().isoformat())
                lifecycle.perform(db, code, action, admin, data)
                done += 1
            elif op < 0.65:
                lifecycle.record_payment(db, code, 1, admin, method=rng.choice(
                    ["cash", "transfer", "online-dvcqg", "online-province"]), receipt_no=f"BL{step}")
            elif op < 0.8:
                if files and rng.random() < 0.3:
                    save_scans(db, did, [Removal(1)], admin, data_dir)
                else:
                    stored = store.put(data_dir, f"%PDF-1.4 scan {step}".encode(), "pdf")
                    files.append(stored.sha256)
                    save_scans(db, did, [ComponentPdf(1, stored.sha256, stored.size, 1, "01.pdf")], admin, data_dir)
            elif op < 0.88 and files:
                sha = rng.choice(files)
                outbox.confirm_file(db, sha, f"https://tinh.example/files/{sha}", tick())
            else:
                rows = [r[0] for r in db.execute(
                    "SELECT id FROM outbox WHERE dossier_id = ? AND kind = 'dossier' AND state != 'done'", [did])]
                if not rows:
                    continue
                row = rng.choice(rows)
                outbox.mark_sending(db, row, "{}", tick())
                if rng.random() < 0.25:
                    outbox.mark_retry(db, row, tick(), "Mất kết nối", "network", tick())
                else:
                    outbox.mark_done(db, row, "{}", tick())
        except UserError:
            continue
    return done


def test_kept_sums_equal_a_count_from_scratch_after_a_random_mix(db, admin, data_dir):
    steps = random_mix(db, admin, data_dir, seed=20261204)
    assert steps > 20
    # the mix reached every counter
    totals = db.execute("SELECT " + ", ".join(f"SUM({c})" for c in scorecard_schema.COUNTERS)
                        + " FROM scorecard_daily").fetchone()
    assert all(totals), dict(zip(scorecard_schema.COUNTERS, totals))
    assert_counts_equal(db)
    # a dossier deleted (never done by the app, but the triggers keep up)
    with db.conn:
        db.execute("DELETE FROM dossiers WHERE id = (SELECT MIN(id) FROM dossiers)")
    assert_counts_equal(db)


def test_the_migration_counts_an_existing_database(db, admin, data_dir):
    random_mix(db, admin, data_dir, seed=7, n=25)
    kept = daily(db)
    # as before m021: no tables, no triggers; then the migration's statements
    with db.conn:
        for t in scorecard_schema.TRIGGER_NAMES:
            db.execute(f"DROP TRIGGER {t}")
        db.execute("DROP TABLE scorecard_facts")
        db.execute("DROP TABLE scorecard_daily")
        db.execute("DROP TABLE scorecard_events_daily")
    with db.conn:
        scorecard_schema.apply_m021(db)
    assert daily(db) == kept == from_scratch(db)
    assert_counts_equal(db)
    for d0, d1 in ((date(2026, 10, 1), date(2026, 12, 31)), (date(2026, 11, 2), date(2026, 11, 6))):
        assert scorecard.bieu06_total(db, d0, d1, NOW) == compute_bieu06(db, admin, d0, d1, scope="local", now=NOW).total.values
    # and the triggers it created keep counting
    random_mix(db, admin, data_dir, seed=8, n=10)
    assert_counts_equal(db)


def test_the_scorecard_reads_the_kept_sums(db, admin, data_dir):
    random_mix(db, admin, data_dir, seed=3, n=20)
    card = scorecard.compute(db, admin, date(2026, 10, 1), date(2026, 12, 31), now=NOW)
    live = scorecard.counts_live(db, "2026-10-01", "2026-12-31")
    assert card.indicators["1.4"].numerator == live["synced"] and card.indicators["1.4"].denominator == live["received"]
    assert card.indicators["2.2"].denominator == live["finished"]
    assert card.indicators["2.2"].numerator == round(live["days_total"], 4)
    plan = " ".join(r[3] for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT SUM(received) FROM scorecard_daily WHERE day BETWEEN '2026-01-01' AND '2026-12-31'"))
    assert "scorecard_daily" in plan and "SCAN" not in plan  # a range of the primary key, not the whole table


def test_bieu06_total_from_the_kept_totals(db, admin, data_dir):
    """2.1 reads Biểu 06's total row from the per-day totals (m021) instead of its per-field rows:
    the same numbers for past, running, future and one-day periods, evaluated at several instants."""
    random_mix(db, admin, data_dir, seed=11, n=40)
    events = scorecard_schema.events_select()
    cols = "day, src, " + ", ".join(scorecard_schema.EVENT_COUNTERS)
    nz = " OR ".join(f"{c} != 0" for c in scorecard_schema.EVENT_COUNTERS)
    assert set(db.execute(f"SELECT {cols} FROM scorecard_events_daily WHERE {nz}").fetchall()) == \
        set(db.execute(f"SELECT * FROM ({events}) WHERE {nz}").fetchall())
    periods = [(date(2026, 10, 1), date(2026, 12, 31)), (date(2026, 10, 20), date(2026, 10, 31)),
               (date(2026, 11, 1), date(2026, 11, 15)), (date(2026, 11, 9), date(2026, 11, 9)),
               (date(2026, 11, 16), date(2026, 11, 30)), (date(2027, 1, 1), date(2027, 1, 31))]
    instants = [NOW, datetime(2026, 11, 10, 15, 30, tzinfo=VN_TZ), datetime(2026, 11, 20, 8, 0, tzinfo=VN_TZ)]
    for d0, d1 in periods:
        for now in instants:
            want = compute_bieu06(db, admin, d0, d1, scope="local", now=now).total.values
            assert scorecard.bieu06_total(db, d0, d1, now) == want, (d0, d1, now)
    assert any(scorecard.bieu06_total(db, d0, d1, NOW)[3] for d0, d1 in periods)
