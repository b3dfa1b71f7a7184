"""Every target of architecture §9 in one run, printed as one table.

    uv run python -m bench.run                      # 1,000,000 dossiers in bench-data/run
    uv run python -m bench.run --size 100000 --data /tmp/b --skip sync_link

Builds (or reuses) the synthetic database, then runs each benchmark as its own process (so one
benchmark's memory, Qt application or threads never colour another's figures) with ``--json``,
and gathers their results. Nothing passes or fails on time: the table says which targets are
met. It is written to ``<data>/results.md`` as well. Kept out of the test run.

Growth (issue 16): the search box, the worklists and login → usable window run again on
``--growth-from`` dossiers (100,000 by default; a second database is built), and the table ends
with the ratio of each figure at the full size to the small one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .stats import RUN_HEADER, machine, result, run_row

ROOT = Path(__file__).resolve().parents[1]

# (name, what it measures, argv after "python -m"; {db} is the data folder, {n} the size)
STEPS: list[tuple[str, str, list[str]]] = [
    ("intake_search", "save one dossier + type-ahead search, bare insert reference",
     ["bench.intake_search", "--sizes", "{n}", "--keep", "{data}", "--saves", "320", "--searches", "500"]),
    ("reports", "daily tally, day close, Biểu 06, dashboard",
     ["bench.reports", "--size", "{n}", "--keep", "{data}", "--reps", "50", "--saves", "120"]),
    ("printing", "Mẫu 01 PDF, bare reportlab reference", ["printing.bench", "100"]),
    ("sync_throughput", "records to the loopback reference server, bare POST loop reference",
     ["bench.sync_throughput", "--dossiers", "3000"]),
    ("sync_link", "scans through a 1 Mbit/s link (needs root for a network namespace)", ["bench.sync_link"]),
    ("startup", "start to login window, bare PySide6 window reference", ["bench.startup", "--runs", "9"]),
    ("gui_login", "login → usable main window: the real sign-in and MainWindow to the first ledger page (issue 16)",
     ["bench.gui_login", "--db", "{data}/db-{n}", "--runs", "5"]),
    ("gui_ledger", "RSS and event-loop gaps with the 1M ledger: open, scroll, search",
     ["bench.gui_ledger", "--db", "{data}/db-{n}"]),
    ("ledger_typing", "the ledger's search box typed one key every 150 ms, its first-page function alone, RSS after "
                      "20 mixed searches",
     ["bench.ledger_typing", "--db", "{data}/db-{n}"]),
    ("gui_sync", "event-loop gaps while the engine syncs (400 dossiers + scans), the 1M ledger shown",
     ["bench.gui_sync", "--base-db", "{data}/db-{n}"]),
    ("daily_ops", "sync panel and sync-status with 100k queued, worklists (issue 16)",
     ["bench.daily_ops", "--db", "{data}/db-{n}", "--reps", "20"]),
    ("register", "Mẫu 07 for a month of 5,000 dossiers (issue 16)", ["bench.register", "--db", "{data}/db-{n}"]),
    ("scorecard", "the 766 scorecard for a year, a quarter, a month, and the tab's read (issue 20)",
     ["bench.scorecard", "--db", "{data}/db-{n}", "--save-ab", "4"]),
    ("audit_verify", "audit verify with 1M entries: daily (incremental) and full (issue 16)",
     ["bench.audit_verify", "--entries", "1000000", "--keep", "{data}"]),
    ("backup", "the backup while the clerk saves every 0.5 s (issue 16)", ["bench.backup", "--db", "{data}/db-{n}"]),
]
# Growth (issue 16): these steps run again on a database of ``--growth-from`` dossiers, and the
# ratio big / small of the rows below is printed ("flat" = at most 2× for 10× the data).
GROWTH_STEPS = ("ledger_typing", "daily_ops", "gui_login")
GROWTH_ROWS = [  # (row name starts with, statistic, label)
    ("ledger search box, one key every 150 ms", "p95", "ledger search box, key → first page (p95)"),
    ("ledger first page + count, 'nguyen' typed", "median", "ledger first page, 'nguyen' (median)"),
    ("worklist 'overdue'", "median", "worklist 'overdue', first page + count (median)"),
    ("worklist tab counts", "median", "worklist tab counts (median)"),
    ("login → usable main window", "median", "login → usable main window (median)"),
]
GROWTH_LIMIT = 2.0
CRASH_TESTS = ["tests/core/test_crash.py", "tests/sync/test_crash.py"]


def _run_step(name: str, argv: list[str], out: Path, log: Path, timeout: float) -> list[dict]:
    cmd = [sys.executable, "-m", *argv, "--json", str(out)]
    if hasattr(os, "sync"):
        os.sync()  # the last step's writes (GBs for a fresh fill or a copied ledger) off the disk queue
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    t = time.perf_counter()
    with open(log, "w", encoding="utf-8") as f:
        try:
            rc = subprocess.run(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    took = time.perf_counter() - t
    print(f"  {name}: {took:.0f} s, load average {load:.2f} before" + ("" if rc == 0 else f" (exit {rc}, see {log})"),
          flush=True)
    if rc == 0 and out.exists():
        results = json.loads(out.read_text(encoding="utf-8"))
        for r in results:  # the load this step started under, on each of its rows
            if "load" not in (r.get("note") or ""):
                r["note"] = (r.get("note") + "; " if r.get("note") else "") + f"load {load:.2f} before the step"
        return results
    return [result(f"{name}: did not finish", note=f"exit {rc}; log {log}", met=False)]


def _crash_row(log: Path, timeout: float) -> dict:
    """kill -9 at random points during intake and sync: the crash tests are the measurement
    (intake stream killed mid-write; ``counter-app sync`` killed 50 times, then every record,
    file and history entry checked exactly once at the server)."""
    t = time.perf_counter()
    with open(log, "w", encoding="utf-8") as f:
        try:
            rc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CRASH_TESTS],
                                cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    took = time.perf_counter() - t
    print(f"  crash tests: {took:.0f} s", flush=True)
    ok = rc == 0
    return result("kill -9 at random points during intake and sync", unit="",
                  target="0 lost, 0 duplicates", met=ok,
                  note=("0 lost, 0 duplicates: " if ok else f"FAILED (exit {rc}, {log}): ")
                  + "intake stream SIGKILLed mid-write; sync process SIGKILLed 50 times, then exactly-once "
                  "checked at the server (" + ", ".join(CRASH_TESTS) + ")")


def _growth_rows(small: list[dict], big: list[dict], n_small: int, n_big: int) -> list[dict]:
    out = []
    for prefix, stat, label in GROWTH_ROWS:
        a = next((r for r in small if r["what"].startswith(prefix)), None)
        b = next((r for r in big if r["what"].startswith(prefix)), None)
        if not a and not b:
            continue  # its step was not run
        if not a or not b or not a.get(stat) or b.get(stat) is None:
            out.append(result(f"growth: {label}", note="a run did not give this row", met=False))
            continue
        ratio = b[stat] / a[stat]
        out.append(result(f"growth: {label}", value=ratio, unit="× (big / small)", n=1,
                          target=f"≤ {GROWTH_LIMIT:g}× for {n_big // n_small}× the data", met=ratio <= GROWTH_LIMIT,
                          note=f"{a[stat]:.1f} at {n_small:,} → {b[stat]:.1f} at {n_big:,} ({a.get('unit', 'ms')})"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="dossiers in the database (default 1,000,000)")
    ap.add_argument("--data", type=Path, default=ROOT / "bench-data" / "run",
                    help="folder for the database (reused when present) and the results")
    ap.add_argument("--skip", nargs="*", default=[], choices=[s[0] for s in STEPS] + ["crash"],
                    help="steps to leave out")
    ap.add_argument("--only", nargs="*", choices=[s[0] for s in STEPS] + ["crash"], help="run only these steps")
    ap.add_argument("--step-timeout", type=float, default=600)
    ap.add_argument("--growth-from", type=int, default=100_000,
                    help="also run the growth steps on this many dossiers and print the ratios (0: no)")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("COUNTER_APP_SECRET_STORE", "file")
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    data: Path = args.data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix="bench-run-"))
    started = time.perf_counter()
    wanted = [s for s in STEPS if (not args.only or s[0] in args.only) and s[0] not in args.skip]
    print(f"bench.run: {args.size:,} dossiers in {data}; logs in {logs}", flush=True)

    from .data import ensure

    fill = None
    if any("{data}" in " ".join(s[2]) for s in wanted):
        t = time.perf_counter()
        fill = ensure(data / f"db-{args.size}", args.size)
        print(f"  database: {'built' if fill is not None else 'reused'} in {time.perf_counter() - t:.0f} s",
              flush=True)
    rows: list[tuple[str, list[dict]]] = []
    for name, what, step_argv in wanted:
        argv_ = [a.format(n=args.size, data=data) for a in step_argv]
        rows.append((what, _run_step(name, argv_, logs / f"{name}.json", logs / f"{name}.log", args.step_timeout)))
    small = args.growth_from
    growth = [s for s in wanted if s[0] in GROWTH_STEPS] if 0 < small < args.size else []
    if growth:
        print(f"  growth: the same steps on {small:,} dossiers", flush=True)
        ensure(data / f"db-{small}", small)
        small_rows: list[dict] = []
        for name, _what, step_argv in growth:
            argv_ = [a.format(n=small, data=data) for a in step_argv]
            small_rows += _run_step(f"{name} ({small:,})", argv_, logs / f"{name}-{small}.json",
                                    logs / f"{name}-{small}.log", args.step_timeout)
        rows.append((f"growth from {small:,} to {args.size:,} dossiers (the same steps on both)",
                     _growth_rows(small_rows, [r for _w, rs in rows for r in rs], small, args.size)))
    if (not args.only or "crash" in args.only) and "crash" not in args.skip:
        rows.append(("crash safety", [_crash_row(logs / "crash.log", args.step_timeout)]))
    total = time.perf_counter() - started

    lines = [f"Machine: {machine()}, SQLite {sqlite3.sqlite_version}, {platform.machine()}; "
             f"{time.strftime('%Y-%m-%d %H:%M')}; load average before {load_before:.2f}.",
             f"Command: `uv run python -m bench.run --size {args.size}`; total {total / 60:.1f} min"
             + (f" (building the database: {fill:.0f} s)" if fill is not None else " (database reused)") + ".",
             "", RUN_HEADER]
    for what, results in rows:
        lines.append(f"| **{what}** | | | | | | | | | |")
        lines += [run_row(r) for r in results]
    missed = [r["what"] for _w, rs in rows for r in rs if r.get("met") is False]
    lines += ["", f"Targets missed: {len(missed)}" + (": " + "; ".join(missed) if missed else "")]
    text = "\n".join(lines)
    print("\n" + text)
    (data / "results.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
