"""The 766 scorecard (issue 20, scope 3) as the supervisor's tab computes it
(``counter_app.reports.scorecard.compute``), for a year, a quarter and a month, at the database
given; and the tab's whole read (the card plus the monthly trend).

    uv run python -m bench.scorecard --db bench-data/run/db-1000000

Target (issue 20): a year at 1M dossiers within the reports' 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=ROOT / "bench-data" / "run" / "db-1000000")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--save-ab", type=int, default=0, metavar="BATCHES",
                    help="also time the intake save with the scorecard triggers and without them, in this many "
                         "alternating batches of 20, on a copy of the database")
    args = ap.parse_args()
    from bench.data import STATION
    from bench.stats import HEADER, result, row, summarize, time_calls, write_json
    from counter_app import accounts
    from counter_app.db import open_data_dir
    from counter_app.reports import scorecard

    import time as _time

    t0 = _time.perf_counter()
    db = open_data_dir(args.db)  # migrates a database built before m021 (its backfill, once)
    opened = _time.perf_counter() - t0
    if opened > 2:
        print(f"opened (and migrated) in {opened:.1f} s", flush=True)
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    n = db.execute("SELECT max(id) FROM dossiers").fetchone()[0] or 0
    last = date.fromisoformat(db.execute("SELECT max(day) FROM dossiers").fetchone()[0])
    year = last.year
    cases = [
        (f"scorecard, year {year}", lambda: scorecard.compute(db, actor, date(year, 1, 1), date(year, 12, 31))),
        (f"scorecard, quarter IV/{year}", lambda: scorecard.compute(db, actor, date(year, 10, 1), date(year, 12, 31))),
        (f"scorecard, month {last:%m/%Y}", lambda: scorecard.compute(db, actor, last.replace(day=1), last)),
        (f"scorecard counts, year {year}, read from the dossiers as before m021 (reference)",
         lambda: scorecard.counts_live(db, f"{year}-01-01", f"{year}-12-31")),
        (f"the tab's read: year {year} + its 12 months", lambda: (
            scorecard.compute(db, actor, date(year, 1, 1), date(year, 12, 31)),
            scorecard.trend(db, actor, date(year, 1, 1), date(year, 12, 31)))),
    ]
    print(HEADER)
    results = []
    received = db.execute("SELECT count(*) FROM dossiers WHERE day BETWEEN ? AND ?",
                          [f"{year}-01-01", f"{year}-12-31"]).fetchone()[0]
    for name, fn in cases:
        fn()  # warm
        load = os.getloadavg()[0]
        s = summarize(time_calls(lambda _i: fn(), args.reps))
        label = f"{name} ({received:,} received that year), {n:,} in DB"
        print(row(label, s, "≤ 100", f"load {load:.2f}"), flush=True)
        timed = "tab" not in name and "reference" not in name
        results.append(result(label, s, target="≤ 100 (max)" if timed else "",
                              met=(s["max"] <= 100) if timed else None, note=f"load {load:.2f}"))
    db.close()
    if args.save_ab:
        results += save_ab(args.db, args.save_ab)
    write_json(args.json, results)


def save_ab(path: Path, batches: int) -> list[dict]:
    """The intake save with the scorecard triggers (m021) and with them dropped, alternating
    batches of 20 saves on a throwaway copy of the database: what the kept sums cost the counter."""
    import random
    import shutil
    import tempfile

    from bench.data import STATION, use_station_with_room
    from bench.stats import result, row, summarize, time_calls
    from counter_app import accounts, intake, procedures, synthetic
    from counter_app import db as dbmod
    from counter_app.reports import scorecard_schema

    tmp = Path(tempfile.mkdtemp(prefix="scorecard-ab-", dir="/tmp"))
    try:
        shutil.copytree(path, tmp / "db")
        db = dbmod.open_data_dir(tmp / "db")
        actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        use_station_with_room(db, batches * 40 + 20)
        procs = [sp.procedure for sp in procedures.active_procedures(db)]
        rng = random.Random(5)
        reqs = iter([intake.parse_request(synthetic.intake_data(rng, rng.choice(procs)))
                     for _ in range(batches * 40 + 20)])
        dbmod.defer_checkpoints(db)
        for _ in range(20):
            intake.save(db, next(reqs), actor)
        triggers = [r[0] for r in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'scorecard_%'")]
        on: list[float] = []
        off: list[float] = []
        dbfile = tmp / "db" / "counter.sqlite3"
        for _b in range(batches):
            on += time_calls(lambda _i: intake.save(db, next(reqs), actor), 20,
                             between=lambda: dbmod.checkpoint_if_large(db, dbfile))
            with db.conn:
                for t in scorecard_schema.TRIGGER_NAMES:
                    db.execute(f"DROP TRIGGER {t}")
            off += time_calls(lambda _i: intake.save(db, next(reqs), actor), 20,
                              between=lambda: dbmod.checkpoint_if_large(db, dbfile))
            with db.conn:
                for sql in triggers:
                    db.execute(sql)
        db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    s_on, s_off = summarize(on), summarize(off)
    load = os.getloadavg()[0]
    ratio = s_on["median"] / s_off["median"]
    print(row("save one dossier, scorecard triggers on", s_on, "median ≤ 5", f"{ratio:.2f}× without; load {load:.2f}"))
    print(row("save one dossier, scorecard triggers dropped (reference)", s_off, "", f"load {load:.2f}"))
    return [result("save one dossier, scorecard triggers on", s_on, target="median ≤ 5",
                   met=s_on["median"] <= 5, note=f"{ratio:.2f}× without them (median); load {load:.2f}"),
            result("save one dossier, scorecard triggers dropped (reference)", s_off, note=f"load {load:.2f}")]


if __name__ == "__main__":
    main()
