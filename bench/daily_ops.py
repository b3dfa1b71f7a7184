"""Daily operations that grew with the data (issue 16), at a million dossiers with 100,000 rows
queued for the province and 900,000 sent: the sync panel's page (queue, and with the sent ones
shown, and a page deep in the queue), the queue's counts, what ``sync-status`` reads, and each
worklist's first page with its count (``ui.ledger.ledger_page``, the function the worklist tabs
run) and the tabs' counts (``dossiers.worklist_counts``).

    uv run python -m bench.daily_ops --db bench-data/run/db-1000000

The outbox rows are added to the database the first time (it is modified: pass a copy).
Target: ≤ 100 ms each.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fill_outbox(db, queued: int, sent: int) -> None:
    """Top the outbox up to ``sent`` done rows and ``queued`` unfinished ones (the realistic fill
    already has a sync history and a few days queued: only what is missing is added)."""
    done = db.execute("SELECT count(*) FROM outbox WHERE state = 'done'").fetchone()[0]
    open_ = db.execute("SELECT count(*) FROM outbox WHERE state != 'done'").fetchone()[0]
    add_sent, add_queued = max(0, sent - done), max(0, queued - open_)
    if not add_sent and not add_queued:
        return
    top = db.execute("SELECT max(id) FROM dossiers").fetchone()[0]
    rows = []

    def flush():
        db.conn.executemany("INSERT INTO outbox (kind, dossier_id, idem_key, state, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.conn.commit()
        rows.clear()

    for i in range(add_sent + add_queued):
        state = "done" if i < add_sent else ("needs-attention" if i % 997 == 0 else "pending")
        rows.append(("dossier" if i % 3 else "progress", top - (i % top), str(uuid.uuid4()), state,
                     "2026-11-20T08:00:00+07:00", "2026-11-20T08:00:00+07:00"))
        if len(rows) == 100_000:
            flush()
    if rows:
        flush()
    db.execute("ANALYZE outbox")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=ROOT / "bench-data" / "run" / "db-1000000")
    ap.add_argument("--queued", type=int, default=100_000)
    ap.add_argument("--sent", type=int, default=900_000)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ.setdefault("COUNTER_APP_SECRET_STORE", "file")
    from bench.stats import result, summarize, write_json
    from counter_app import dossiers, outbox, province_changes, timeutil
    from counter_app.db import open_data_dir
    from counter_app.dossiers import LedgerFilter
    from sync import config
    from ui.ledger import ledger_page

    db = open_data_dir(args.db)
    t = time.perf_counter()
    fill_outbox(db, args.queued, args.sent)
    print(f"outbox ready in {time.perf_counter() - t:.0f} s", flush=True)
    n = db.execute("SELECT max(id) FROM dossiers").fetchone()[0]
    out = []

    def timed(what, fn, reps=args.reps, note=""):
        load = os.getloadavg()[0]
        fn()  # warm
        samples = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        s = summarize(samples)
        print(f"{what}: median {s['median']:.1f} p95 {s['p95']:.1f} max {s['max']:.1f} ms (load {load:.2f})", flush=True)
        out.append(result(f"{what}, {n:,} dossiers, {args.queued:,} queued + {args.sent:,} sent", samples,
                          target="≤ 100 (max)", met=s["max"] <= 100, note=f"load {load:.2f}" + (f"; {note}" if note else "")))

    deep = outbox.list_entries(db, limit=1, after=(0, 0))[0]["id"] + args.queued // 2
    timed("sync panel: first page (200) of the queue", lambda: outbox.list_entries(db, limit=201))
    timed("sync panel: first page with the sent shown", lambda: outbox.list_entries(db, include_done=True, limit=201))
    timed("sync panel: a page in the middle of the queue", lambda: outbox.list_entries(db, limit=201, after=(0, deep)))
    timed("sync panel: a page of the sent rows", lambda: outbox.list_entries(db, include_done=True, limit=201,
                                                                              after=(1, args.sent // 2)))
    timed("queue counts by state (outbox.summary; the indicator, sync-status)", lambda: outbox.summary(db))

    def status():
        """What ``sync-status`` reads (cli/sync.py ``cmd_status``; bench may not import cli)."""
        d = open_data_dir(args.db)
        try:
            outbox.summary(d)
            outbox.list_entries(d, include_done=False)
            province_changes.open_items(d)
            dict(d.execute("SELECT key, value FROM sync_state").fetchall())
            config.load(d)
        finally:
            d.close()
    timed("sync-status (its reads: open, counts, 1,000 rows, province changes, config)", status, reps=10)
    now = timeutil.now()
    for key in dossiers.WORKLISTS:
        timed(f"worklist '{key}': first page + count (ui.ledger.ledger_page)",
              lambda key=key: ledger_page(db, LedgerFilter(worklist=key), None, now, True, True))
    timed("worklist tab counts (dossiers.worklist_counts)", lambda: dossiers.worklist_counts(db, now))
    db.close()
    write_json(args.json, out)


if __name__ == "__main__":
    main()
