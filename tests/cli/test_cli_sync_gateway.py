"""``counter-app sync-setup --adapter lgsp|three-url`` as an administrator types it (a real
subprocess), then ``sync --once`` to a stand-in gateway (tests/gateway_standins.py)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from gateway_standins import LgspStandin, ThreeUrlStandin
from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]


def app(*args, stdin=None):
    env = {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1,localhost",
           "no_proxy": "127.0.0.1,localhost"}
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)


def _intake(data_dir, tmp_path):
    f = tmp_path / "in.json"
    f.write_text(json.dumps(sample_intake(), ensure_ascii=False), encoding="utf-8")
    r = app("--data-dir", str(data_dir), "intake", "--json", str(f))
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_lgsp_setup_then_sync_once(server, data_dir, tmp_path):
    _sid, secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    gw = LgspStandin().start()
    try:
        base = ["--data-dir", str(data_dir), "sync-setup", "--server", server.url, "--secret-stdin", "--adapter", "lgsp"]
        # Missing options: one clear message naming them, nothing stored.
        r = app(*base, "--gateway-url", gw.url, "--gateway-password-stdin", stdin=f"{secret}\n{gw.password}\n")
        assert r.returncode == 2
        assert "Thiếu thông tin cấu hình cổng kết nối: Đường dẫn đăng nhập (--auth-path)" in r.stderr
        assert "Mã đơn vị (--madonvi)" in r.stderr and "Tên đăng nhập cổng (--username)" in r.stderr
        assert not (data_dir / "sync-secret-gateway").exists()
        opts = ["--gateway-url", gw.url, "--auth-path", gw.AUTH, "--integration-path", gw.INTEGRATION,
                "--madonvi", gw.madonvi, "--username", gw.username]
        r = app(*base, *opts, stdin=f"{secret}\n")
        assert r.returncode == 2 and "Chưa có mật khẩu đăng nhập cổng LGSP" in r.stderr
        r = app(*base, *opts, "--gateway-password-stdin", stdin=f"{secret}\n{gw.password}\n")
        assert r.returncode == 0, r.stderr
        assert "bộ chuyển đổi lgsp" in r.stdout
        pw_file = data_dir / "sync-secret-gateway"
        assert pw_file.read_text(encoding="utf-8") == gw.password
        if os.name == "posix":
            assert stat.S_IMODE(pw_file.stat().st_mode) == 0o600
        assert gw.password.encode() not in (data_dir / "counter.sqlite3").read_bytes()

        code = _intake(data_dir, tmp_path)
        r = app("--data-dir", str(data_dir), "sync", "--once")
        assert r.returncode == 0, r.stdout + r.stderr
        assert list(gw.records) == [code] and gw.history(code)[0][0] == "2"
        assert gw.password not in r.stdout + r.stderr
    finally:
        gw.stop()


def test_three_url_setup_then_sync_once(server, data_dir, tmp_path):
    _sid, secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    gw = ThreeUrlStandin().start()
    try:
        base = ["--data-dir", str(data_dir), "sync-setup", "--server", server.url, "--secret-stdin",
                "--adapter", "three-url"]
        r = app(*base, "--create-url", gw.url + gw.CREATE, "--update-url", "ftp://x", "--progress-url",
                gw.url + gw.PROGRESS, stdin=f"{secret}\n")
        assert r.returncode == 2 and "Địa chỉ cập nhật hồ sơ (--update-url) phải là địa chỉ bắt đầu bằng https://" in r.stderr
        r = app(*base, "--create-url", gw.url + gw.CREATE, "--update-url", gw.url + gw.UPDATE,
                "--progress-url", gw.url + gw.PROGRESS, stdin=f"{secret}\n")
        assert r.returncode == 0, r.stderr
        code = _intake(data_dir, tmp_path)
        r = app("--data-dir", str(data_dir), "sync", "--once")
        assert r.returncode == 0, r.stdout + r.stderr
        assert list(gw.records) == [code] and gw.history(code)[0][0] == "2"
        # Back to the reference adapter: the gateway settings go with it.
        r = app(*base[:-1], "reference", stdin=f"{secret}\n")
        assert r.returncode == 0, r.stderr
        r = app("--data-dir", str(data_dir), "sync-status", "--json")
        assert r.returncode == 0
    finally:
        gw.stop()
