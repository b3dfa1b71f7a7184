"""Dossier save latency (the full intake transaction) and type-ahead search latency with N
synthetic dossiers already in the database, plus a bare SQLite insert as the reference.

    uv run python -m bench.intake_search --sizes 100000 1000000 [--keep DIR] [--merge-in-save] [--checkpoint-by-file-size]

The slowest saves are printed with their phases (bench/save_probe.py: each statement timed from
the connection's trace callback, GC pauses, checkpoints); the two flags restore, for an A/B, what
the app did before m023_syncp (the index's merges inside the saves; a checkpoint after every save).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from counter_app import accounts, dossiers, intake, procedures, search_index, synthetic
from counter_app import db as dbmod
from counter_app.db import open_data_dir

from .data import STATION, ensure, use_station_with_room
from .save_probe import PHASES, SaveProbe
from .stats import HEADER, machine, result, row, summarize, time_calls, write_json

QUERIES = ["nguyen van", "dang", "tran thi h", "le minh", "0010", "0790", "hoa", "pham duc vinh", "261117", "0912"]


def measure(path: Path, n: int, saves: int, searches: int, results: list[dict] | None = None,
            slowest: int = 6, merge_in_save: bool = False, checkpoint_by_file_size: bool = False) -> list[str]:
    db = open_data_dir(path)
    if merge_in_save:  # A/B: FTS5's automerge (4, its default) inside the saves, as before m023_syncp
        db.execute("INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('automerge', 4)")
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    use_station_with_room(db, saves)
    procs = [sp.procedure for sp in procedures.active_procedures(db)]
    rng = random.Random(5)
    reqs = [intake.parse_request(synthetic.intake_data(rng, rng.choice(procs))) for _ in range(saves)]
    # As in the GUI (ui/backend.py): the search index's merge work and WAL checkpoints run
    # between saves (the writer thread's task after each write), not inside them.
    dbmod.defer_checkpoints(db)
    dbpath = path / "counter.sqlite3"
    for r in reqs[:20]:  # warm-up
        intake.save(db, r, actor)
    # Each save's statements timed (bench/save_probe.py): the slowest saves' phases are printed.
    merges: list[float] = []
    with SaveProbe(db, dbpath) as probe:
        def between() -> None:  # ui/backend.py Backend._checkpoint
            t = time.perf_counter()
            if not merge_in_save and search_index.merge_step(db):
                merges.append((time.perf_counter() - t) * 1000)
            if checkpoint_by_file_size:  # A/B: as before, by the WAL file's size (which never shrinks)
                if Path(str(dbpath) + "-wal").stat().st_size >= dbmod.WAL_CHECKPOINT_BYTES:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    probe.checkpointed = True
            else:
                probe.checkpointed = dbmod.checkpoint_if_large(db, dbpath) or probe.checkpointed

        save_ms = time_calls(lambda i: probe.timed(lambda: intake.save(db, reqs[20 + i], actor)), saves - 20,
                             between=between)
    print(f"\nThe slowest saves, {n:,} in DB (phases in ms; bench/save_probe.py):")
    for r in probe.slowest(slowest):
        print("  " + probe.line(r))
    med = {p: sorted(r[p] for r in probe.records)[len(probe.records) // 2] for p in PHASES}
    print("  " + probe.summary())
    print(f"  between the saves (untimed, as on the GUI's writer thread): {len(merges)} index merge steps"
          + (f", median {sorted(merges)[len(merges) // 2]:.1f} ms, max {max(merges):.1f} ms" if merges else ""))
    print("  median of each phase: " + ", ".join(f"{p} {v:.2f}" for p, v in med.items() if v >= 0.05))
    search_ms = time_calls(lambda i: dossiers.search(db, QUERIES[i % len(QUERIES)], limit=50), searches)
    if merge_in_save:
        db.execute("INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('automerge', 0)")  # as m023_syncp left it
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
    target = f"median ≤ 5, p99 ≤ 3× bare p99 ({3 * b['p99']:.1f})"
    ab = "".join([", A/B: index merges inside the saves" if merge_in_save else "",
                  ", A/B: checkpoint by WAL file size" if checkpoint_by_file_size else ""])
    if results is not None:
        results += [
            result(f"save one dossier (whole intake transaction), {n:,} in DB", s, target=target,
                   met=s["median"] <= 5 and s["p99"] <= 3 * b["p99"],
                   note=f"{s['median'] / b['median']:.1f}× bare insert (median), {s['p99'] / b['p99']:.1f}× (p99)"
                        + ab),
            result("bare SQLite insert + commit, same pragmas (reference)", b),
            result(f"type-ahead search, first page of 50, {n:,} in DB", q, target="p95 ≤ 20", met=q["p95"] <= 20,
                   note="10 query kinds"),
        ]
    return [
        row(f"save one dossier, {n:,} in DB", s, target,
            f"{s['median'] / b['median']:.1f}× bare insert (median), {s['p99'] / b['p99']:.1f}× (p99){ab}"),
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
    ap.add_argument("--merge-in-save", action="store_true",
                    help="A/B: the search index merges inside the saves (FTS5 automerge), as before m023_syncp")
    ap.add_argument("--checkpoint-by-file-size", action="store_true",
                    help="A/B: checkpoint when the WAL file is ≥ 4 MB (it never shrinks: after every save), as before")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    lines: list[str] = []
    results: list[dict] = []
    for n in args.sizes:
        path = base / f"db-{n}"
        ensure(path, n)
        lines += measure(path, n, args.saves, args.searches, results, merge_in_save=args.merge_in_save,
                         checkpoint_by_file_size=args.checkpoint_by_file_size)
        if not args.keep:
            shutil.rmtree(path, ignore_errors=True)
    print(f"\nMachine: {machine()}\n")
    print(HEADER)
    print("\n".join(lines))
    write_json(args.json, results)


if __name__ == "__main__":
    main()
