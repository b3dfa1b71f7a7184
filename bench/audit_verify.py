"""``audit verify`` with a million audit entries: the daily check (the entries added since the
last verified one, after a day's work of 1,500 entries) and the full check (``--full``), both
through the command's own function (anchors checked and moved, checkpoint saved), and the
chain check alone.

    uv run python -m bench.audit_verify --entries 1000000 --keep bench-data/audit

Builds (or reuses) a data folder whose audit table holds ``--entries`` chained entries of the
shapes the app writes (intake, status changes, payments, logins). Targets (issue 16): daily
(incremental) ≤ 1 s; full verify of 1M ≤ 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DAY = 1500  # audit entries a busy counter writes in a day (300 dossiers × ~5 actions)


def fill(db, upto: int) -> None:
    """Append chained entries until the audit table holds ``upto``."""
    from counter_app import audit

    have = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else audit.GENESIS
    actions = [("intake", '{{"procedure":"1.001193","received_at":"2026-11-20T08:{m:02d}:00+07:00"}}'),
               ("status", '{{"from":10,"to":20,"note":"chuyển xử lý {m}"}}'),
               ("payment", '{{"amount":8000,"method":"cash","receipt":"BL-{m}"}}'),
               ("login", "{{}}"), ("print", '{{"form":"mau01","copies":2,"n":{m}}}')]
    batch = []
    for i in range(have, upto):
        action, details = actions[i % len(actions)]
        details = details.format(m=i % 60)
        at = f"2026-11-20T08:{(i // 60) % 60:02d}:{i % 60:02d}+07:00"
        actor, obj = f"clerk:nv{i % 7}", f"000.00.06.H56-261120-{i % 1000:04d}"
        prev_h = prev
        prev = audit._digest(prev, at, actor, action, obj, details)
        batch.append((at, actor, action, obj, details, prev_h, prev))
        if len(batch) == 50_000:
            db.conn.executemany("INSERT INTO audit (at, actor, action, object, details, prev_hash, hash) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
            db.conn.commit()
            batch = []
    if batch:
        db.conn.executemany("INSERT INTO audit (at, actor, action, object, details, prev_hash, hash) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        db.conn.commit()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, default=ROOT / "bench-data" / "audit")
    ap.add_argument("--days", type=int, default=5, help="daily checks timed")
    ap.add_argument("--full-reps", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ.setdefault("COUNTER_APP_SECRET_STORE", "file")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from bench.data import STATION
    from bench.stats import result, summarize, write_json
    from counter_app import audit, dbkey, setup
    from counter_app.db import open_data_dir, write_tx

    data = args.keep / f"audit-{args.entries}"
    new = not (data / "counter.sqlite3").exists()
    db = open_data_dir(data, create=new)
    if new:
        setup.initialize(db, dict(STATION))
    t = time.perf_counter()
    fill(db, args.entries)
    print(f"{args.entries:,} audit entries ready in {time.perf_counter() - t:.0f} s", flush=True)

    def cli(*extra) -> float:
        """What ``audit verify`` does (cli/trust.py ``cmd_audit``; bench may not import cli):
        open, verify from the checkpoint (or all), check the anchors kept in the key file and in
        day-close entries, save the checkpoint and the anchor."""
        t = time.perf_counter()
        d = open_data_dir(data)
        try:
            v = audit.verify_chain(d, full="--full" in extra)
            anchors = [dbkey.load_anchor(data)[0]]
            for _at, _obj, details in d.execute(
                    "SELECT at, object, details FROM audit WHERE action = 'day-close' ORDER BY id"):
                det = json.loads(details)
                if "audit_count" in det:
                    anchors.append({"count": det["audit_count"], "hash": det["audit_hash"]})
            problems = [audit.check_anchor(d, a, "bench") for a in anchors if a is not None]
            if v.broken is not None or v.problem or any(problems):
                raise SystemExit(f"audit verify failed: {v} {problems}")
            with write_tx(d):
                audit.save_checkpoint(d, v.last)
            audit.anchor_now(d)
        finally:
            d.close()
        return (time.perf_counter() - t) * 1000

    load = lambda: os.getloadavg()[0]  # noqa: E731
    alone = []
    for _ in range(args.full_reps):
        t = time.perf_counter()
        v = audit.verify_chain(db, full=True)
        alone.append((time.perf_counter() - t) * 1000)
        assert v.broken is None and v.checked >= args.entries
    print(f"chain check alone, full: {summarize(alone)}", flush=True)
    l_full = load()
    full = [cli("--full") for _ in range(args.full_reps)]
    print(f"audit verify --full: {summarize(full)} (load {l_full:.2f})", flush=True)
    l_daily = load()
    daily = []
    for day in range(args.days):
        fill(db, db.execute("SELECT max(id) FROM audit").fetchone()[0] + DAY)
        daily.append(cli())
    print(f"audit verify after a day ({DAY} entries): {summarize(daily)} (load {l_daily:.2f})", flush=True)
    db.close()
    n = f"{args.entries:,}"
    write_json(args.json, [
        result(f"audit verify, daily (the {DAY:,} entries since the last check), {n} entries", daily,
               target="≤ 1000", met=max(daily) <= 1000,
               note=f"the command's steps: open, checkpoint, anchors, checkpoint and anchor saved; load {l_daily:.2f}"),
        result(f"audit verify --full, {n} entries", full, target="≤ 10000", met=max(full) <= 10000,
               note=f"load {l_full:.2f}"),
        result(f"audit chain check alone, full, {n} entries", alone,
               note="counter_app.audit.verify_chain(full=True)"),
    ])


if __name__ == "__main__":
    main()
