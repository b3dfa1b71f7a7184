"""The database encrypted at rest (SQLCipher): no plaintext ID number in the file, no opening
without the key, migration of a plain database, and the key-recovery drill."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]
ID = "001099012345"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def init(d, *extra):
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "1", "--admin-user", "admin",
            "--admin-password-stdin", *extra, stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr


def take(d):
    r = run("--data-dir", str(d), "intake", "--json", "-", stdin=json.dumps(sample_intake()))
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def all_bytes(d: Path) -> bytes:
    return b"".join(p.read_bytes() for p in d.glob("counter.sqlite3*"))


def test_encrypting_an_existing_plain_database(tmp_path):
    d = tmp_path / "st"
    init(d)
    code = take(d)
    assert ID.encode() in all_bytes(d)  # plain: the ID number is readable in the file or its WAL
    r = run("--data-dir", str(d), "encrypt")
    assert r.returncode == 0, r.stderr
    assert ID.encode() not in all_bytes(d)
    assert list(d.rglob("*.sqlite3")) == [d / "counter.sqlite3"]  # no plain copy left behind
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(d / "counter.sqlite3").execute("SELECT * FROM dossiers").fetchall()
    shown = json.loads(run("--data-dir", str(d), "show", code, "--json").stdout)
    assert shown["applicant"]["id_number"] == ID
    code2 = take(d)  # keeps working, and new rows are encrypted too
    assert code2 != code and ID.encode() not in all_bytes(d)
    assert run("--data-dir", str(d), "audit", "verify").returncode == 0
    assert run("--data-dir", str(d), "encrypt").returncode == 2  # already encrypted


@pytest.mark.slow
def test_encrypted_from_the_start_and_key_recovery_drill(tmp_path):
    d = tmp_path / "st"
    init(d, "--encrypt")
    code = take(d)
    assert ID.encode() not in all_bytes(d)
    key_file = tmp_path / "usb" / "recovery.key"
    key_file.parent.mkdir()
    assert run("--data-dir", str(d), "key", "export", "--out", str(key_file)).returncode == 0
    assert run("--data-dir", str(d), "backup", "--to", str(tmp_path / "usb")).returncode == 0
    backup_dir = next((tmp_path / "usb").glob("counter-backup-*"))
    assert ID.encode() not in (backup_dir / "counter.sqlite3").read_bytes()

    new_pc = tmp_path / "new-pc"  # the old PC is gone, with its keyring or key file
    r = run("--data-dir", str(new_pc), "restore", "--from", str(backup_dir))
    assert r.returncode == 2 and "key import" in r.stderr
    bad = tmp_path / "bad.key"
    bad.write_text("counter-app-db-key v1\n" + "0" * 64 + "\n")
    assert run("--data-dir", str(new_pc), "key", "import", "--from", str(bad)).returncode == 0
    r = run("--data-dir", str(new_pc), "restore", "--from", str(backup_dir))
    assert r.returncode == 2 and "khóa" in r.stderr  # the wrong key is refused
    assert run("--data-dir", str(new_pc), "key", "import", "--from", str(key_file)).returncode == 0
    r = run("--data-dir", str(new_pc), "restore", "--from", str(backup_dir))
    assert r.returncode == 0, r.stderr
    assert json.loads(run("--data-dir", str(new_pc), "show", code, "--json").stdout)["code"] == code


def test_missing_key_is_a_clear_error(tmp_path):
    d = tmp_path / "st"
    init(d, "--encrypt")
    if sys.platform == "win32":  # Windows keeps the key in the Credential Manager, not in a file
        from keyring.backends.Windows import WinVaultKeyring  # not keyring.get_keyring(): cached per process

        from counter_app import dbkey

        assert json.loads(dbkey.marker_path(d).read_text(encoding="utf-8"))["key_store"] == "keyring"
        assert not (d / "db.key").exists()
        WinVaultKeyring().delete_password(dbkey.SERVICE, dbkey._account(d))
    else:  # no OS keyring on a Linux CI machine: the key file
        (d / "db.key").unlink()
    r = run("--data-dir", str(d), "search", "an")
    assert r.returncode == 2 and "khóa" in r.stderr and "Traceback" not in r.stderr
