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
from counter_app.errors import UserError
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


@pytest.fixture
def held_files(monkeypatch):
    """Open a file as Excel or a PDF reader does on Windows: without sharing deletion, so that
    Windows refuses to rename another file over it (PermissionError, WinError 5). On Windows
    (and under Wine, which enforces share modes the same way) the real ``open`` does that; on
    POSIX, where readers never block a rename, it is emulated for the files opened here."""
    held: dict[str, object] = {}
    if sys.platform != "win32":
        real_replace = os.replace

        def replace(src, dst, *a, **k):
            if os.path.abspath(dst) in held:
                raise PermissionError(errno.EACCES, "Access is denied (Windows: the file is open elsewhere)")
            return real_replace(src, dst, *a, **k)

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(fsutil, "WINDOWS", True)

    class Held:
        def open(self, path: Path):
            held[os.path.abspath(path)] = open(path, "rb")  # noqa: SIM115 - held until released

        def release(self, path: Path):
            held.pop(os.path.abspath(path)).close()

    yield Held()
    for fh in held.values():
        fh.close()


def test_an_export_over_a_file_open_in_excel_says_so_and_keeps_both(held_files, tmp_path, monkeypatch):
    monkeypatch.setattr(fsutil, "REPLACE_PATIENCE_S", 0.3)
    report = tmp_path / "Báo cáo ngày.csv"
    report.write_bytes(b"old export")
    held_files.open(report)
    with pytest.raises(fsutil.FileInUseError) as err:
        fsutil.write_atomically(report, b"new export")
    assert "đang được một chương trình khác mở" in str(err.value) and "tệp cũ vẫn còn nguyên" in str(err.value)
    assert report.read_bytes() == b"old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Báo cáo ngày.csv"]  # no temp file left
    held_files.release(report)
    fsutil.write_atomically(report, b"new export")  # closed in Excel: the same export now succeeds
    assert report.read_bytes() == b"new export"


def test_a_brief_hold_by_an_antivirus_scan_is_waited_out(held_files, tmp_path, monkeypatch):
    pdf = tmp_path / "Mẫu 01.pdf"
    pdf.write_bytes(b"old")
    held_files.open(pdf)
    waits = []

    def scan_ends(delay):  # the scanner lets go while the rename waits
        waits.append(delay)
        held_files.release(pdf)

    monkeypatch.setattr(fsutil, "_sleep", scan_ends)
    fsutil.write_atomically(pdf, b"new")
    assert pdf.read_bytes() == b"new" and len(waits) == 1


def test_os_errors_are_told_in_vietnamese(tmp_path):
    assert fsutil.os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "ổ đĩa đã đầy"
    assert fsutil.os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "không có quyền ghi"


def _longest_inside(folder: Path) -> int:
    return max(len(p.relative_to(folder).as_posix()) for p in folder.rglob("*"))


def test_what_the_app_writes_fits_in_the_room_left_for_it_on_windows(windows_fsync, tmp_path):
    data_dir = tmp_path / "CounterApp"
    db = open_data_dir(data_dir, create=True)
    try:
        setup.initialize(db, dict(STATION))
        from counter_app import accounts

        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        intake.save(db, intake.parse_request(sample_intake()), admin)
        store.put(data_dir, b"II*\x00 a scanned page", "tiff")
    finally:
        db.close()
    usb = tmp_path / "USB"
    result = backup.backup(data_dir, usb)
    backup.restore(data_dir, result.path)  # leaves before-restore-<stamp>.sqlite3 beside
    # Transient names are longer than what stays: a copy in progress ends ".tmp", a backup in
    # progress is ".<name>.partial".
    assert _longest_inside(data_dir) + len(".tmp") <= paths.LONGEST_INSIDE
    assert _longest_inside(usb) + len("..partial") + len(".tmp") <= paths.LONGEST_INSIDE


def test_a_folder_too_long_for_windows_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "WINDOWS", True)  # what Windows (and the stage under Wine) has
    room = paths.WINDOWS_MAX_PATH - 1 - paths.LONGEST_INSIDE
    deep = tmp_path / ("Dữ liệu quầy một cửa " * 10)[: max(1, room + 1 - len(str(tmp_path)) - 1)]
    assert len(str(deep)) == room + 1
    with pytest.raises(UserError) as err:
        open_data_dir(deep, create=True)
    assert f"quá dài ({room + 1} ký tự)" in str(err.value) and "C:\\MotCua" in str(err.value)
    assert not deep.exists()
    ok = Path(str(deep)[:-1])  # one character shorter: accepted
    open_data_dir(ok, create=True).close()

    with pytest.raises(UserError) as err:
        backup.backup(ok, deep)
    assert "thư mục sao lưu quá dài" in str(err.value) and not deep.exists()
