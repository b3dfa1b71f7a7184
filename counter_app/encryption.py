"""Encryption chosen at set-up (issue 18): turning a new, still empty station into an encrypted
one, and exporting the recovery key. The key store and the marker are counter_app/dbkey.py's;
the reasons are in docs/security.md ("Threat model and the encryption decision").

The GUI opens (creates and migrates) the database before the set-up dialog shows, so when the
clerk ticks "encrypt" an empty plain database already exists. :func:`encrypt_new_station` runs
with every connection to it closed and goes through states that are each a station the next
start can open:

1. the plain database is checked to be empty (not set up, no account, no dossier), its WAL
   checkpointed into it, and the file removed — a crash here leaves no database: the next start
   creates a plain one and shows the set-up again;
2. the key is stored, then the marker written (an atomic rename) — a crash before the rename
   leaves a plain station (an unused key is harmless); after it, a station with no database whose
   next open creates it encrypted (what ``init --encrypt`` does: the key exists before the
   database), and the set-up shows again;
3. the caller re-opens the data folder: the new database is encrypted from its first byte.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from . import dbkey, paths
from .errors import UserError

RECOVERY_HEADER = "counter-app-db-key v1"


def keyring_usable() -> bool:
    """Whether this PC has an OS keyring to keep the key in (else it would sit in a file beside
    the database, which protects nothing against someone who takes the disk)."""
    return dbkey._keyring() is not None


def key_store(data_dir: Path) -> str | None:
    """'keyring' or 'file' for an encrypted station, None for a plain one."""
    if not dbkey.is_encrypted(data_dir):
        return None
    try:
        return json.loads(dbkey.marker_path(data_dir).read_text(encoding="utf-8")).get("key_store") or "file"
    except (OSError, ValueError):
        return "file"


def _check_empty(path: Path) -> None:
    """Refuse unless the plain database at ``path`` holds nothing a person entered; checkpoint
    its WAL into it. No other connection may be open."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, where in (("settings", "key = 'setup_completed_at' AND value NOT IN ('\"\"', 'null')"),
                             ("users", "1"), ("dossiers", "1")):
            if table in tables and conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0]:
                raise UserError("Cơ sở dữ liệu này đã có dữ liệu; không mã hóa kiểu trạm mới được. Dùng lệnh "
                                "'counter-app --data-dir THƯ_MỤC encrypt' khi ứng dụng đã tắt (xem docs/security.md).")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def encrypt_new_station(data_dir: Path) -> str:
    """Make the station at ``data_dir`` (not set up yet) encrypted; returns where the key is kept
    ('keyring' or 'file'). Call with no connection open to its database; re-open it afterwards.
    Already encrypted: nothing to do (a retried set-up)."""
    data_dir = Path(data_dir)
    store = key_store(data_dir)
    if store is not None:
        return store
    path = paths.db_path(data_dir)
    if path.exists():
        _check_empty(path)
        for side in (Path(str(path) + "-wal"), Path(str(path) + "-shm"), path):
            side.unlink(missing_ok=True)
    key = dbkey.new_key()
    store = dbkey.store_key(data_dir, key)
    dbkey.write_marker(data_dir, key, store)
    return store


def export_recovery_key(data_dir: Path, out: Path) -> str:
    """Write the recovery key to ``out`` (a new file, 0600; `key import` reads it); returns the
    key's fingerprint. An existing file is never overwritten."""
    data_dir, out = Path(data_dir), Path(out)
    if not dbkey.is_encrypted(data_dir):
        raise UserError("Cơ sở dữ liệu của trạm này chưa mã hóa; không có khóa để xuất.")
    key = dbkey.load_key(data_dir)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UserError(f"Đã có tệp {out}; hãy chọn tên khác (không ghi đè).") from None
    except OSError as exc:
        raise UserError(f"Không ghi được tệp khóa {out}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w") as f:
            f.write(f"{RECOVERY_HEADER}\n{key}\n")
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        out.unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp khóa {out}: {exc.strerror}") from None
    return dbkey.fingerprint(key)
