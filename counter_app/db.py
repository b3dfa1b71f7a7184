"""SQLite storage: opening connections, pragmas, transactions, migrations with a copy taken first.

Rules of the house (architecture §4):
- one SQLite file per counter PC, WAL, ``foreign_keys=ON``, a busy timeout;
- ``synchronous=FULL`` so that a committed dossier survives a power cut (durable before shown);
- one writer: every write goes through :func:`write_tx` on the single writer connection
  (the GUI owns it on one executor thread; the CLI is a process of its own and waits on the
  busy timeout); readers open their own connections;
- schema changes only through :mod:`counter_app.migrations`, applied at start after copying
  the database file aside.
"""

from __future__ import annotations

import contextlib
import logging
import struct
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from . import paths
from .dbfiles import (  # noqa: F401 - re-exported: the file-level helpers callers know as db.*
    BUSY_TIMEOUT_MS, backup_name, copy_database, driver_and_key, raw_connect, restore_copy,
)
from .errors import UserError
from .migrations import migrate

log = logging.getLogger(__name__)



def connect(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open a connection with the house pragmas. The connection is in autocommit mode:
    transactions are explicit (:func:`write_tx`)."""
    path = Path(path)
    conn = raw_connect(path, readonly=readonly)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # pragma: no cover - depends on the filesystem
            log.warning("journal_mode is %s, not wal", mode)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -16000")  # 16 MB page cache per connection
    return sqlite_utils.Database(conn)


@contextlib.contextmanager
def write_tx(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

    IMMEDIATE takes the write lock up front, so two processes (the GUI and a CLI command)
    serialise on the busy timeout instead of failing half-way with SQLITE_BUSY.
    """
    conn = db.conn
    if conn.in_transaction:
        raise RuntimeError("write_tx does not nest")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        _raise_disk_full(exc)
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            _raise_disk_full(exc)
            raise


DISK_FULL_MESSAGE = (
    "Ổ đĩa đã đầy nên chưa lưu được; dữ liệu trước đó vẫn nguyên vẹn. Hãy giải phóng dung lượng "
    "(hoặc báo quản trị viên) rồi lưu lại."
)


def _raise_disk_full(exc: BaseException) -> None:
    """A full disk (or SQLite's page limit) becomes a clear message; the transaction is gone."""
    # sqlite3 or sqlcipher3 (same DB-API names, different classes)
    if type(exc).__name__ == "OperationalError" and "full" in str(exc).lower():
        raise UserError(DISK_FULL_MESSAGE) from exc
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == 28:  # ENOSPC
        raise UserError(DISK_FULL_MESSAGE) from exc


WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024
WAL_INDEX_VERSION = 3007000  # the WAL-index header's iVersion (sqlite.org/walformat.html)


def defer_checkpoints(db: sqlite_utils.Database) -> None:
    """Turn off automatic WAL checkpoints on this (writer) connection. The owner then calls
    :func:`checkpoint_if_large` between transactions, so a checkpoint (which fsyncs the main
    file) never lands inside a save the clerk is waiting for. Durability is unchanged: each
    commit is fsynced in the WAL (synchronous=FULL)."""
    db.execute("PRAGMA wal_autocheckpoint = 0")


def wal_pending_bytes(path: Path) -> int | None:
    """Bytes of WAL frames not yet copied into the database file: ``mxFrame - nBackfill`` read
    from the WAL-index header at the start of ``<db>-shm`` (its documented layout: two copies of
    a 48-byte header, then ``nBackfill``; native byte order). None when it cannot be read.

    The WAL *file* is no measure: a checkpoint does not shrink it (the next transaction writes
    from its start again), so once it has reached a size it keeps it."""
    try:
        with open(str(path) + "-shm", "rb") as f:
            head = f.read(100)
    except OSError:
        return None
    if len(head) < 100:
        return None
    version, _unused, _change, is_init, _big_end, page_code, mx_frame = struct.unpack_from("=IIIBBHI", head, 0)
    if version != WAL_INDEX_VERSION or not is_init:
        return None
    page_size = 65536 if page_code == 1 else page_code
    (backfilled,) = struct.unpack_from("=I", head, 96)
    return max(0, mx_frame - backfilled) * (page_size + 24)


def checkpoint_if_large(db: sqlite_utils.Database, path: Path, limit: int = WAL_CHECKPOINT_BYTES) -> bool:
    """Run a passive checkpoint when the WAL holds more than ``limit`` bytes of frames not yet
    in the database file (:func:`wal_pending_bytes`; the WAL file's size when that cannot be
    read). Called after each write task: a checkpoint after every save would cost every save a
    second fsync (the first commit into a restarted WAL syncs its header too) and the writer a
    checkpoint's fsync of the main file each time (docs/performance.md, "Save p99")."""
    pending = wal_pending_bytes(path)
    if pending is None:
        try:
            pending = Path(str(path) + "-wal").stat().st_size
        except FileNotFoundError:
            return False
    if pending < limit:
        return False
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    return True


def open_data_dir(data_dir: Path, *, create: bool = False) -> sqlite_utils.Database:
    """Open the writer connection of a data directory, migrating it first when needed.

    ``create`` allows making a new directory and database (``init`` and first GUI start);
    otherwise a missing database is a clear error.
    """
    data_dir = Path(data_dir)
    path = paths.db_path(data_dir)
    paths.check_path_room(data_dir)
    paths.use_private_umask()  # personal data: everything created from here on is 0600/0700
    if data_dir.exists():
        paths.make_private(data_dir)  # folders of older versions were 0755/0644
    if not path.exists():
        if not create:
            raise UserError(
                f"Chưa có dữ liệu tại thư mục {data_dir}. Hãy khởi tạo bằng lệnh "
                "'counter-app --data-dir THƯ_MỤC init …' hoặc mở ứng dụng để thiết lập lần đầu."
            )
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Không tạo được thư mục dữ liệu {data_dir}: {exc.strerror}") from exc
    try:
        db = connect(path)
    except UserError:
        raise
    except Exception as exc:  # sqlite3/sqlcipher3 DatabaseError: not a database, unreadable
        if type(exc).__name__ not in ("DatabaseError", "OperationalError"):
            raise
        raise UserError(f"Không mở được cơ sở dữ liệu {path}: {exc}") from exc
    try:
        migrate(db, path)
    except BaseException:
        db.close()
        raise
    return db


def quick_check(db: sqlite_utils.Database) -> str:
    """SQLite's quick integrity check: 'ok' or the first problem found."""
    rows = db.execute("PRAGMA quick_check(5)").fetchall()
    return "; ".join(r[0] for r in rows)


INTEGRITY_FAILED = (
    "Kiểm tra toàn vẹn cơ sở dữ liệu phát hiện lỗi: {problem}. Dữ liệu vẫn mở được nhưng có thể đã hỏng "
    "một phần. Hãy: (1) thoát ứng dụng; (2) sao lưu ngay thư mục dữ liệu hiện tại; (3) khôi phục bản sao lưu "
    "mới nhất bằng 'counter-app --data-dir THƯ_MỤC restore --from THƯ_MỤC_SAO_LƯU'; (4) báo quản trị viên."
)
