"""Scan retention: scans the province has confirmed leave this PC after a period, and come back
on demand (docs/scanning.md, "Retention").

A file leaves the PC (:func:`prune`) when all of these hold:

- the province confirmed it: ``remote_url`` and ``remote_confirmed_at`` are set, and no upload
  of the same content is still queued (an unfinished ``file`` outbox row);
- the province *proved* it holds it: the sync engine checked the size and sha256 served at the
  file's URL (:func:`counter_app.outbox.proven_file_sql`; docs/sync-protocol.md, "Hostile
  servers"). A URL the server merely claimed (an unproven one, a ``file:`` or foreign address,
  which the engine refuses anyway) never lets a local copy go;
- the confirmation is older than the retention period (``scan_retention_days``, 365 by default;
  0 keeps every scan), and so is its last fetch-back (``fetched_back_at``), if any;
- every dossier that refers to it (any attachment row, current or replaced) is in a final status
  (:data:`counter_app.statuses.FINAL`: refused, withdrawn, stopped, result returned). An open
  dossier keeps its scans.

Only the bytes go: the ``files`` row (sha256, size, URL), the attachments, codes and history stay.
Order: one write transaction marks a batch (``purged_at``) with its audit row (counts only);
the files are then deleted while the write lock is held again and the mark re-checked, so an
attach of identical content that cleared the mark meanwhile keeps its file. A crash between the
two leaves rows marked with their files still on disk — harmless (:func:`download` finds the
local copy and needs no network) — and never a row saying "on this PC" whose file is gone.

Fetching back (:func:`fetch_back`, :func:`fetch_dossier`) downloads ``remote_url`` with the sync
credential through a ``client`` (:class:`RemoteFiles`, made by ``sync.remote_files``: the core
does not import the sync package), checks size and sha256, stores it with :func:`store.put`
(temp file, fsync, rename) and only then clears the mark. The GUI runs the three steps on
different threads (:func:`refs_to_fetch` on a reader, :func:`download` on a network worker,
:func:`mark_fetched` on the writer), so neither the GUI thread nor the writer waits on the network.
Failures raise :class:`FetchError` (Vietnamese); nothing half-written remains.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from counter_app import audit, outbox, settings, statuses, timeutil
from counter_app.audit import Actor
from counter_app.db import write_tx
from counter_app.errors import NotFound
from counter_app.i18n import _

from . import store
from .errors import FetchError, FileNotOnThisPC  # noqa: F401  (FileNotOnThisPC: raised by readers)

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import
    import sqlite_utils

log = logging.getLogger(__name__)

SYSTEM_ACTOR = "system:retention"
BATCH = 500
SCHEDULE_SECONDS = 23 * 3600  # the app's daily run: at most once in 23 h

_FINAL = ", ".join(str(s) for s in sorted(statuses.FINAL))
_ELIGIBLE = (
    "f.purged_at IS NULL AND f.remote_url IS NOT NULL AND f.remote_url != '' "
    "AND f.remote_confirmed_at IS NOT NULL AND f.remote_confirmed_at < :cutoff "
    "AND (f.fetched_back_at IS NULL OR f.fetched_back_at < :cutoff) "
    "AND EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = f.sha256) "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'file' AND o.ref = f.sha256 AND o.state != 'done') "
    "AND (f.remote_url LIKE 'https://%' OR f.remote_url LIKE 'http://%') "
    f"AND {outbox.proven_file_sql('f.sha256')}"
)
_OPEN = (
    "EXISTS (SELECT 1 FROM attachments a JOIN dossiers d ON d.id = a.dossier_id "
    f"WHERE a.sha256 = f.sha256 AND d.status NOT IN ({_FINAL}))"
)


class RemoteFiles(Protocol):
    """What :func:`download` needs from the sync side (``sync.remote_files.ProvinceFiles``)."""

    def download(self, url: str, *, max_bytes: int) -> bytes:
        """The bytes at ``url`` (with the station's credential), or a :class:`FetchError`."""
        ...


@dataclass
class PruneResult:
    days: int
    dry_run: bool = False
    files: int = 0  # removed from this PC (on a dry run: would be removed)
    bytes: int = 0  # freed (on a dry run: the recorded sizes of those files)
    kept_open: int = 0  # confirmed and old enough, but a dossier using them is still open
    left_on_disk: int = 0  # marked removed, but deleting the file failed (harmless: see module doc)
    more: bool = False  # stopped at ``limit``: call again for the rest

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FileRef:
    sha256: str
    ext: str
    size: int
    remote_url: str | None
    purged: bool


# --- prune --------------------------------------------------------------------------------------

def _cutoff(now: datetime | None, days: int) -> str:
    return timeutil.iso((now or timeutil.now()) - timedelta(days=days))


def prune(db: sqlite_utils.Database, data_dir: Path, now: datetime | None = None, days: int | None = None, *,
          dry_run: bool = False, limit: int | None = None, actor: Actor | str = SYSTEM_ACTOR) -> PruneResult:
    """Remove from this PC the scans the rules above allow. ``days`` defaults to the station
    setting; ``now`` to the current time; ``limit`` caps the files handled in one call (the
    app's writer thread takes the work in slices). Returns counts and bytes freed."""
    days = settings.check_retention_days(settings.get(db, "scan_retention_days") if days is None else days)
    result = PruneResult(days=days, dry_run=dry_run)
    if days == 0:
        return result
    params = {"cutoff": _cutoff(now, days)}
    result.kept_open = db.execute(f"SELECT COUNT(*) FROM files f WHERE {_ELIGIBLE} AND {_OPEN}", params).fetchone()[0]
    if dry_run:
        n, size = db.execute(
            f"SELECT COUNT(*), COALESCE(SUM(f.size), 0) FROM files f WHERE {_ELIGIBLE} AND NOT {_OPEN}", params
        ).fetchone()
        result.files, result.bytes = n, size
        return result
    marked_total = 0
    while True:
        room = BATCH if limit is None else min(BATCH, limit - marked_total)
        if room <= 0:
            result.more = True
            break
        stamp = timeutil.iso(timeutil.now())
        with write_tx(db):
            rows = db.execute(
                f"SELECT f.sha256, f.ext, f.size FROM files f WHERE {_ELIGIBLE} AND NOT {_OPEN} "
                "ORDER BY f.remote_confirmed_at, f.sha256 LIMIT :n",
                {**params, "n": room},
            ).fetchall()
            if not rows:
                break
            for sha, _ext, _size in rows:
                db.execute("UPDATE files SET purged_at = ? WHERE sha256 = ?", [stamp, sha])
            audit.record(db, actor, "scan-prune", "files",
                         {"files": len(rows), "bytes": sum(r[2] for r in rows), "days": days})
        marked_total += len(rows)
        removed, freed, left = _delete_marked(db, data_dir, rows, stamp)
        result.files += removed
        result.bytes += freed
        result.left_on_disk += left
        if len(rows) < room:
            break
    if result.files or result.left_on_disk:
        log.info("scan retention (%d days): %d files removed from this PC, %d bytes freed, %d left on disk",
                 days, result.files, result.bytes, result.left_on_disk)
    return result


def _delete_marked(db: sqlite_utils.Database, data_dir: Path, rows: Sequence, stamp: str) -> tuple[int, int, int]:
    """Delete the files of ``rows`` still marked with ``stamp``. The write lock is held meanwhile
    (no write happens), so another process cannot clear a mark between the check and the delete."""
    removed = freed = left = 0
    shas = [r[0] for r in rows]
    with write_tx(db):
        marks = ",".join("?" * len(shas))
        still = {r[0] for r in db.execute(
            f"SELECT sha256 FROM files WHERE purged_at = ? AND sha256 IN ({marks})", [stamp, *shas])}
        for sha, ext, _size in rows:
            if sha not in still:
                continue
            path = store.file_path(data_dir, sha, ext)
            try:
                size = path.stat().st_size
                path.unlink()
            except FileNotFoundError:
                removed += 1  # already gone: the province has it, which is what the row now says
                continue
            except OSError as exc:
                left += 1
                log.warning("a scan file marked as kept at the province could not be deleted (%s)",
                            exc.strerror or type(exc).__name__)
                continue
            removed += 1
            freed += size
    return removed, freed, left


def due(db: sqlite_utils.Database, now: datetime | None = None) -> bool:
    """True when the app's daily prune should run now (retention on, last run 23 h ago or more)."""
    s = settings.get_all(db)
    try:
        days = settings.check_retention_days(s.get("scan_retention_days"))
    except Exception:  # noqa: BLE001 - a bad stored value: run_scheduled reports it
        return True
    if days == 0:
        return False
    last = s.get("last_scan_prune_at")
    now = now or timeutil.now()
    return not last or (now - timeutil.parse_iso(last)).total_seconds() >= SCHEDULE_SECONDS


def run_scheduled(db: sqlite_utils.Database, data_dir: Path, now: datetime | None = None, *,
                  limit: int = 2000) -> PruneResult | None:
    """The app's daily prune, on the writer connection: None when not due. When ``more`` is set,
    call again (a new writer task, so saves of the clerk go in between)."""
    if not due(db, now):
        return None
    result = prune(db, data_dir, now, limit=limit)
    if not result.more:
        with write_tx(db):
            settings.put_many(db, {"last_scan_prune_at": timeutil.iso(now or timeutil.now())})
    return result


# --- fetch back ---------------------------------------------------------------------------------

def _ref(row) -> FileRef:
    return FileRef(sha256=row[0], ext=row[1], size=int(row[2]), remote_url=row[3], purged=bool(row[4]))


def file_ref(db: sqlite_utils.Database, sha256: str) -> FileRef:
    row = db.execute("SELECT sha256, ext, size, remote_url, purged_at FROM files WHERE sha256 = ?",
                     [sha256]).fetchone()
    if row is None:
        raise NotFound(_("Không có tệp bản quét {file}… trong cơ sở dữ liệu.").format(file=sha256[:12]))
    return _ref(row)


def refs_to_fetch(db: sqlite_utils.Database, sha256s: Iterable[str]) -> list[FileRef]:
    """The files among ``sha256s`` that are marked as kept at the province only."""
    return [r for r in (file_ref(db, s) for s in dict.fromkeys(sha256s)) if r.purged]


def dossier_refs(db: sqlite_utils.Database, code: str) -> list[FileRef]:
    """The current scans of dossier ``code`` that are kept at the province only."""
    did = db.execute("SELECT id FROM dossiers WHERE code = ?", [(code or "").strip()]).fetchone()
    if did is None:
        raise NotFound(_("Không tìm thấy hồ sơ có mã \"{code}\".").format(code=code))
    rows = db.execute(
        "SELECT DISTINCT f.sha256, f.ext, f.size, f.remote_url, f.purged_at FROM attachments a "
        "JOIN files f ON f.sha256 = a.sha256 WHERE a.dossier_id = ? AND a.removed_at IS NULL "
        "AND f.purged_at IS NOT NULL ORDER BY f.sha256", [did[0]]).fetchall()
    return [_ref(r) for r in rows]


def download(data_dir: Path, ref: FileRef, client: RemoteFiles) -> bool:
    """Put the file's bytes back in the store: from a valid local copy still there (no network),
    else from ``ref.remote_url``, checked against size and sha256 before anything is written.
    Returns True when the bytes came over the network. No database work (any thread)."""
    path = store.file_path(data_dir, ref.sha256, ref.ext)
    try:
        if path.stat().st_size == ref.size and store.sha256_file(path) == ref.sha256:
            return False
    except OSError:
        pass
    if not ref.remote_url:
        raise FetchError(_("Không tải được bản quét từ hệ thống tỉnh: tệp {file}… chưa có địa chỉ trên "
                           "hệ thống tỉnh. Hãy báo quản trị viên.").format(file=ref.sha256[:12]))
    data = client.download(ref.remote_url, max_bytes=ref.size)
    if len(data) != ref.size or hashlib.sha256(data).hexdigest() != ref.sha256:
        log.warning("a scan fetched back from the province did not match (%d bytes received, %d expected)",
                    len(data), ref.size)
        raise FetchError(
            _("Không tải được bản quét từ hệ thống tỉnh: tệp nhận về không khớp mã băm của bản quét (nội dung khác "
              "hoặc bị hỏng) nên không được lưu. Hãy thử lại sau; nếu vẫn lỗi, báo quản trị viên và hệ thống tỉnh.")
        )
    store.put(data_dir, data, ref.ext)
    return True


def mark_fetched(db: sqlite_utils.Database, data_dir: Path, sha256s: Iterable[str],
                 actor: Actor | str = SYSTEM_ACTOR, obj: str = "files", now: datetime | None = None) -> int:
    """After :func:`download`: the files are on this PC again (one write transaction, audited
    with counts); ``fetched_back_at`` is ``now`` (default: the current time), and the file stays
    for another retention period from then. A file whose bytes are not there keeps its mark."""
    stamp = timeutil.iso(now or timeutil.now())
    n = size_total = 0
    with write_tx(db):
        for sha in dict.fromkeys(sha256s):
            row = db.execute("SELECT ext, size, purged_at FROM files WHERE sha256 = ?", [sha]).fetchone()
            if row is None or not row[2]:
                continue
            path = store.file_path(data_dir, sha, row[0])
            try:
                if path.stat().st_size != row[1]:
                    continue
            except OSError:
                continue
            db.execute("UPDATE files SET purged_at = NULL, fetched_back_at = ? WHERE sha256 = ?", [stamp, sha])
            n += 1
            size_total += row[1]
        if n:
            audit.record(db, actor, "scan-fetch", obj, {"files": n, "bytes": size_total})
    if n:
        log.info("%d scan files fetched back from the province (%d bytes)", n, size_total)
    return n


def fetch_back(db: sqlite_utils.Database, data_dir: Path, sha256: str, client: RemoteFiles,
               actor: Actor | str = SYSTEM_ACTOR, now: datetime | None = None) -> bool:
    """Fetch one file back from the province (all steps on the calling thread). Returns False
    when it was on this PC already."""
    ref = file_ref(db, sha256)
    if not ref.purged:
        return False
    download(data_dir, ref, client)
    mark_fetched(db, data_dir, [sha256], actor, now=now)
    return True


@dataclass
class FetchSummary:
    files: int = 0
    bytes: int = 0
    downloaded: int = 0  # over the network (the others were still on disk)


def fetch_dossier(db: sqlite_utils.Database, data_dir: Path, code: str, client: RemoteFiles,
                  actor: Actor | str = SYSTEM_ACTOR) -> FetchSummary:
    """Fetch back every current scan of dossier ``code`` kept at the province only. Files already
    fetched stay fetched when a later one fails (each is complete and marked on its own)."""
    summary = FetchSummary()
    for ref in dossier_refs(db, code):
        if download(data_dir, ref, client):
            summary.downloaded += 1
        if mark_fetched(db, data_dir, [ref.sha256], actor, obj=code.strip()):
            summary.files += 1
            summary.bytes += ref.size
    return summary


def overview(db: sqlite_utils.Database) -> dict:
    """Counts for ``scans retention``: files on this PC and files kept at the province only."""
    on_pc, on_pc_bytes = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM files WHERE purged_at IS NULL").fetchone()
    away, away_bytes = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM files WHERE purged_at IS NOT NULL").fetchone()
    return {
        "days": settings.get(db, "scan_retention_days"), "last_prune_at": settings.get(db, "last_scan_prune_at"),
        "on_pc": on_pc, "on_pc_bytes": on_pc_bytes, "at_province_only": away, "at_province_only_bytes": away_bytes,
    }
