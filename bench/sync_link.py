"""Scan goodput through a 1 Mbit/s link, as a fraction of the link's capacity.

    sudo uv run python -m bench.sync_link [--files 3] [--size 524288] [--rate-kbit 1000]

A network namespace of our own holds the reference server; a veth pair joins it to the host and
``tc tbf`` limits the host → namespace direction (the upload direction) to the rate. The engine
uploads ``--files`` random (incompressible) files with tus in its default 256 KiB chunks, one
upload at a time (one link). Goodput = file bytes / seconds of the pass / link bytes per second.
Needs root and iproute2; it prints "skipped" and exits 0 otherwise. Everything it creates is
removed at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NS, HOST_IF, NS_IF = "cabench", "cab-h", "cab-n"
HOST_IP, NS_IP, PORT = "10.231.0.1", "10.231.0.2", 8765


def sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def setup_link(rate_kbit: int) -> None:
    sh("ip", "netns", "add", NS)
    sh("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF)
    sh("ip", "link", "set", NS_IF, "netns", NS)
    sh("ip", "addr", "add", f"{HOST_IP}/24", "dev", HOST_IF)
    sh("ip", "link", "set", HOST_IF, "up")
    sh("ip", "netns", "exec", NS, "ip", "addr", "add", f"{NS_IP}/24", "dev", NS_IF)
    sh("ip", "netns", "exec", NS, "ip", "link", "set", NS_IF, "up")
    sh("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up")
    sh("tc", "qdisc", "add", "dev", HOST_IF, "root", "tbf", "rate", f"{rate_kbit}kbit", "burst", "32kbit",
       "latency", "400ms")


def teardown_link() -> None:
    subprocess.run(["ip", "link", "del", HOST_IF], capture_output=True)
    subprocess.run(["ip", "netns", "del", NS], capture_output=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=3)
    ap.add_argument("--size", type=int, default=512 * 1024)
    ap.add_argument("--rate-kbit", type=int, default=1000)
    ap.add_argument("--json", type=Path, help="also write the figures here (for bench.run)")
    args = ap.parse_args()
    from .stats import result, write_json

    what = f"scans over a {args.rate_kbit / 1000:g} Mbit/s link (tus, {args.files} × {args.size // 1024} KiB)"
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("tc"):
        print("skipped: needs root, ip and tc (iproute2) to make a network namespace")
        write_json(args.json, [result(what, target="≥ 0.90 of link", note="skipped: needs root, ip and tc")])
        return 0
    os.environ.setdefault("COUNTER_APP_SECRET_STORE", "file")
    os.environ["NO_PROXY"] = NS_IP

    from counter_app import accounts
    from counter_app.db import open_data_dir
    from counter_app.scanning import attachments, store
    from sync import config
    from sync.engine import Engine

    from .stats import machine
    from .sync_throughput import AGENCY, STATION, make_station

    tmp = Path(tempfile.mkdtemp(prefix="bench-link-"))
    teardown_link()
    try:
        setup_link(args.rate_kbit)
    except subprocess.CalledProcessError as exc:
        teardown_link()
        why = exc.stderr.decode(errors='replace').strip()
        print(f"skipped: could not make the namespace ({why})")
        write_json(args.json, [result(what, target="≥ 0.90 of link", note=f"skipped: no network namespace ({why[:80]})")])
        return 0
    server = None
    try:
        pdir = tmp / "prov"
        r = subprocess.run([sys.executable, "-m", "sync.provincial", "--data-dir", str(pdir), "add-station",
                            "--agency-code", AGENCY, "--station", "1"], capture_output=True, text=True, check=True)
        secret = r.stdout.strip()
        server = subprocess.Popen(["ip", "netns", "exec", NS, sys.executable, "-m", "sync.provincial", "--data-dir",
                                   str(pdir), "serve", "--host", NS_IP, "--port", str(PORT)], stdout=subprocess.PIPE, text=True)
        ready, _w, _x = select.select([server.stdout], [], [], 30)
        if not ready:
            raise SystemExit("server did not start")
        server.stdout.readline()

        station = tmp / "station"
        make_station(station, args.files)
        db = open_data_dir(station)
        actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        rng = random.Random(3)
        for did in [r[0] for r in db.execute("SELECT id FROM dossiers ORDER BY id")]:
            stored = store.put(station, rng.randbytes(args.size), "pdf")
            attachments.save_scans(db, did, [attachments.ComponentPdf(1, stored.sha256, stored.size, 1, "scan.pdf")],
                                   actor, station)
        cfg = config.SyncConfig(server_url=f"http://{NS_IP}:{PORT}", station_id=f"{AGENCY}/1", secret_store="file",
                                upload_workers=1, read_timeout=60)
        config.secret_store(station, cfg).set(secret)
        config.save(db, cfg)
        db.close()
        engine = Engine(station)
        try:
            engine.client.token()  # connection set-up is not part of the measured transfer
            t = time.perf_counter()
            summary = engine.run_pass()
            seconds = time.perf_counter() - t
        finally:
            engine.close()
        assert summary.queued["queued"] == 0, summary.queued
        total = args.files * args.size
        link = args.rate_kbit * 1000 / 8
        print(machine())
        print(f"| {args.files} × {args.size // 1024} KiB through tbf {args.rate_kbit} kbit/s | {seconds:.1f} s | "
              f"{total / seconds / 1000:.1f} kB/s | goodput {total / seconds / link:.3f} of link capacity |")
        share = total / seconds / link
        write_json(args.json, [result(what, value=share, n=args.files, unit="of link capacity", target="≥ 0.90",
                                      met=share >= 0.90, note=f"{seconds:.1f} s, {total / seconds / 1000:.1f} kB/s goodput")])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        teardown_link()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
