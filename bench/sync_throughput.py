"""Records per second from the sync engine to the loopback reference server, and the same
server's rate for a bare POST loop (no database, bodies prepared in memory) as the reference.

    uv run python -m bench.sync_throughput [--dossiers 3000] [--batch 100]

The server runs as its own process (``counter-app-provincial serve``) on 127.0.0.1, so the
engine and the server do not share an interpreter. Each dossier is one record (no files, no
progress entries): the figure is dossiers per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import requests

from counter_app import accounts, intake, procedures, setup, synthetic
from counter_app.db import open_data_dir
from sync import config

from .stats import machine, result, write_json

AGENCY = "000.00.06.H56"
STATION = {"agency_code": AGENCY, "agency_name": "Trung tâm Phục vụ hành chính công xã Yên Lạc",
           "province": "Tỉnh Phú Thọ", "station": 1, "admin_user": "bench", "admin_password": "bench-password"}


def start_server(pdir: Path) -> tuple[subprocess.Popen, str, str]:
    r = subprocess.run([sys.executable, "-m", "sync.provincial", "--data-dir", str(pdir), "add-station",
                        "--agency-code", AGENCY, "--station", "1"], capture_output=True, text=True, check=True)
    secret = r.stdout.strip()
    proc = subprocess.Popen([sys.executable, "-m", "sync.provincial", "--data-dir", str(pdir), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    ready, _w, _x = select.select([proc.stdout], [], [], 30)
    if not ready:
        raise SystemExit("server did not start")
    url = proc.stdout.readline().strip().rsplit(" ", 1)[-1]
    return proc, url, secret


def make_station(d: Path, n: int) -> None:
    db = open_data_dir(d, create=True)
    setup.initialize(db, dict(STATION))
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    procs = [sp.procedure for sp in procedures.active_procedures(db)]
    rng = random.Random(1)
    start = datetime(2026, 10, 1, 7, 30)
    for i in range(n):
        received = start + timedelta(days=i // 900, seconds=20 * (i % 900))
        data = synthetic.intake_data(rng, rng.choice(procs), received)
        data["received_at"] = received.isoformat() + "+07:00"
        intake.save(db, intake.parse_request(data), actor)
    db.close()


def bare_loop(url: str, secret: str, bodies: list[dict], batch: int) -> float:
    """Seconds to POST ``bodies`` (new keys) in batches of ``batch`` with one keep-alive session."""
    s = requests.Session()
    tok = s.post(url + "/api/v1/auth/token", json={"station": f"{AGENCY}/1", "secret": secret}, timeout=10).json()
    s.headers["Authorization"] = "Bearer " + tok["access_token"]
    t = time.perf_counter()
    for i in range(0, len(bodies), batch):
        items = [{"key": str(uuid.uuid4()), "record": b} for b in bodies[i:i + batch]]
        r = s.post(url + "/api/v1/dossiers/batch", json={"items": items}, timeout=30)
        r.raise_for_status()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--json", type=Path, help="also write the figures here (for bench.run)")
    args = ap.parse_args()
    os.environ.setdefault("COUNTER_APP_SECRET_STORE", "file")
    os.environ["NO_PROXY"] = "127.0.0.1"
    from sync.engine import Engine

    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    print(machine())
    print(f"building {args.dossiers} dossiers …", flush=True)
    make_station(tmp / "station", args.dossiers)
    proc, url, secret = start_server(tmp / "prov")
    try:
        db = open_data_dir(tmp / "station")
        cfg = config.SyncConfig(server_url=url, station_id=f"{AGENCY}/1", secret_store="file", batch_size=args.batch)
        config.secret_store(tmp / "station", cfg).set(secret)
        config.save(db, cfg)
        db.close()
        engine = Engine(tmp / "station")
        t = time.perf_counter()
        summary = engine.run_pass()
        engine_s = time.perf_counter() - t
        engine.close()
        assert summary.queued["queued"] == 0, summary.queued
        db = open_data_dir(tmp / "station")
        # The same bodies under other codes, so that the server inserts as it did for the engine.
        bodies = []
        for (payload,) in db.execute("SELECT payload FROM outbox WHERE kind = 'dossier' ORDER BY id"):
            body = json.loads(payload)
            body["MaHoSo"] = body["MaHoSo"].replace(AGENCY + "-", AGENCY + "-b", 1)
            bodies.append(body)
        db.close()
        bare_s = bare_loop(url, secret, bodies, args.batch)
        single_s = bare_loop(url, secret, [{**b, "MaHoSo": b["MaHoSo"] + "x"} for b in bodies[:500]], 1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    n = args.dossiers
    engine_rate, bare_rate, single_rate = n / engine_s, n / bare_s, 500 / single_s
    print(f"| engine pass (freeze, send, record outcomes), batch {args.batch} | {n} | {engine_s:.2f} s | "
          f"{engine_rate:.0f} dossiers/s | {engine_rate / bare_rate:.2f} × bare |")
    print(f"| bare POST loop, same bodies, batch {args.batch} | {n} | {bare_s:.2f} s | {bare_rate:.0f} dossiers/s | 1.00 |")
    print(f"| bare POST loop, one record per request | 500 | {single_s:.2f} s | {single_rate:.0f} dossiers/s | |")
    write_json(args.json, [
        result(f"sync of records to the loopback reference server (engine pass, batch {args.batch})", value=engine_rate,
               n=n, unit="dossiers/s", target="≥ 500", met=engine_rate >= 500,
               note=f"{engine_s:.2f} s; {engine_rate / bare_rate:.2f}× the bare POST loop"),
        result(f"bare POST loop, same bodies, batch {args.batch} (reference)", value=bare_rate, n=n, unit="dossiers/s",
               note=f"{bare_s:.2f} s"),
    ])


if __name__ == "__main__":
    main()
