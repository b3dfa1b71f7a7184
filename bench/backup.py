"""The backup of a big station while the clerk keeps saving (issue 16, scope 4): the real
``counter_app.backup.backup`` (SQLite's online backup API into a new folder, the copy's
integrity check, its hash, the manifest, the scans' pool) of the database given, while another
thread saves a dossier through the real intake service every 0.5 s, as a clerk at the counter
would during the scheduled backup. Prints the backup's duration and throughput, and the saves'
latency before and during it (the writer must never wait long for the backup).

    uv run python -m bench.backup --db bench-data/run/db-1000000

The backup goes to a temporary folder beside the database (deleted afterwards).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import threading
import time
from pathlib import Path

from counter_app import accounts, backup, intake, procedures, synthetic
from counter_app import db as dbmod
from counter_app.db import open_data_dir

from .data import STATION, use_station_with_room
from .stats import result, summarize, write_json

INTERVAL = 0.5  # seconds between the clerk's saves
MAX_SAVES = 900  # a station digit has 999 codes a day


def measure(data: Path, baseline: int = 20) -> list[dict]:
    db = open_data_dir(data)
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    use_station_with_room(db, baseline + MAX_SAVES)
    procs = [sp.procedure for sp in procedures.active_procedures(db)]
    rng = random.Random(11)
    dbmod.defer_checkpoints(db)  # as the GUI's writer: checkpoints between saves
    dbpath = data / "counter.sqlite3"
    n = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    size_gb = dbpath.stat().st_size / 1e9

    def save() -> float:
        req = intake.parse_request(synthetic.intake_data(rng, rng.choice(procs)))
        t = time.perf_counter()
        intake.save(db, req, actor)
        ms = (time.perf_counter() - t) * 1000
        dbmod.checkpoint_if_large(db, dbpath)
        return ms

    for _ in range(5):  # warm-up
        save()
    before = []
    for _ in range(baseline):
        before.append(save())
        time.sleep(0.05)

    def while_saving(work) -> tuple[object, float, list[float]]:
        """Run ``work()`` while the clerk saves every INTERVAL; (its result, seconds, save ms)."""
        during: list[float] = []
        done = threading.Event()

        def clerk() -> None:
            while not done.is_set() and len(during) < MAX_SAVES:
                during.append(save())
                done.wait(INTERVAL)

        th = threading.Thread(target=clerk, name="clerk")
        th.start()
        try:
            t = time.perf_counter()
            out = work()
            return out, time.perf_counter() - t, during
        finally:
            done.set()
            th.join()

    dest = Path(tempfile.mkdtemp(prefix="bench-backup-", dir=data.parent))
    try:
        res, took, during = while_saving(lambda: backup.backup(data, dest, keep=1))
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir()

        # Reference: the same bytes copied by the OS alone (no SQLite, no lock): what the disk
        # does to the clerk's commits while gigabytes are written beside them.
        def bare_copy() -> None:
            out = dest / "copy.bin"
            shutil.copyfile(dbpath, out)
            with open(out, "rb+") as f:
                os.fsync(f.fileno())

        _none, cp_took, cp_during = while_saving(bare_copy)
    finally:
        db.close()
        shutil.rmtree(dest, ignore_errors=True)
    b, d, c = summarize(before), summarize(during), summarize(cp_during)
    return [
        result(f"backup (online copy + integrity check + hash + manifest), {size_gb:.1f} GB, {n:,} dossiers",
               {"n": 1, "median": took}, unit="s",
               note=f"{size_gb * 1000 / took:.0f} MB/s of database; {res.dossiers:,} dossiers in the copy; "
                    f"a save every {INTERVAL} s meanwhile"),
        result("save one dossier before the backup (reference)", b),
        result(f"save one dossier while the backup runs ({len(during)} saves)", d,
               target="never blocked long: max ≤ 100", met=d["max"] <= 100,
               note=f"{d['median'] / b['median']:.1f}× the median before; p99 {d['p99'] / max(c['p99'], 0.01):.1f}× "
                    "the p99 while the OS copies the same file (next row); WAL: the backup reads a snapshot, "
                    "no lock is held against the writer"),
        result(f"save one dossier while the OS copies the database file + fsync (bare reference, "
               f"{cp_took:.0f} s, {len(cp_during)} saves)", c),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="data folder of the station to back up")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = measure(args.db)
    for r in rows:
        print(r)
    if args.json:
        write_json(args.json, rows)


if __name__ == "__main__":
    main()
