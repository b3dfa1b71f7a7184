"""The benchmarks' synthetic database: N dossiers filled by ``synthetic.bulk_fill`` on working
days back from 20/11/2026, after every migration (so the report triggers fill the report
tables as the rows go in, as a counter's years of work would)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from counter_app import procedures, search_index, settings, setup, synthetic, timeutil
from counter_app.db import open_data_dir, write_tx

STATION = {
    "agency_code": "000.00.06.H56", "agency_name": "Trung tâm Phục vụ hành chính công xã Yên Lạc",
    "province": "Tỉnh Phú Thọ", "station": 1, "admin_user": "bench", "admin_password": "bench-password",
}
LAST = date(2026, 11, 20)  # bulk_fill's last day


def build(path: Path, n: int, realistic: bool = True) -> float:
    """Fill a new data directory at ``path``; returns the seconds the fill took. ``realistic``
    (the default since issue 16's data work): ~700k people for 1M dossiers, audit chain, sync
    history and queue, fees, scans metadata (``synthetic.bulk_fill``)."""
    db = open_data_dir(path, create=True)
    setup.initialize(db, dict(STATION))
    procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
    t = time.perf_counter()
    synthetic.bulk_fill(db, procs, n, agency_code=STATION["agency_code"], station=1, per_day=300, end=LAST, realistic=realistic,
                        progress=lambda k: print(f"  … {k:,} rows", end="\r", flush=True))
    elapsed = time.perf_counter() - t
    # The search index as a station's writers keep it (m023_syncp: merged between transactions,
    # never inside a save): the fill's pending merge work done here, not by the measured runs.
    t = time.perf_counter()
    steps = 0
    while search_index.merge_step(db, 2000):
        steps += 1
    print(f"  search index merged in {steps} steps, {time.perf_counter() - t:.0f} s" + " " * 20)
    db.execute("ANALYZE")
    # A real ledger grew one commit at a time and was checkpointed all along; without this the
    # first measured saves would pay for checkpointing the bulk fill's multi-GB WAL.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    # Write the gigabytes out now: the kernel's background writeback of a fresh fill would
    # otherwise slow the fsyncs and the CPU of the first benchmarks (save p99 27 ms instead of 2).
    t = time.perf_counter()
    if hasattr(os, "sync"):
        os.sync()
    print(f"  filled {n:,} dossiers in {elapsed:.0f} s (+{time.perf_counter() - t:.0f} s to flush to disk)" + " " * 20)
    return elapsed


def ensure(path: Path, n: int) -> float | None:
    """Build the database unless it is already there; the fill's seconds, or None if reused."""
    if (path / "counter.sqlite3").exists():
        return None
    print(f"building {n:,} dossiers in {path}", flush=True)
    return build(path, n)


def use_station_with_room(db, saves: int) -> int:
    """Re-runs on the same day: switch to a station digit whose daily code sequence still has
    room for ``saves`` more dossiers (999 a day each); returns it."""
    today = timeutil.now().date().isoformat()
    used = dict(db.execute("SELECT name, last FROM sequences WHERE name LIKE ?", [f"day:{today}:%"]).fetchall())
    station = next((k for k in range(10) if used.get(f"day:{today}:{k}", 0) + saves <= 999), None)
    if station is None:
        raise SystemExit("no station digit has room for today's saves; run tomorrow or with fewer saves")
    with write_tx(db):
        settings.put_many(db, {"station": station})
    return station
