"""Dossier save latency (the full intake transaction) and type-ahead search latency with N
synthetic dossiers already in the database, plus a bare SQLite insert as the reference.

    uv run python -m bench.intake_search --sizes 100000 1000000 [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

from counter_app import accounts, dossiers, intake, procedures, synthetic
from counter_app import db as dbmod
from counter_app.db import open_data_dir

from .data import STATION, ensure, use_station_with_room
from .stats import HEADER, machine, result, row, summarize, time_calls, write_json

QUERIES = ["nguyen van", "dang", "tran thi h", "le minh", "0010", "0790", "hoa", "pham duc vinh", "261117", "0912"]


def measure(path: Path, n: int, saves: int, searches: int, results: list[dict] | None = None) -> list[str]:
    db = open_data_dir(path)
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    use_station_with_room(db, saves)
    procs = [sp.procedure for sp in procedures.active_procedures(db)]
    rng = random.Random(5)
    reqs = [intake.parse_request(synthetic.intake_data(rng, rng.choice(procs))) for _ in range(saves)]
    # As in the GUI (ui/backend.py): checkpoints run between saves, not inside them.
    dbmod.defer_checkpoints(db)
    dbpath = path / "counter.sqlite3"
    for r in reqs[:20]:  # warm-up
        intake.save(db, r, actor)
    save_ms = time_calls(lambda i: intake.save(db, reqs[20 + i], actor), saves - 20,
                         between=lambda: dbmod.checkpoint_if_large(db, dbpath))
    search_ms = time_calls(lambda i: dossiers.search(db, QUERIES[i % len(QUERIES)], limit=50), searches)
    db.close()
    # Reference: a bare single-row INSERT + COMMIT with the same pragmas (WAL, synchronous=FULL).
    bare = sqlite3.connect(path / "bare.sqlite3", isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")

    def bare_insert(i):
        bare.execute("BEGIN IMMEDIATE")
        bare.execute("INSERT INTO t (a, b) VALUES (?, ?)", [f"code-{i}", "x" * 200])
        bare.execute("COMMIT")

    bare_ms = time_calls(bare_insert, saves - 20)
    bare.close()
    s, q, b = summarize(save_ms), summarize(search_ms), summarize(bare_ms)
    if results is not None:
        results += [
            result(f"save one dossier (whole intake transaction), {n:,} in DB", s, target="median ≤ 5, p99 ≤ 20",
                   met=s["median"] <= 5 and s["p99"] <= 20, note=f"{s['median'] / b['median']:.1f}× bare insert"),
            result("bare SQLite insert + commit, same pragmas (reference)", b),
            result(f"type-ahead search, first page of 50, {n:,} in DB", q, target="p95 ≤ 20", met=q["p95"] <= 20,
                   note="10 query kinds"),
        ]
    return [
        row(f"save one dossier, {n:,} in DB", s, "median ≤ 5, p99 ≤ 20", f"{s['median'] / b['median']:.1f}× bare insert"),
        row("bare SQLite insert+commit (reference)", b),
        row(f"type-ahead search, first page, {n:,} in DB", q, "p95 ≤ 20"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--saves", type=int, default=320)
    ap.add_argument("--searches", type=int, default=500)
    ap.add_argument("--keep", type=Path, help="reuse/keep databases in this folder")
    ap.add_argument("--json", type=Path, help="also write the figures here (for bench.run)")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    lines: list[str] = []
    results: list[dict] = []
    for n in args.sizes:
        path = base / f"db-{n}"
        ensure(path, n)
        lines += measure(path, n, args.saves, args.searches, results)
        if not args.keep:
            shutil.rmtree(path, ignore_errors=True)
    print(f"\nMachine: {machine()}\n")
    print(HEADER)
    print("\n".join(lines))
    write_json(args.json, results)


if __name__ == "__main__":
    main()
