"""Mẫu 07 (Sổ theo dõi hồ sơ) for a month of 5,000 dossiers, as ``printouts`` makes it: the
dossiers fetched (``dossiers.register_data``) and the PDF rendered (``printing.render_register``),
each timed, at the database given.

    uv run python -m bench.register --db bench-data/run/db-1000000

Target (issue 16): ≤ 3 s for the whole.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=ROOT / "bench-data" / "run" / "db-1000000")
    ap.add_argument("--dossiers", type=int, default=5000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    import printing
    from bench.stats import result, write_json
    from counter_app import dossiers, settings
    from counter_app.db import open_data_dir

    db = open_data_dir(args.db)
    last = date.fromisoformat(db.execute("SELECT max(received_at) FROM dossiers").fetchone()[0][:10])
    # the newest whole month with at least the dossiers asked for
    d1 = date(last.year, last.month, 1)
    while True:
        d0 = date(d1.year - (d1.month == 1), 12 if d1.month == 1 else d1.month - 1, 1)
        n = db.execute("SELECT count(*) FROM dossiers WHERE received_at >= ? AND received_at < ?",
                       [d0.isoformat(), d1.isoformat()]).fetchone()[0]
        if n >= args.dossiers or d0.year < 2000:
            break
        d1 = d0
    to = date.fromordinal(d1.toordinal() - 1)
    s = settings.get_all(db)
    fetch, render, total = [], [], []
    load = os.getloadavg()[0]
    for _ in range(args.reps):
        t = time.perf_counter()
        data = dossiers.register_data(db, d0, to)[:args.dossiers]
        t1 = time.perf_counter()
        pdf = printing.render_register(data, s, d0, to)
        t2 = time.perf_counter()
        fetch.append((t1 - t) * 1000)
        render.append((t2 - t1) * 1000)
        total.append((t2 - t) * 1000)
        print(f"{len(data):,} dossiers ({d0:%m/%Y}): fetch {t1 - t:.2f} s, render {t2 - t1:.2f} s, "
              f"{len(pdf) // 1024} KB (load {os.getloadavg()[0]:.2f})", flush=True)
    db.close()
    n = db_n = f"{len(data):,} dossiers of {d0:%m/%Y}"
    write_json(args.json, [
        result(f"Mẫu 07 register, {n}: fetch + PDF", total, target="≤ 3000", met=max(total) <= 3000,
               note=f"load {load:.2f} before"),
        result(f"Mẫu 07: fetching ({db_n}, dossiers.register_data)", fetch),
        result(f"Mẫu 07: the PDF ({db_n}, printing.render_register)", render),
    ])


if __name__ == "__main__":
    main()
