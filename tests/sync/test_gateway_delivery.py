"""The national gateway adapters (lgsp, three-url) end to end: the real engine against the
stand-in gateways (tests/gateway_standins.py) for records and progress, and the reference
server for files; exactly once through injected faults and through SIGKILLs."""

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
from gateway_standins import STANDINS, assert_gateway_exactly_once, configure_gateway
from sync_support import drain, secret_of

ROOT = Path(__file__).resolve().parents[2]
KINDS = sorted(STANDINS)


@pytest.fixture(params=KINDS)
def gateway(request, station, server):
    """(kind, stand-in) with the station set to the kind's adapter; files to the reference server."""
    standin = STANDINS[request.param]().start()
    configure_gateway(station, request.param, standin, server.url, secret_of(station))
    yield request.param, standin
    standin.stop()


def open_engine(data_dir, **kw):
    from sync.engine import Engine

    return Engine(data_dir, **kw)


def test_one_pass_delivers_to_the_gateway(gateway, station, maker, db, server):
    kind, standin = gateway
    codes = [maker.dossier(files=2, steps=s) for s in (0, 1, 3)]
    engine = open_engine(station)
    try:
        summary = engine.run_pass(force=True)
    finally:
        engine.close()
    assert summary.queued["queued"] == 0, summary.errors
    assert summary.sent == {"file": 6, "dossier": 3, "progress": 4}
    assert_gateway_exactly_once(db, standin, server)
    rec = standin.records[codes[2]][0]
    assert rec["TrangThaiHoSo"] == "10" and "QuaTrinhXuLy" not in rec
    assert all(isinstance(d["SoLuong"], int) and isinstance(d["LoaiGiayTo"], int)
               for d in rec["DanhSachTepDinhKemKhac"])
    assert [s for s, _t in standin.history(codes[2])] == ["2", "4", "9", "10"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the 1,000-dossier runs through faults are the same code on every platform and take minutes under Wine: they run on Linux, and the Windows stage keeps to its 20-minute budget")
def test_thousand_dossiers_through_faults_to_each_gateway(gateway, station, maker, db, server):
    from sync.provincial.faults import FaultConfig

    kind, standin = gateway
    for i in range(1000):
        maker.dossier(files=1, file_size=(300, 40_000), steps=(0, 1, 2, 3)[i % 4])
    standin.faults.set(FaultConfig(error_rate=0.04, reset_rate=0.04, stall_rate=0.005, stall_seconds=1.5,
                                   slow_rate=0.02, slow_seconds=0.05, rate_429=0.03, retry_after=0.05,
                                   captive_rate=0.02, seed=20261204))
    server.faults.set(FaultConfig(error_rate=0.02, reset_rate=0.02, seed=7))
    configure_gateway(station, kind, standin, server.url, secret_of(station), read_timeout=1.0)
    engine = open_engine(station)
    try:
        drain(engine)
    finally:
        engine.close()
    injected = standin.faults.injected
    assert all(injected[k] > 0 for k in ("error", "reset", "stall", "slow", "429", "captive")), injected
    assert_gateway_exactly_once(db, standin, server)
    if kind == "lgsp":  # records sent again after a failure asked the gateway first
        assert standin.services["TraCuuHoSo"] > 0
    else:  # creates whose answer was lost came back "đã tồn tại" and went to the update URL
        assert sum(standin.updates.values()) > 0


def _sending(data_dir: Path) -> int:
    c = sqlite3.connect(f"file:{data_dir / 'counter.sqlite3'}?mode=ro", uri=True, timeout=10)
    try:
        return c.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sending'").fetchone()[0]
    finally:
        c.close()


def _env() -> dict[str, str]:
    return {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost"}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_then_exactly_once_at_each_gateway(gateway, station, maker, db, server):
    from sync.provincial.faults import FaultConfig

    kind, standin = gateway
    kills = 30
    configure_gateway(station, kind, standin, server.url, secret_of(station), chunk_size=8 * 1024,
                      upload_workers=3, batch_size=20)
    for i in range(60):
        maker.dossier(files=1, file_size=(2_000, 40_000), steps=i % 4)
    standin.faults.set(FaultConfig(slow_rate=0.5, slow_seconds=0.03, error_rate=0.03, reset_rate=0.03, seed=5))
    rng = random.Random(1204)
    kills_mid_send = 0
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-m", "cli", "--data-dir", str(station), "sync"],
                                cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ready, _w, _x = select.select([proc.stdout], [], [], 60)
        assert ready, "the sync process did not start"
        proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        proc.stdout.close()
        kills_mid_send += _sending(station) > 0
        maker.dossier(files=1, file_size=(2_000, 40_000), steps=rng.randint(0, 3))
    assert kills_mid_send > 0  # some kills did land while rows were on the wire
    standin.faults.off()
    for _ in range(10):
        r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(station), "sync", "--once"],
                           cwd=ROOT, env=_env(), capture_output=True, text=True, encoding="utf-8", timeout=120)
        if r.returncode == 0:
            break
    assert r.returncode == 0, r.stdout + r.stderr
    assert_gateway_exactly_once(db, standin, server)
