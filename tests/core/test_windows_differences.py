"""What differs on Windows (docs/windows.md), tested on Linux and, by scripts/windows_stage.sh,
under Wine with a Windows CPython: a data folder under a user name with Vietnamese letters and
spaces, fsync on files opened read-only, Vietnam time without a system time zone database, the
console's code page."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counter_app import backup, dossiers, fsutil, intake, paths, setup, timeutil
from counter_app.db import open_data_dir
from counter_app.scanning import store
from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]
# C:\Users\Nguyễn Văn An\AppData\Local\... on a commune PC: letters outside any ANSI code page.
VIETNAMESE_HOME = ("Nguyễn Văn An", "Dữ liệu quầy")


@pytest.fixture
def windows_fsync(monkeypatch):
    """``os.fsync`` as on Windows: a handle opened read-only is refused (PermissionError), where
    POSIX flushes it anyway. On Windows the real one does that; elsewhere it is emulated."""
    if sys.platform == "win32":
        return
    import fcntl

    real = os.fsync

    def fsync(fd):
        fd = fd.fileno() if hasattr(fd, "fileno") else fd
        if not stat.S_ISDIR(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(errno.EACCES, "Permission denied (Windows: fsync on a read-only handle)")
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_the_emulation_refuses_what_windows_refuses(windows_fsync, tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"x")
    with open(f, "rb") as fh, pytest.raises(PermissionError):
        os.fsync(fh.fileno())
    fsutil.fsync_file(f)  # opened for writing: accepted everywhere


def snapshot(db_file: Path) -> dict:
    conn = sqlite3.connect(db_file)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("dossiers", "parties", "components", "fees", "history", "settings", "users")}
    finally:
        conn.close()


def test_intake_backup_restore_under_a_vietnamese_user_folder(windows_fsync, tmp_path):
    home = tmp_path.joinpath(*VIETNAMESE_HOME)
    data_dir = home / "CounterApp"
    db = open_data_dir(data_dir, create=True)
    try:
        setup.initialize(db, dict(STATION))
        from counter_app import accounts

        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        saved = intake.save(db, intake.parse_request(sample_intake()), admin)
        scan = store.put(data_dir, b"%PDF-1.4 scan of the ID paper", "pdf")
    finally:
        db.close()
    before = snapshot(paths.db_path(data_dir))

    usb = tmp_path / "USB Sao lưu" / "Bản sao"
    result = backup.backup(data_dir, usb)  # Windows: PermissionError before fsync_file
    assert result.files_copied == 1 and result.dossiers == 1
    assert backup.verify(result.path)["files"]["total"] == 1

    shutil.rmtree(data_dir)  # the disk dies
    backup.restore(data_dir, result.path)
    assert snapshot(paths.db_path(data_dir)) == before
    assert store.read(data_dir, scan.sha256, "pdf") == b"%PDF-1.4 scan of the ID paper"
    db = open_data_dir(data_dir)
    try:
        assert dossiers.get_detail(db, saved.code)["applicant"]["full_name"] == "Nguyễn Văn An"
    finally:
        db.close()


def run_cli(*args, stdin=None):
    # The console of a Vietnamese Windows PC uses an ANSI/OEM code page (cp1258, cp1252, cp437)
    # that cannot write every Vietnamese letter: the CLI must write UTF-8 whatever it is given.
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=180)


def test_cli_intake_backup_restore_under_a_vietnamese_folder_with_a_code_page_console(tmp_path):
    home = tmp_path.joinpath(*VIETNAMESE_HOME)
    data_dir = home / "CounterApp"
    r = run_cli("--data-dir", str(data_dir), "init", "--agency-code", STATION["agency_code"],
                "--agency-name", STATION["agency_name"], "--province", STATION["province"], "--station", "1",
                "--admin-user", "admin", "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    request = home / "Hồ sơ đến.json"
    request.write_text(json.dumps(sample_intake(), ensure_ascii=False), encoding="utf-8")
    r = run_cli("--data-dir", str(data_dir), "intake", "--json", str(request))
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    blob = b"%PDF-1.4 scan"
    pool = data_dir / "files" / "ab" / "cd"
    pool.mkdir(parents=True)
    (pool / f"{hashlib.sha256(blob).hexdigest()}.pdf").write_bytes(blob)

    usb = tmp_path / "USB Sao lưu"
    r = run_cli("--data-dir", str(data_dir), "backup", "--to", str(usb))
    assert r.returncode == 0, r.stderr
    assert "đã kiểm tra" in r.stdout  # UTF-8 on the pipe, not the code page's '?'
    shutil.rmtree(data_dir)
    r = run_cli("--data-dir", str(data_dir), "restore", "--from", str(backup.list_backups(usb)[-1]))
    assert r.returncode == 0, r.stderr
    shown = json.loads(run_cli("--data-dir", str(data_dir), "show", code, "--json").stdout)
    assert shown["applicant"]["full_name"] == "Nguyễn Văn An"
    assert shown["applicant"]["address"] == "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ"
    assert (pool / f"{hashlib.sha256(blob).hexdigest()}.pdf").read_bytes() == blob
    r = run_cli("--data-dir", str(data_dir), "audit", "verify")
    assert r.returncode == 0, r.stdout + r.stderr


def test_vietnam_time_without_a_system_time_zone_database():
    """Windows has no IANA database: ``zoneinfo`` finds Asia/Ho_Chi_Minh only in the ``tzdata``
    package (a dependency). Here the system paths are hidden, as on Windows."""
    import zoneinfo

    zoneinfo.reset_tzpath(to=[])
    zoneinfo.ZoneInfo.clear_cache()
    try:
        tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
        for moment in (datetime(2026, 1, 15, 12), datetime(2026, 7, 15, 12)):  # no DST either side
            assert moment.replace(tzinfo=tz).utcoffset() == timedelta(hours=7)
            assert moment.replace(tzinfo=tz).utcoffset() == timeutil.VN_TZ.utcoffset(None)
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
