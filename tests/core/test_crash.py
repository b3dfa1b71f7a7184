"""Kill -9 during a stream of intakes, 100 times at random moments: every dossier whose code was
handed out (written to the pipe after its save returned) is present and complete; the database
passes integrity_check; there are no orphan rows and no temporary files left behind."""

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app import paths

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

STREAM = Path(__file__).resolve().parents[1] / "intake_stream.py"  # forks the processes that get killed

KILLS = 100
# Working days the children take dossiers in, in turn: a day holds at most 999 codes per counter,
# and a fast machine saves more than that in 100 kills' worth of time.
DAYS = ("2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25",
        "2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01", "2026-12-02")


@pytest.mark.slow
def test_sigkill_during_intake_stream(data_dir):
    zygote = subprocess.Popen([sys.executable, str(STREAM), str(data_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)

    def line() -> str:
        out = zygote.stdout.readline()
        assert out.endswith("\n") and out != "ended\n", "the intake process ended before it was killed"
        return out.strip()

    rng = random.Random(20261122)
    announced: list[str] = []
    awaited = 0
    pid = None
    try:
        for i in range(KILLS):
            zygote.stdin.write(f"start {i} {DAYS[i % len(DAYS)]}\n")
            zygote.stdin.flush()
            word, pid = line().split()
            assert word == "ready"
            pid = int(pid)
            # Progress is waited for, not hoped for within a time window (a loaded machine saves
            # fewer dossiers per millisecond): up to two codes are read before the kill, which
            # then lands at a random moment of the following saves.
            for _ in range(rng.randint(0, 2)):
                announced.append(line())
                awaited += 1
            time.sleep(rng.uniform(0.0, 0.06))
            os.kill(pid, signal.SIGKILL)
            zygote.stdin.write("reap\n")
            zygote.stdin.flush()
            while (out := line()) != f"reaped {-signal.SIGKILL}":  # all the child wrote comes first
                assert not out.startswith("reaped"), out
                announced.append(out)
            pid = None
    finally:
        if pid is not None:  # a failed assertion may have left a child running
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        zygote.stdin.close()
        zygote.wait(timeout=60)
        zygote.stdout.close()
    assert awaited > KILLS // 2 and len(announced) >= awaited  # saves were under way when the kills came

    conn = sqlite3.connect(paths.db_path(data_dir))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0]: row[1] for row in conn.execute("SELECT code, id FROM dossiers")}
        missing = [c for c in announced if c not in stored]
        assert missing == []
        assert len(set(announced)) == len(announced)  # no code handed out twice
        for table in ("parties", "components", "history", "outbox"):
            orphans = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE dossier_id NOT IN (SELECT id FROM dossiers)").fetchone()[0]
            assert orphans == 0, table
        # every stored dossier is complete
        for table in ("parties", "components", "history", "outbox"):
            incomplete = conn.execute(
                f"SELECT COUNT(*) FROM dossiers WHERE id NOT IN (SELECT dossier_id FROM {table})").fetchone()[0]
            assert incomplete == 0, table
        assert conn.execute("SELECT COUNT(*) FROM dossier_fts").fetchone()[0] == len(stored)
        audited = {r[0] for r in conn.execute("SELECT object FROM audit WHERE action = 'intake'")}
        assert audited == set(stored)
        # daily sequence: no gaps were handed out twice and numbering continued after each restart
        by_day: dict[str, list[int]] = {}
        for c in stored:
            by_day.setdefault(c.split("-")[-2], []).append(int(c[-3:]))
        for day, seqs in by_day.items():
            assert sorted(seqs) == list(range(1, len(seqs) + 1)), day
    finally:
        conn.close()
    from counter_app import audit
    from counter_app.db import open_data_dir

    db = open_data_dir(data_dir)
    try:
        assert audit.verify(db) is None
    finally:
        db.close()
    leftovers = [p.name for p in data_dir.rglob("*") if p.suffix in (".tmp",) or ".partial" in p.name]
    assert leftovers == []
