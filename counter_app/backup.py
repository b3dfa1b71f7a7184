"""Backups of the database and the scans, verified after writing, rotated; and restore.

Layout of a backup folder DEST:
    DEST/counter-backup-YYYYMMDD-HHMMSS/counter.sqlite3   consistent copy (SQLite backup API)
    DEST/counter-backup-YYYYMMDD-HHMMSS/manifest.json     what was copied, with hashes
    DEST/files/aa/bb/<sha256>.<ext>                       scans, shared by all backups
Each backup is written under a temporary name and renamed when verified, so a half-written
backup never looks complete. Restore goes only into a stopped app and keeps a copy of what it
replaces.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import paths, timeutil
from . import dbkey
from .db import copy_database, raw_connect
from .errors import UserError
from .filelock import app_lock
from .fsutil import fsync_file

PREFIX = "counter-backup-"
DEFAULT_KEEP = 14


@dataclass(frozen=True)
class BackupResult:
    path: Path
    dossiers: int
    files_copied: int
    files_total: int
    removed: list[str]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _copy_verified(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.copyfile(src, tmp)
    fsync_file(tmp)
    if _sha256(tmp) != dest.name.split(".")[0]:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Tệp quét {src.name} bị hỏng khi sao lưu (mã băm không khớp).")
    tmp.replace(dest)


def _files_tree(root: Path):
    if not root.exists():
        return
    for p in root.rglob("*"):
        if p.is_file() and not p.name.endswith(".tmp") and len(p.name.split(".")[0]) == 64:
            yield p


def _check_db(path: Path, key: str | None = None) -> int:
    if key:
        import sqlcipher3.dbapi2 as driver

        conn = raw_connect(path, readonly=True, key=key, driver=driver)
    else:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise UserError(f"Bản sao lưu {path} bị hỏng (kiểm tra toàn vẹn: {ok}).")
        return conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    except Exception as exc:  # sqlite3/sqlcipher3 DatabaseError
        if type(exc).__name__ not in ("DatabaseError", "OperationalError"):
            raise
        raise UserError(f"Tệp {path} không phải cơ sở dữ liệu của ứng dụng (hoặc đã mã hóa bằng khóa khác): {exc}") from None
    finally:
        conn.close()


def _audit_head(path: Path, key: str | None = None) -> dict:
    from . import audit

    if key:
        import sqlcipher3.dbapi2 as driver

        conn = raw_connect(path, readonly=True, key=key, driver=driver)
    else:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return audit.head(conn)
    finally:
        conn.close()


def backup(data_dir: Path, dest: Path, *, keep: int = DEFAULT_KEEP, now: datetime | None = None) -> BackupResult:
    """Back up ``data_dir`` into ``dest`` (a folder or a USB drive), verify, rotate."""
    data_dir, dest = Path(data_dir), Path(dest)
    paths.check_path_room(dest, "thư mục sao lưu")
    src = paths.db_path(data_dir)
    if not src.exists():
        raise UserError(f"Chưa có dữ liệu tại {data_dir} để sao lưu.")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Không ghi được vào thư mục sao lưu {dest}: {exc.strerror}") from None
    stamp = timeutil.to_vn(now or timeutil.now()).strftime("%Y%m%d-%H%M%S")
    final = dest / f"{PREFIX}{stamp}"
    work = dest / f".{PREFIX}{stamp}.partial"
    shutil.rmtree(work, ignore_errors=True)
    try:
        work.mkdir()
        key = dbkey.load_key(data_dir) if dbkey.is_encrypted(data_dir) else None
        copy_database(src, work / paths.DB_FILENAME)
        dossiers = _check_db(work / paths.DB_FILENAME, key)
        anchor = _audit_head(work / paths.DB_FILENAME, key)
        copied = total = 0
        pool = dest / "files"
        for f in _files_tree(data_dir / "files"):
            target = pool / f.relative_to(data_dir / "files")
            if not target.exists():
                try:
                    _copy_verified(f, target)
                except FileNotFoundError:
                    if f.exists():
                        raise
                    continue  # removed meanwhile by scan retention: it is kept at the province
                copied += 1
            total += 1
        manifest = {
            "created_at": timeutil.iso(now or timeutil.now()),
            "database": {"file": paths.DB_FILENAME, "sha256": _sha256(work / paths.DB_FILENAME),
                         "dossiers": dossiers,
                         "encrypted": bool(key), "key_fingerprint": dbkey.fingerprint(key) if key else None},
            "files": {"total": total, "copied": copied},
            # the chain head of the copy: `audit verify --backups DIR` checks the station against it
            "audit_anchor": anchor,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if final.exists():
            raise UserError(f"Đã có bản sao lưu {final.name}; thử lại sau một giây.")
        work.replace(final)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        if exc.errno == 28:
            raise UserError(f"Ổ đĩa sao lưu {dest} đã đầy; bản sao lưu chưa được tạo.") from None
        raise UserError(f"Sao lưu thất bại: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    removed = rotate(dest, keep)
    return BackupResult(final, dossiers, copied, total, removed)


def list_backups(dest: Path) -> list[Path]:
    return sorted(p for p in Path(dest).glob(f"{PREFIX}*") if p.is_dir() and (p / "manifest.json").exists())


def rotate(dest: Path, keep: int) -> list[str]:
    """Keep the newest ``keep`` backups. The shared scan pool is kept: scans are never removed
    by rotation (they are content-addressed and small compared with their value)."""
    backups = list_backups(dest)
    removed = []
    for old in backups[: max(0, len(backups) - max(1, keep))]:
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old.name)
    return removed


def read_manifest(backup_dir: Path) -> dict:
    """The manifest of a backup folder, checked for shape; a Vietnamese UserError when it is
    missing, not JSON, or not a manifest written by this app."""
    backup_dir = Path(backup_dir)
    manifest_path = backup_dir / "manifest.json"
    broken = f"Bản sao lưu {backup_dir.name} hỏng: tệp manifest.json không đọc được"
    try:
        raw = manifest_path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{backup_dir} không phải thư mục sao lưu (thiếu manifest.json).") from None
    except OSError as exc:
        raise UserError(f"{broken} ({exc.strerror or exc}).") from None
    if len(raw) > 1_000_000:
        raise UserError(f"{broken} (tệp quá lớn).")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{broken} (không phải văn bản UTF-8).") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{broken} (không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}).") from None
    except RecursionError:
        raise UserError(f"{broken} (cấu trúc lồng nhau quá sâu).") from None
    database = manifest.get("database") if isinstance(manifest, dict) else None
    if (not isinstance(database, dict) or database.get("file") != paths.DB_FILENAME
            or not isinstance(database.get("sha256"), str)
            or not isinstance(database.get("encrypted", False), bool)
            or not isinstance(database.get("key_fingerprint"), (str, type(None)))):
        raise UserError(f"{broken} (thiếu hoặc sai mục \"database\").")
    from .audit import is_anchor

    anchor = manifest.get("audit_anchor")
    if anchor is not None and not is_anchor(anchor):
        raise UserError(f"{broken} (mục \"audit_anchor\" sai dạng).")
    return manifest


def verify(backup_dir: Path, key: str | None = None) -> dict:
    """Check a backup folder against its manifest; returns the manifest. An encrypted backup
    needs the station key (its fingerprint is in the manifest)."""
    backup_dir = Path(backup_dir)
    manifest = read_manifest(backup_dir)
    db = backup_dir / manifest["database"]["file"]
    if not db.exists() or _sha256(db) != manifest["database"]["sha256"]:
        raise UserError(f"Bản sao lưu {backup_dir.name} bị hỏng: tệp cơ sở dữ liệu không khớp mã băm.")
    if manifest["database"].get("encrypted"):
        if not key or dbkey.fingerprint(key) != manifest["database"].get("key_fingerprint"):
            raise UserError(
                "Bản sao lưu này đã mã hóa; cần khóa của trạm. Nạp khóa khôi phục trước bằng "
                "'counter-app --data-dir THƯ_MỤC key import --from TỆP_KHÓA' (xem docs/security.md)."
            )
    _check_db(db, key if manifest["database"].get("encrypted") else None)
    return manifest


def restore(data_dir: Path, source: Path, *, now: datetime | None = None) -> Path | None:
    """Restore ``source`` (a backup folder or a .sqlite3 file) into ``data_dir``. The app and
    the sync engine must be stopped. The database replaced is kept as before-restore-*.sqlite3.
    Returns the path of that kept copy (None when there was no database to replace)."""
    data_dir, source = Path(data_dir), Path(source)
    from .filelock import FileLock

    if app_lock(data_dir).held_elsewhere() or FileLock(data_dir / "sync.lock").held_elsewhere():
        raise UserError("Ứng dụng (hoặc tiến trình đồng bộ) đang chạy trên dữ liệu này. Hãy thoát hẳn rồi khôi phục.")
    key = dbkey.load_key(data_dir) if dbkey.is_encrypted(data_dir) else None
    if source.is_dir():
        manifest = verify(source, key)
        if not manifest["database"].get("encrypted") and key:
            raise UserError("Trạm này đã mã hóa dữ liệu; không khôi phục bản sao lưu chưa mã hóa vào đây.")
        db_src = source / paths.DB_FILENAME
        pool = source.parent / "files"
    elif source.is_file():
        _check_db(source, key)
        db_src, pool = source, None
    else:
        raise UserError(f"Không tìm thấy bản sao lưu {source}.")
    data_dir.mkdir(parents=True, exist_ok=True)
    target = paths.db_path(data_dir)
    stamp = timeutil.to_vn(now or timeutil.now()).strftime("%Y%m%d-%H%M%S")
    kept = None
    if target.exists():
        kept = data_dir / f"before-restore-{stamp}.sqlite3"
        copy_database(target, kept)  # includes what was still in the WAL
    tmp = target.with_name(target.name + ".restore-tmp")
    shutil.copyfile(db_src, tmp)
    fsync_file(tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    tmp.replace(target)
    if pool is not None:
        for f in _files_tree(pool):
            dest = data_dir / "files" / f.relative_to(pool)
            if not dest.exists():
                _copy_verified(f, dest)
    # The restored chain is shorter than the one anchored before: the new anchor is its head
    # (restoring is a deliberate roll-back, audited by the caller).
    from . import audit

    try:
        restored_head = _audit_head(target, key)
    except Exception:  # noqa: BLE001 - a very old copy without the audit table: anchored at next open
        restored_head = None
    if restored_head is not None:
        audit.save_anchor(data_dir, restored_head)
    return kept


def due(db, now: datetime | None = None) -> Path | None:
    """The folder a scheduled backup should go to now (daily), or None when none is due or no
    folder is set."""
    from . import settings

    s = settings.get_all(db)
    if not s.get("backup_dir"):
        return None
    last = s.get("last_backup_at")
    now = now or timeutil.now()
    if last and (now - timeutil.parse_iso(last)).total_seconds() < 23 * 3600:
        return None
    return Path(s["backup_dir"])


def record_scheduled(db, result: BackupResult) -> None:
    """After a scheduled backup (on the writer connection): remember when, audit it."""
    from . import audit, settings
    from .db import write_tx

    with write_tx(db):
        settings.put_many(db, {"last_backup_at": timeutil.iso(timeutil.now())})
        audit.record(db, "system:backup", "backup", result.path.name,
                     {"dossiers": result.dossiers, "files_copied": result.files_copied})
    audit.anchor_now(db)
