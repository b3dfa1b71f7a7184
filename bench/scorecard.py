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
    args = ap.parse_args()
    from bench.data import STATION
    from bench.stats import HEADER, result, row, summarize, time_calls, write_json
    from counter_app import accounts
    from counter_app.db import open_data_dir
    from counter_app.reports import scorecard

    db = open_data_dir(args.db)
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    n = db.execute("SELECT max(id) FROM dossiers").fetchone()[0] or 0
    last = date.fromisoformat(db.execute("SELECT max(day) FROM dossiers").fetchone()[0])
    year = last.year
    cases = [
        (f"scorecard, year {year}", lambda: scorecard.compute(db, actor, date(year, 1, 1), date(year, 12, 31))),
        (f"scorecard, quarter IV/{year}", lambda: scorecard.compute(db, actor, date(year, 10, 1), date(year, 12, 31))),
        (f"scorecard, month {last:%m/%Y}", lambda: scorecard.compute(db, actor, last.replace(day=1), last)),
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
        results.append(result(label, s, target="≤ 100 (max)" if "tab" not in name else "", 
                              met=(s["max"] <= 100) if "tab" not in name else None, note=f"load {load:.2f}"))
    db.close()
    write_json(args.json, results)


if __name__ == "__main__":
    main()
