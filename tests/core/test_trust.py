"""Trust: audit tamper detection, backup → wipe → restore, restore refused while the app runs,
a full disk, personal data kept out of the log files."""

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import backup, dossiers, intake, paths
from counter_app.db import DISK_FULL_MESSAGE, open_data_dir
from counter_app.errors import UserError
from counter_app.filelock import app_lock
from helpers import sample_intake

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def snapshot(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        out = {}
        for t in ("dossiers", "parties", "components", "fees", "history", "outbox", "audit", "settings", "users"):
            out[t] = conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        return out
    finally:
        conn.close()


def test_audit_tamper_is_detected_and_named(data_dir, db, admin):
    intake.save(db, intake.parse_request(sample_intake()), admin)
    r = run("--data-dir", str(data_dir), "audit", "verify")
    assert r.returncode == 0 and "nguyên vẹn" in r.stdout
    target = db.execute("SELECT id FROM audit WHERE action = 'intake'").fetchone()[0]
    db.execute("UPDATE audit SET details = '{\"procedure\":\"9.999999\"}' WHERE id = ?", [target])
    # the entry was verified before: the daily check starts after it, the full one finds it
    # (tests/core/test_audit_checkpoint.py)
    r = run("--data-dir", str(data_dir), "audit", "verify", "--full")
    assert r.returncode == 1 and f"#{target}" in r.stdout


def test_backup_wipe_restore_gives_identical_data(data_dir, db, admin, tmp_path):
    for h in ("08", "09", "10"):
        intake.save(db, intake.parse_request(sample_intake(received_at=f"2026-11-20T{h}:00:00+07:00")), admin)
    files = data_dir / "files" / "ab" / "cd"
    files.mkdir(parents=True)
    blob = b"%PDF-1.4 scan"
    import hashlib

    sha = hashlib.sha256(blob).hexdigest()
    (files / f"{sha}.pdf").write_bytes(blob)
    db.close()
    before = snapshot(paths.db_path(data_dir))
    r = run("--data-dir", str(data_dir), "backup", "--to", str(tmp_path / "usb"))
    assert r.returncode == 0, r.stderr
    assert "đã kiểm tra" in r.stdout
    # the disk dies
    shutil.rmtree(data_dir)
    newest = backup.list_backups(tmp_path / "usb")[-1]
    r = run("--data-dir", str(data_dir), "restore", "--from", str(newest))
    assert r.returncode == 0, r.stderr
    after = snapshot(paths.db_path(data_dir))
    # identical, but for the audit row the restore itself added
    assert {k: v for k, v in after.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert (files / f"{sha}.pdf").read_bytes() == blob
    assert run("--data-dir", str(data_dir), "audit", "verify").returncode == 0


def test_backup_rotation_and_verification(data_dir, tmp_path):
    from datetime import datetime, timedelta

    from counter_app.timeutil import VN_TZ

    t0 = datetime(2026, 11, 1, 18, 0, tzinfo=VN_TZ)
    for i in range(4):
        backup.backup(data_dir, tmp_path / "b", keep=2, now=t0 + timedelta(days=i))
    kept = backup.list_backups(tmp_path / "b")
    assert [p.name for p in kept] == ["counter-backup-20261103-180000", "counter-backup-20261104-180000"]
    db_copy = kept[-1] / "counter.sqlite3"
    with open(db_copy, "r+b") as f:  # corrupt it
        f.seek(4096)
        f.write(b"\x00" * 512)
    with pytest.raises(UserError, match="hỏng"):
        backup.verify(kept[-1])


def test_restore_refused_while_the_app_runs(data_dir, tmp_path):
    b = backup.backup(data_dir, tmp_path / "b")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from counter_app.filelock import app_lock\n"
        "assert app_lock(%r).acquire(); print('held', flush=True); time.sleep(60)") % (str(ROOT), str(data_dir))],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        r = run("--data-dir", str(data_dir), "restore", "--from", str(b.path))
        assert r.returncode == 2 and "đang chạy" in r.stderr
    finally:
        holder.kill()
        holder.wait()
    assert not app_lock(data_dir).held_elsewhere()  # released by the OS when the holder died


def test_disk_full_gives_a_clear_message_and_loses_nothing(db, admin):
    first = intake.save(db, intake.parse_request(sample_intake()), admin).code
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's page limit: the "disk" is full now
    big = sample_intake(note="x" * 900)
    with pytest.raises(UserError) as exc:
        for _ in range(50):
            intake.save(db, intake.parse_request(big), admin)
    assert exc.value.message == DISK_FULL_MESSAGE
    db.execute("PRAGMA max_page_count = 1073741823")
    assert dossiers.get_detail(db, first)["code"] == first
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    assert db.execute("SELECT COUNT(DISTINCT dossier_id) FROM history").fetchone()[0] == n
    assert db.execute("SELECT COUNT(*) FROM dossier_fts").fetchone()[0] == n
    intake.save(db, intake.parse_request(sample_intake()), admin)  # space back: saving works again


def test_no_personal_data_in_log_files(data_dir, tmp_path):
    person = {"full_name": "Hoàng Thị Nguyệt Ánh", "id_number": "038301012345", "birth_date": "2001-03-04",
              "sex": "Nữ", "address": "Xóm Bến Đò Thượng, xã Quảng Phú", "phone": "0987654321", "email": "anh@example.vn"}
    data = sample_intake(applicant=person)
    assert run("--data-dir", str(data_dir), "intake", "--json", "-", stdin=json.dumps(data)).returncode == 0
    bad = dict(data, applicant={**person, "id_number": "03830101234X"})
    assert run("--data-dir", str(data_dir), "intake", "--json", "-", stdin=json.dumps(bad)).returncode == 2
    run("--data-dir", str(data_dir), "search", "Nguyệt Ánh 0987654321")
    # an unexpected error with personal data in it goes through the redacting filter
    import logging

    from counter_app import logs

    logs.setup(data_dir, logging.DEBUG)
    logging.getLogger("counter_app.test").error("lỗi với %s %s %s", person["id_number"], person["phone"], person["email"])
    logging.getLogger("counter_app.test").info("raw payload 038301012345|123456789|X")
    for h in logging.getLogger().handlers:
        h.flush()
    text = "".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*.log*"))
    assert text  # something was logged
    for secret in ("038301012345", "0987654321", "anh@example.vn", "123456789", "Nguyệt Ánh", "Bến Đò"):
        assert secret not in text
