"""Daily tally and Biểu 06 latency over a database of N synthetic dossiers (target ≤ 100 ms at
1M), plus what the report triggers cost: the bulk fill and the intake save with them on.

    uv run python -m bench.reports --size 1000000 --keep bench-data/reports
    uv run python -m bench.reports --size 1000000 --keep bench-data/reports --save-ab 8

The database is built with ``synthetic.bulk_fill`` after migration m005, so the trigger-kept
event tables (report_daily/report_monthly) are filled as the rows go in, as they would be by a
counter over the years.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from counter_app import accounts, intake, procedures, settings, synthetic, timeutil
from counter_app import db as dbmod
from counter_app.db import open_data_dir, write_tx
from counter_app.reports import bieu06, dashboard, dayclose, service
from counter_app.reports.tally import TallyFilter, compute_tally

from .data import LAST, STATION, ensure, use_station_with_room
from .stats import HEADER, machine, result, row, summarize, time_calls, write_json

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=timeutil.VN_TZ)  # during the last day: live "overdue now"


def measure(path: Path, n: int, reps: int, saves: int, results: list[dict] | None = None) -> list[str]:
    db = open_data_dir(path)
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    first_ms = []
    t = time.perf_counter()
    compute_tally(db, actor, TallyFilter(LAST, LAST, "procedure"), now=NOW)
    first_ms.append((time.perf_counter() - t) * 1000)
    cases = [
        ("daily tally by procedure (20/11/2026, during the day)",
         lambda: compute_tally(db, actor, TallyFilter(LAST, LAST, "procedure"), now=NOW)),
        ("daily tally by procedure (20/11/2026, day ended)",
         lambda: compute_tally(db, actor, TallyFilter(LAST, LAST, "procedure"))),
        ("day report: by procedure + by clerk (CLI report daily)",
         lambda: service.daily_results(db, actor, LAST, now=NOW)),
        ("clerks' end-of-day summary (closing the day)", lambda: dayclose.day_figures(db, actor, LAST, now=NOW)),
        ("Biểu 06, month 11/2026 (open, live)",
         lambda: bieu06.compute_bieu06(db, actor, date(2026, 11, 1), date(2026, 11, 30), now=NOW)),
        ("Biểu 06, quarter III/2026",
         lambda: bieu06.compute_bieu06(db, actor, date(2026, 7, 1), date(2026, 9, 30), now=NOW)),
        ("Biểu 06, year 2025 (cut-off 15/12/2024–14/12/2025)",
         lambda: bieu06.compute_bieu06(db, actor, date(2024, 12, 15), date(2025, 12, 14), now=NOW)),
        ("Biểu 06, month 03/2016 (old period)",
         lambda: bieu06.compute_bieu06(db, actor, date(2016, 3, 1), date(2016, 3, 31), now=NOW)),
        ("tally by day, month 11/2026", lambda: compute_tally(db, actor, TallyFilter(date(2026, 11, 1),
                                                                                        date(2026, 11, 30), "day"), now=NOW)),
        ("dashboard (today + month by day + month by channel)", lambda: dashboard.compute(db, actor, now=NOW)),
    ]
    lines = []
    for name, fn in cases:
        fn()  # warm
        s = summarize(time_calls(lambda _i: fn(), reps))
        lines.append(row(f"{name}, {n:,} in DB", s, "≤ 100"))
        if results is not None:
            results.append(result(f"{name}, {n:,} in DB", s, target="≤ 100 (max)", met=s["max"] <= 100))
    b = bieu06.compute_bieu06(db, actor, date(2026, 11, 1), date(2026, 11, 30), now=NOW)
    assert not b.problems, b.problems
    sizes = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("report_daily", "report_monthly")}
    # intake saves with the report triggers on (compare with bench.intake_search)
    use_station_with_room(db, saves)
    procs = [sp.procedure for sp in procedures.active_procedures(db)]
    rng = random.Random(5)
    reqs = [intake.parse_request(synthetic.intake_data(rng, rng.choice(procs))) for _ in range(saves)]
    dbmod.defer_checkpoints(db)
    dbpath = path / "counter.sqlite3"
    for r in reqs[:20]:
        intake.save(db, r, actor)
    save = summarize(time_calls(lambda i: intake.save(db, reqs[20 + i], actor), saves - 20,
                                between=lambda: dbmod.checkpoint_if_large(db, dbpath)))
    lines.append(row(f"save one dossier with the report triggers, {n:,} in DB", save, "median ≤ 5, p99 ≤ 20"))
    if results is not None:
        results.append(result(f"save one dossier after the reports ran, {n:,} in DB", save, target="median ≤ 5, p99 ≤ 20",
                              met=save["median"] <= 5 and save["p99"] <= 20))
    with write_tx(db):
        settings.put_many(db, {"station": 1})
    db.close()
    print(f"  first tally after opening: {first_ms[0]:.1f} ms; report_daily {sizes['report_daily']:,} rows, "
          f"report_monthly {sizes['report_monthly']:,} rows")
    return lines


def save_ab(path: Path, n: int, rounds: int, batch: int = 20) -> list[str]:
    """Intake saves with and without the report triggers, in alternating batches (fair on a busy
    machine); then the triggers come back and the report tables are recounted (timed: it is also
    what migration m005 costs on an existing database of this size)."""
    from counter_app.reports import schema

    db = open_data_dir(path)
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    need = 2 * rounds * batch + 20
    use_station_with_room(db, need)
    procs = [sp.procedure for sp in procedures.active_procedures(db)]
    rng = random.Random(9)
    reqs = iter([intake.parse_request(synthetic.intake_data(rng, rng.choice(procs))) for _ in range(need)])
    dbmod.defer_checkpoints(db)
    dbpath = path / "counter.sqlite3"
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_%'")]
    create = {r[0]: r[1] for r in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_%'")}
    for _ in range(20):
        intake.save(db, next(reqs), actor)
    with_t, without_t = [], []
    try:
        for _ in range(rounds):
            with_t += time_calls(lambda _i: intake.save(db, next(reqs), actor), batch,
                                 between=lambda: dbmod.checkpoint_if_large(db, dbpath))
            with write_tx(db):
                for name in names:
                    db.execute(f"DROP TRIGGER {name}")
            without_t += time_calls(lambda _i: intake.save(db, next(reqs), actor), batch,
                                    between=lambda: dbmod.checkpoint_if_large(db, dbpath))
            with write_tx(db):
                for name in names:
                    db.execute(create[name])
    finally:
        with write_tx(db):
            for name in names:
                if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]).fetchone():
                    db.execute(create[name])
        t = time.perf_counter()
        with write_tx(db):
            for stmt in schema.rebuild():
                db.execute(stmt)
        rebuild_s = time.perf_counter() - t
        with write_tx(db):
            settings.put_many(db, {"station": 1})
        db.close()
    a, b = summarize(with_t), summarize(without_t)
    print(f"  recounting the report tables (what m005 does to an existing database): {rebuild_s:.1f} s")
    return [row(f"save one dossier, report triggers on, {n:,} in DB", a, "median ≤ 5, p99 ≤ 20",
                f"{a['median'] / b['median']:.2f}× without"),
            row(f"save one dossier, report triggers dropped, {n:,} in DB", b)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--saves", type=int, default=220)
    ap.add_argument("--keep", type=Path, help="reuse/keep the database in this folder")
    ap.add_argument("--save-ab", type=int, metavar="ROUNDS",
                    help="instead: intake saves with/without the report triggers, ROUNDS alternating batches of 20")
    ap.add_argument("--json", type=Path, help="also write the figures here (for bench.run)")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-reports-"))
    path = base / f"db-{args.size}"
    ensure(path, args.size)
    results: list[dict] = []
    if args.save_ab:
        lines = save_ab(path, args.size, args.save_ab)
    else:
        lines = measure(path, args.size, args.reps, args.saves, results)
    if not args.keep:
        shutil.rmtree(path, ignore_errors=True)
    print(f"\nMachine: {machine()}, SQLite {sqlite3.sqlite_version}\n")
    print(HEADER)
    print("\n".join(lines))
    write_json(args.json, results)


if __name__ == "__main__":
    main()
