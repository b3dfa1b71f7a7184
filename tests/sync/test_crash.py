"""``counter-app sync`` killed with SIGKILL at random moments, 50 times, then restarted: the
province still ends up with every record, file and history entry exactly once."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_support import assert_exactly_once, configure, secret_of

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50


def _env() -> dict[str, str]:
    return {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost"}


def _open_rows(data_dir: Path) -> tuple[int, int]:
    c = sqlite3.connect(f"file:{data_dir / 'counter.sqlite3'}?mode=ro", uri=True, timeout=10)
    try:
        open_, sending = c.execute(
            "SELECT COUNT(*), COALESCE(SUM(state = 'sending'), 0) FROM outbox WHERE state != 'done'").fetchone()
        return open_, sending
    finally:
        c.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_fifty_times_then_exactly_once(station, maker, db, server):
    from sync.provincial.faults import FaultConfig

    chunk = 8 * 1024
    configure(station, server.url, secret_of(station), chunk_size=chunk, upload_workers=3, batch_size=20)
    for i in range(60):
        maker.dossier(files=1, file_size=(2_000, 40_000), steps=i % 4)
    # Slow answers and some faults keep the engine busy long enough for kills to land mid-work.
    server.faults.set(FaultConfig(slow_rate=0.5, slow_seconds=0.03, error_rate=0.03, reset_rate=0.03, seed=5))
    rng = random.Random(1122)
    kills_mid_send = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-m", "cli", "--data-dir", str(station), "sync"],
                                cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Kill at a random moment of the engine's work (it prints one line when it starts).
        ready, _w, _x = select.select([proc.stdout], [], [], 60)
        assert ready, "the sync process did not start"
        proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        proc.stdout.close()
        _open, sending = _open_rows(station)
        kills_mid_send += sending > 0
        for i in range(2):  # the counter keeps working between restarts
            maker.dossier(files=1, file_size=(2_000, 40_000), steps=i + 1)
    assert kills_mid_send > 0  # some kills did land while rows were on the wire

    server.faults.off()
    for _ in range(10):  # restart without faults until the queue is empty
        r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(station), "sync", "--once"],
                           cwd=ROOT, env=_env(), capture_output=True, text=True, encoding="utf-8", timeout=120)
        if r.returncode == 0:
            break
    assert r.returncode == 0, r.stdout + r.stderr
    assert _open_rows(station) == (0, 0)
    assert_exactly_once(db, server)
    # Uploads cut by a kill resumed from the server's offset: the server never received much
    # more than the files' sizes (at most one chunk per upload in flight at each kill).
    conn = server.store.conn()
    received, length = conn.execute("SELECT SUM(bytes_received), SUM(length) FROM uploads").fetchone()
    assert received <= length + KILLS * 3 * chunk
