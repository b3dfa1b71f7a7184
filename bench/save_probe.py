"""Where the time of a slow save goes: each statement of the intake transaction timed from the
connection's trace callback, Python's garbage collections, the WAL's growth.

``SaveProbe(db)`` hooks a connection; ``probe.timed(fn)`` runs one save and keeps its phases:

- ``begin``: ``BEGIN IMMEDIATE`` (the write lock; another writer would show here);
- ``reads``: settings, procedure, calendar, sequences (the SELECTs and the sequence UPDATEs);
- ``dossier``, ``parties``, ``components``, ``fees``, ``history``, ``outbox``, ``audit``: each
  INSERT with the triggers it fires (report tables, scorecard, due dates);
- ``fts``: the search index's DELETE + INSERT (the FTS5 content and docsize rows);
- ``fts flush``: FTS5 writing its pending terms as a new segment (and, now and then, merging
  segments): inside the first statement after the FTS INSERT that opens a savepoint (a
  trigger's), or inside ``COMMIT``;
- ``commit``: the rest of ``COMMIT``: pages to the WAL and its fsync (synchronous=FULL);
- ``python``: the rest (the intake code between statements);
- ``gc``: Python's garbage collections that ran during the save (part of the phases above).

The trace callback costs ~1 µs a statement (~60 per save). Benchmarks only; the app never sets it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

PHASES = ("begin", "reads", "dossier", "parties", "components", "fees", "history", "fts", "outbox", "audit",
          "fts flush", "commit", "python", "gc")


def _phase(sql: str, in_commit: bool) -> str:
    s = sql.lstrip()
    if s.startswith("--") and ("_fts_data" in s or "_fts_idx" in s):
        return "fts flush"  # FTS5's segment writes and merges, wherever they land
    if in_commit:
        return "commit"
    if s.startswith("BEGIN"):
        return "begin"
    if s.startswith("COMMIT"):
        return "commit"
    low = s[:60].lower()
    for table in ("dossiers", "parties", "components", "fees", "history", "outbox", "audit"):
        if low.startswith(f"insert into {table} "):
            return "dossier" if table == "dossiers" else table
    if "dossier_fts" in s or "_fts_" in s:
        return "fts"
    return "reads"


class SaveProbe:
    def __init__(self, db, dbpath: Path) -> None:
        self.conn = db.conn
        self.wal = Path(str(dbpath) + "-wal")
        self.events: list[tuple[float, str]] = []
        self.gc_ms = 0.0
        self._gc_t = 0.0
        self.records: list[dict] = []
        self.checkpointed = False  # set by the caller when it checkpointed before the next save

    def _trace(self, sql: str) -> None:
        self.events.append((time.perf_counter(), sql))

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_t = time.perf_counter()
        else:
            self.gc_ms += (time.perf_counter() - self._gc_t) * 1000

    def __enter__(self) -> SaveProbe:
        self.conn.set_trace_callback(self._trace)
        gc.callbacks.append(self._gc)
        return self

    def __exit__(self, *exc) -> None:
        self.conn.set_trace_callback(None)
        gc.callbacks.remove(self._gc)

    def _wal_size(self) -> int:
        try:
            return self.wal.stat().st_size
        except FileNotFoundError:
            return 0

    def timed(self, fn: Callable[[], object]) -> float:
        """Run one save; its total ms (the phases are kept in ``records``)."""
        self.events.clear()
        self.gc_ms = 0.0
        wal0 = self._wal_size()
        t0 = time.perf_counter()
        fn()
        t1 = time.perf_counter()
        total = (t1 - t0) * 1000
        phases = dict.fromkeys(PHASES, 0.0)
        in_commit = False
        fts_writes = 0
        prev_t = t0
        prev_phase = "python"
        for t, sql in self.events:
            phases[prev_phase] += (t - prev_t) * 1000
            if sql.lstrip().startswith("COMMIT"):
                in_commit = True
            phase = _phase(sql, in_commit)
            if phase == "fts flush":
                fts_writes += 1
            # a statement's time runs to the next statement's start; between the end of a
            # statement and the next one is Python's, which this folds into the statement
            prev_t, prev_phase = t, phase
        phases[prev_phase] += (t1 - prev_t) * 1000
        phases["gc"] = self.gc_ms
        wal1 = self._wal_size()
        self.records.append({"total": total, **phases, "fts_writes": fts_writes,
                             "wal_kb": (wal1 - wal0) / 1024 if wal1 >= wal0 else None,
                             "after_checkpoint": self.checkpointed, "statements": len(self.events)})
        self.checkpointed = False
        return total

    def summary(self) -> str:
        """The saves right after a checkpoint against the others (medians)."""
        after = sorted(r["total"] for r in self.records if r["after_checkpoint"])
        other = sorted(r["total"] for r in self.records if not r["after_checkpoint"])
        med = lambda v: f"{v[len(v) // 2]:.2f} ms (max {v[-1]:.1f})" if v else "-"  # noqa: E731
        return (f"{len(after)} of {len(self.records)} saves came right after a checkpoint: median {med(after)}; "
                f"the others {med(other)}")

    def slowest(self, k: int = 5) -> list[dict]:
        return sorted(self.records, key=lambda r: r["total"], reverse=True)[:k]

    @staticmethod
    def line(r: dict) -> str:
        parts = [f"{p} {r[p]:.1f}" for p in PHASES if r[p] >= 0.3 or p in ("commit", "fts flush")]
        wal = f"WAL +{r['wal_kb']:.0f} KB" if r["wal_kb"] is not None else "WAL restarted"
        return (f"{r['total']:.1f} ms: " + ", ".join(parts) + f" (ms); {r['fts_writes']} FTS segment writes; {wal}"
                + ("; first save after a checkpoint" if r["after_checkpoint"] else ""))
