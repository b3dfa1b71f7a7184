"""The command lines as an administrator uses them (real subprocesses): the reference server's
``counter-app-provincial`` and ``counter-app sync-setup`` / ``sync --once`` / ``sync-status``."""

from __future__ import annotations

import json
import os
import select
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]


def _env():
    return {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost"}


def app(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=_env(), timeout=120)


def provincial(*args):
    return subprocess.run([sys.executable, "-m", "sync.provincial", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=_env(), timeout=120)


@pytest.fixture
def served(tmp_path):
    """``counter-app-provincial serve`` in a subprocess on an ephemeral port."""
    pdir = tmp_path / "prov"
    r = provincial("--data-dir", str(pdir), "add-station", "--agency-code", STATION["agency_code"], "--station", "1")
    assert r.returncode == 0, r.stderr
    secret = r.stdout.strip()
    proc = subprocess.Popen([sys.executable, "-m", "sync.provincial", "--data-dir", str(pdir), "serve", "--port", "0"],
                            cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready, _w, _x = select.select([proc.stdout], [], [], 60)
    assert ready
    url = proc.stdout.readline().strip().rsplit(" ", 1)[-1]
    yield url, secret, pdir, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()


def test_setup_sync_once_pull_and_offline_exit_codes(served, data_dir, tmp_path):
    url, secret, pdir, proc = served
    assert url.startswith("http://127.0.0.1:") and len(secret) >= 40

    r = app("--data-dir", str(data_dir), "sync-setup", "--server", "ftp://x", "--secret-stdin", stdin=secret + "\n")
    assert r.returncode == 2 and "https://" in r.stderr
    r = app("--data-dir", str(data_dir), "sync-setup", "--server", url, "--secret-stdin", "--backoff-base", "0.01",
            "--backoff-cap", "0.05", "--connect-timeout", "10", "--read-timeout", "30", stdin=secret + "\n")
    assert r.returncode == 0, r.stderr
    secret_file = data_dir / "sync-secret"
    if os.name == "posix":
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert secret.encode() not in (data_dir / "counter.sqlite3").read_bytes()

    f = tmp_path / "in.json"
    f.write_text(json.dumps(sample_intake(), ensure_ascii=False), encoding="utf-8")
    code = app("--data-dir", str(data_dir), "intake", "--json", str(f)).stdout.strip()
    r = app("--data-dir", str(data_dir), "sync", "--once")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Đã gửi: 1 hồ sơ" in r.stdout and "Còn trong hàng đợi: 0" in r.stdout

    r = provincial("--data-dir", str(pdir), "set-status", code, "4", "--note", "Chuyển Phòng Tư pháp")
    assert r.returncode == 0, r.stderr
    r = app("--data-dir", str(data_dir), "sync", "--once", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["pulled"]["applied"] == 1
    shown = json.loads(app("--data-dir", str(data_dir), "show", code, "--json").stdout)
    assert shown["status"] == 4 and shown["history"][-1]["note"] == "Chuyển Phòng Tư pháp"
    record = json.loads(provincial("--data-dir", str(pdir), "show", code).stdout)
    assert record["MaHoSo"] == code and record["TrangThaiHoSo"] == "4"

    # The province goes away: the row waits for a retry and the exit status says so.
    proc.terminate()
    proc.wait(timeout=30)
    app("--data-dir", str(data_dir), "intake", "--json", str(f))
    r = app("--data-dir", str(data_dir), "sync", "--once")
    assert r.returncode == 1
    assert "Không kết nối được" in r.stdout and "chờ thử lại 1" in r.stdout
    r = app("--data-dir", str(data_dir), "sync-status", "--json")
    status = json.loads(r.stdout)
    assert status["queued"]["waiting-retry"] == 1 and status["entries"][0]["last_error"]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a test certificate")
def test_tls_verification_and_custom_ca_bundle(tmp_path, data_dir, maker):
    from sync_support import configure

    from sync.engine import Engine
    from sync.provincial.server import ReferenceServer

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    srv = ReferenceServer(tmp_path / "tls-prov", tls_cert=str(cert), tls_key=str(key)).start()
    try:
        _sid, secret = srv.store.add_station(STATION["agency_code"], str(STATION["station"]))
        assert srv.url.startswith("https://")
        configure(data_dir, srv.url, secret)  # the system's CAs only: the self-made certificate is refused
        maker.dossier(files=0)
        e = Engine(data_dir)
        try:
            e.run_pass()
        finally:
            e.close()
        kind, error = maker.db.execute("SELECT error_kind, last_error FROM outbox").fetchone()
        assert kind == "tls" and "TLS" in error
        configure(data_dir, srv.url, secret, ca_bundle=str(cert))
        e = Engine(data_dir)
        try:
            assert e.run_pass(force=True).sent["dossier"] == 1
        finally:
            e.close()
    finally:
        srv.stop()
