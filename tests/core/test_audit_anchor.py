"""Audit anchoring (issue 18, "Why" 7): the chain head kept outside the database (key-file
fallback of the OS keyring, backup manifests, day-close entries) lets ``audit verify`` detect
deleting the last entries (or all of them) and an edit followed by recomputing every hash.
Real SQLite files; ``audit verify`` through real subprocesses for the main cases."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main as cli_main
from counter_app import audit, backup, dbkey, intake
from counter_app.db import write_tx
from helpers import sample_intake

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    """The key-file fallback, also in the subprocesses (a test never touches the user's keyring)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def run(*args):
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def verify(data_dir, *extra, capsys=None):
    rc = cli_main(["--data-dir", str(data_dir), "audit", "verify", *extra])
    return rc, capsys.readouterr().out if capsys else ""


@pytest.fixture
def anchored(data_dir, db, admin):
    for h in ("08", "09", "10"):
        intake.save(db, intake.parse_request(sample_intake(received_at=f"2026-11-20T{h}:00:00+07:00")), admin)
    r = run("--data-dir", str(data_dir), "audit", "verify")  # intact: anchors the head
    assert r.returncode == 0 and "nguyên vẹn" in r.stdout, r.stdout + r.stderr
    stored, where = dbkey.load_anchor(data_dir)
    assert where == "file" and stored["count"] == db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    return db


def recompute_chain(db) -> None:
    prev = audit.GENESIS
    rows = db.execute("SELECT id, at, actor, action, object, details FROM audit ORDER BY id").fetchall()
    with write_tx(db):
        for rid, at, actor, action, obj, details in rows:
            h = audit._digest(prev, at, actor, action, obj, details)
            db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [prev, h, rid])
            prev = h


def test_tail_truncation_is_detected(data_dir, anchored):
    db = anchored
    with write_tx(db):
        db.execute("DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY id DESC LIMIT 2)")
    assert audit.verify(db) is None  # the chain alone still looks intact
    r = run("--data-dir", str(data_dir), "audit", "verify")
    assert r.returncode == 1 and "cắt bớt" in r.stdout, r.stdout + r.stderr


def test_deleting_every_entry_is_detected(data_dir, anchored, capsys):
    with write_tx(anchored):
        anchored.execute("DELETE FROM audit")
    rc, out = verify(data_dir, capsys=capsys)
    assert rc == 1 and "hiện có 0 mục" in out


def test_a_recomputed_chain_is_detected(data_dir, anchored):
    db = anchored
    target = db.execute("SELECT id FROM audit WHERE action = 'intake' ORDER BY id LIMIT 1").fetchone()[0]
    with write_tx(db):
        db.execute("UPDATE audit SET details = '{\"procedure\":\"9.999999\"}' WHERE id = ?", [target])
    recompute_chain(db)
    assert audit.verify(db) is None
    r = run("--data-dir", str(data_dir), "audit", "verify")
    assert r.returncode == 1 and "viết lại" in r.stdout and "tệp audit-anchor.json" in r.stdout, r.stdout


def test_later_entries_are_fine_and_move_the_anchor(data_dir, anchored, admin, capsys):
    intake.save(anchored, intake.parse_request(sample_intake(received_at="2026-11-20T11:00:00+07:00")), admin)
    rc, out = verify(data_dir, capsys=capsys)
    assert rc == 0 and "tệp audit-anchor.json" in out
    assert dbkey.load_anchor(data_dir)[0]["count"] == anchored.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def test_backup_manifest_anchor_catches_truncation_when_the_local_anchor_is_gone(data_dir, db, admin, tmp_path, capsys):
    intake.save(db, intake.parse_request(sample_intake()), admin)
    usb = tmp_path / "usb"
    assert cli_main(["--data-dir", str(data_dir), "backup", "--to", str(usb)]) == 0
    manifest = json.loads((backup.list_backups(usb)[-1] / "manifest.json").read_text(encoding="utf-8"))
    assert audit.is_anchor(manifest["audit_anchor"])
    (data_dir / dbkey.ANCHOR_FILE).unlink()  # the attacker removes the local anchor too
    with write_tx(db):
        db.execute("DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY id DESC LIMIT 3)")
    capsys.readouterr()
    rc, out = verify(data_dir, capsys=capsys)
    assert rc == 0 and "Chưa có mốc neo" in out  # nothing to compare with: undetectable
    (data_dir / dbkey.ANCHOR_FILE).unlink()
    rc, out = verify(data_dir, "--backups", str(usb), capsys=capsys)
    assert rc == 1 and "cắt bớt" in out and "bản sao lưu counter-backup-" in out


def test_restore_resets_the_anchor(data_dir, db, admin, tmp_path, capsys):
    usb = tmp_path / "usb"
    assert cli_main(["--data-dir", str(data_dir), "backup", "--to", str(usb)]) == 0
    for h in ("08", "09"):
        intake.save(db, intake.parse_request(sample_intake(received_at=f"2026-11-20T{h}:00:00+07:00")), admin)
    assert verify(data_dir, capsys=capsys)[0] == 0  # anchored after the two intakes
    db.close()
    assert cli_main(["--data-dir", str(data_dir), "restore", "--from", str(backup.list_backups(usb)[-1])]) == 0
    rc, out = verify(data_dir, capsys=capsys)
    assert rc == 0, out


def test_anchor_payload_for_the_province(db):
    p = audit.anchor_payload(db)
    assert p["kind"] == "audit-anchor" and p["agency_code"] and audit.is_anchor(p)
    assert p["count"] == db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def test_a_damaged_stored_anchor_is_reported(data_dir, anchored, capsys):
    (data_dir / dbkey.ANCHOR_FILE).write_text("{not json")
    rc, out = verify(data_dir, capsys=capsys)
    assert rc == 1 and "không đúng định dạng" in out


def test_day_close_records_the_anchor_and_verify_checks_it(data_dir, db, admin, capsys):
    from datetime import date

    from counter_app.reports import dayclose
    from helpers import STATION

    intake.save(db, intake.parse_request(sample_intake()), admin)
    res = dayclose.close_day(db, admin, date(2026, 11, 20), STATION["admin_password"])
    anchor = res["audit_anchor"]
    assert audit.is_anchor(anchor) and "Nhật ký kiểm tra:" in dayclose.audit_anchor_line(anchor)
    assert dbkey.load_anchor(data_dir)[0]["count"] == anchor["count"] + 1  # kept outside, with the close itself
    (data_dir / dbkey.ANCHOR_FILE).unlink()
    first = db.execute("SELECT id FROM audit ORDER BY id LIMIT 1").fetchone()[0]
    with write_tx(db):
        db.execute("UPDATE audit SET object = 'x' WHERE id = ?", [first])
    recompute_chain(db)
    rc, out = verify(data_dir, capsys=capsys)
    assert rc == 1 and "mục chốt ngày 2026-11-20" in out
