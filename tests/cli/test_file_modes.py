"""At rest (issue 18, "Why" 8): the data folder and everything the app creates in it — database
and its -wal/-shm, logs, scans, migration copies, key file — and the backups it writes are
private to the OS account: 0700 folders, 0600 files (POSIX). Real subprocesses, real files."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import paths
from counter_app.db import open_data_dir
from counter_app.scanning import samples
from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows ACLs are issue #15")


def run(*args, stdin=None):
    r = subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                       encoding="utf-8", cwd=ROOT, timeout=180)
    assert r.returncode == 0, r.stderr
    return r.stdout


def modes(root: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for p in root.rglob("*"):
        if not p.is_symlink():
            out[str(p.relative_to(root))] = stat.S_IMODE(p.lstat().st_mode)
    return out


def assert_private(root: Path) -> dict[str, int]:
    found = modes(root)
    wrong = {name: oct(m) for name, m in found.items()
             if m != (0o700 if (root / name).is_dir() else 0o600)}
    assert not wrong, wrong
    return found


def test_every_file_of_a_realistic_run_is_private(tmp_path):
    old = os.umask(0o022)  # a usual desktop umask: the app must not rely on it
    try:
        d, bk = tmp_path / "data", tmp_path / "usb"
        common = ["--data-dir", str(d)]
        run(*common, "init", "--agency-code", STATION["agency_code"], "--agency-name", STATION["agency_name"],
            "--province", STATION["province"], "--station", "2", "--admin-user", "admin", "--admin-password-stdin",
            stdin="matkhau-quan-tri\n")
        code = run(*common, "intake", "--json", "-", stdin=json.dumps(sample_intake())).strip()
        scan = tmp_path / "page.png"
        scan.write_bytes(samples.encode(samples.text_page("Trang 1", dpi=100), "PNG"))
        run(*common, "attach", "--dossier", code, "--component", "1", str(scan))
        run(*common, "backup", "--to", str(bk))
        run(*common, "audit", "verify")
        found = assert_private(d)
        names = " ".join(found)
        assert "counter.sqlite3" in found and "logs/counter-app.log" in found and ".pdf" in names
        backup_modes = assert_private(bk)
        assert any(n.endswith("manifest.json") for n in backup_modes)
    finally:
        os.umask(old)


def test_an_old_world_readable_folder_is_fixed_at_open(tmp_path, monkeypatch):
    d = tmp_path / "data"
    run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
        STATION["agency_name"], "--province", STATION["province"], "--station", "2", "--admin-user", "admin",
        "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    (d / "files" / "ab").mkdir(parents=True)
    (d / "files" / "ab" / "x.pdf").write_bytes(b"%PDF")
    os.symlink("/etc/hostname", d / "link")  # never followed: /etc is not touched
    for p in [d, *d.rglob("*")]:
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() else 0o644)
    db = open_data_dir(d)
    db.close()
    (d / "link").unlink()
    assert_private(d)
    assert paths.make_private(d) == 0  # nothing left to change: cheap on the next start


def test_key_file_of_an_encrypted_station_is_private(tmp_path):
    d = tmp_path / "data"
    env_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # force the key file
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(d), "init", "--encrypt", "--agency-code",
                        STATION["agency_code"], "--agency-name", STATION["agency_name"], "--province",
                        STATION["province"], "--station", "2", "--admin-user", "admin", "--admin-password-stdin"],
                       input="matkhau-quan-tri\n", capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                       timeout=180, env={**os.environ, **env_keyring})
    assert r.returncode == 0, r.stderr
    found = assert_private(d)
    assert "db.key" in found and "encryption.json" in found
