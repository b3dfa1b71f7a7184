"""The database file below the connection rules: which driver opens it (plain SQLite or
SQLCipher with the station key), raw DB-API connections, consistent copies with SQLite's backup
API, and putting a copy back. :mod:`counter_app.db` (connections with the house pragmas,
transactions, opening a data directory) and :mod:`counter_app.migrations` (which copies the file
aside before migrating) both build on this module, so neither imports the other both ways."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from . import timeutil
from .errors import UserError

BUSY_TIMEOUT_MS = 10_000


def driver_and_key(path: Path):
    """The DB-API module and key for the database at ``path``: ``sqlite3`` for a plain station,
    ``sqlcipher3`` and the station key for an encrypted one (counter_app/dbkey.py)."""
    from . import dbkey

    if dbkey.is_encrypted(Path(path).parent):
        import sqlcipher3.dbapi2 as driver

        return driver, dbkey.load_key(Path(path).parent)
    return sqlite3, None


def raw_connect(path: Path, *, readonly: bool = False, key: str | None = None, driver=None):
    """A DB-API connection (autocommit), keyed when the database is encrypted."""
    from . import dbkey

    if driver is None:
        driver, found = driver_and_key(path)
        key = key or found
    target = f"file:{path}?mode=ro" if readonly else str(path)
    conn = driver.connect(target, uri=readonly, isolation_level=None, check_same_thread=False,
                          timeout=BUSY_TIMEOUT_MS / 1000)
    if key:
        conn.execute(dbkey.key_pragma(key))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except driver.DatabaseError:
            conn.close()
            raise UserError("Không mở được cơ sở dữ liệu đã mã hóa: khóa không khớp (xem docs/security.md).") from None
    conn.row_factory = driver.Row
    return conn


def copy_database(src: Path, dest: Path) -> None:
    """Consistent copy of a live database with SQLite's online backup API. The copy of an
    encrypted station is encrypted with the same key."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    driver, key = driver_and_key(src)
    s = raw_connect(src, key=key, driver=driver)
    try:
        d = raw_connect(tmp, key=key, driver=driver)
        try:
            s.backup(d)
        finally:
            d.close()
    finally:
        s.close()
    tmp.replace(dest)


def restore_copy(copy: Path, path: Path) -> None:
    """Put a pre-migration copy back in place (removing WAL side files of the failed attempt)."""
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            side.unlink()
    shutil.copy2(copy, path)


def backup_name(label: str) -> str:
    stamp = timeutil.now().strftime("%Y%m%d-%H%M%S")
    return f"counter-{stamp}-before-{label}.sqlite3"
