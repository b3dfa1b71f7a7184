"""Content-addressed file store: ``<data_dir>/files/<sha[0:2]>/<sha[2:4]>/<sha256>.<ext>``.

A file is written to a temp file in its final folder, flushed, fsynced, renamed into place
and its folder fsynced, all before the database row that refers to it commits. The same
content is stored once. A failure (full disk, no permission) removes the temp file and raises
a :class:`StorageError` with a Vietnamese message; nothing half-written remains.
Temp files of a crashed process (``.*.tmp``) are swept by :func:`sweep_temp` (``verify-files``).
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..i18n import _
from .errors import StorageError

FILES_DIR = "files"
CHUNK = 1024 * 1024
TEMP_GRACE_SECONDS = 600


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    ext: str
    path: Path
    existed: bool  # the same content was already in the store


def files_root(data_dir: Path) -> Path:
    return Path(data_dir) / FILES_DIR


def file_path(data_dir: Path, sha256: str, ext: str) -> Path:
    return files_root(data_dir) / sha256[0:2] / sha256[2:4] / f"{sha256}.{ext}"


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory for fsync; NTFS journals the rename
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def storage_message(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("Ổ đĩa chứa dữ liệu đã đầy; chưa lưu được bản quét. Hồ sơ và các trang đã có vẫn giữ nguyên. "
                 "Hãy giải phóng dung lượng (hoặc báo quản trị viên) rồi thử lại.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("Không có quyền ghi vào thư mục dữ liệu; chưa lưu được bản quét. Hãy báo quản trị viên.")
    return _("Không ghi được bản quét vào thư mục dữ liệu ({reason}); hãy thử lại.").format(reason=exc.strerror or exc)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def put(data_dir: Path, data: bytes, ext: str) -> StoredFile:
    """Store ``data`` durably under its sha256 (idempotent)."""
    sha = hashlib.sha256(data).hexdigest()
    path = file_path(data_dir, sha, ext)
    try:
        if path.exists() and path.stat().st_size == len(data) and sha256_file(path) == sha:
            return StoredFile(sha, len(data), ext, path, True)
    except OSError:
        pass  # unreadable copy: write it again below
    tmp = path.parent / f".{sha}.{uuid.uuid4().hex}.tmp"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view[:CHUNK])
                view = view[n:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise StorageError(storage_message(exc)) from exc
    return StoredFile(sha, len(data), ext, path, False)


def read(data_dir: Path, sha256: str, ext: str) -> bytes:
    path = file_path(data_dir, sha256, ext)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StorageError(_("Không tìm thấy tệp bản quét {file}… trong thư mục dữ liệu. "
                             "Hãy chạy 'counter-app verify-files' và báo quản trị viên.").format(file=sha256[:12])) from None
    except OSError as exc:
        raise StorageError(storage_message(exc)) from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StorageError(_("Tệp bản quét {file}… đã bị thay đổi hoặc hỏng (không khớp mã băm). "
                             "Hãy chạy 'counter-app verify-files' và báo quản trị viên.").format(file=sha256[:12]))
    return data


def sweep_temp(data_dir: Path, older_than: float = TEMP_GRACE_SECONDS) -> list[Path]:
    """Remove temp files left by a crashed write (only those older than ``older_than`` seconds,
    so a write in progress in another process is left alone)."""
    root = files_root(data_dir)
    removed: list[Path] = []
    if not root.exists():
        return removed
    limit = time.time() - older_than
    for tmp in root.rglob(".*.tmp"):
        try:
            if tmp.stat().st_mtime <= limit:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


@dataclass
class VerifyReport:
    checked: int = 0
    ok: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)   # on disk, not in the database
    purged: int = 0                                    # removed locally after upload (by design)
    temp_removed: int = 0

    @property
    def healthy(self) -> bool:
        return not self.missing and not self.corrupt

    def to_json(self) -> dict:
        return {
            "checked": self.checked, "ok": self.ok, "missing": self.missing, "corrupt": self.corrupt,
            "unknown": self.unknown, "purged": self.purged, "temp_removed": self.temp_removed,
        }


def verify_all(db: sqlite_utils.Database, data_dir: Path) -> VerifyReport:
    """Check every stored file against its sha256 (and its size); list files nobody refers to."""
    report = VerifyReport()
    report.temp_removed = len(sweep_temp(data_dir))
    known: set[str] = set()
    rows = db.execute("SELECT sha256, size, ext, purged_at FROM files ORDER BY sha256").fetchall()
    # files of online dossiers fetched from the province and not (yet) any dossier's attachment
    rows += db.execute(
        "SELECT DISTINCT o.sha256, o.size, o.ext, NULL FROM online_dossier_files o WHERE o.state = 'ready' "
        "AND NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = o.sha256) ORDER BY o.sha256").fetchall()
    for sha, size, ext, purged_at in rows:
        if f"{sha}.{ext}" in known:
            continue
        known.add(f"{sha}.{ext}")
        if purged_at:
            report.purged += 1
            continue
        report.checked += 1
        path = file_path(data_dir, sha, ext)
        try:
            if path.stat().st_size != size or sha256_file(path) != sha:
                report.corrupt.append(sha)
                continue
        except FileNotFoundError:
            report.missing.append(sha)
            continue
        except OSError:
            report.corrupt.append(sha)
            continue
        report.ok += 1
    root = files_root(data_dir)
    if root.exists():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and path.name not in known:
                report.unknown.append(path.relative_to(data_dir).as_posix())  # "/" on Windows too
    return report
