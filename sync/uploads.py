"""The file step: what an upload is given, and what a confirmed file means for its dossier.

Files go up before their dossier's record (tus, resumable; the adapter's ``upload_file``). A
file confirmed after its dossier's record was frozen without it queues a record update (a new
``dossier`` row with its own key) so the province learns the file's URL.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import sqlite_utils

from counter_app import outbox, paths
from counter_app.db import connect, write_tx
from counter_app.scanning import store as file_store

from .adapters import FileJob
from .queue import Row


def file_job(data_dir: Path, r: Row) -> FileJob:
    """The upload of a ``file`` row, from its frozen body."""
    meta = json.loads(r.payload or "{}")
    return FileJob(path=file_store.file_path(data_dir, meta["sha256"], meta.get("ext", "")), size=int(meta["size"]),
                   sha256=meta["sha256"], filename=meta["filename"], mime=meta["mime"], key=r.key)


class OutboxUploadUrls:
    """The tus upload URL of each ``file`` row, kept in its outbox row (``outbox.upload_url``) so
    that the next attempt resumes it (:mod:`sync.tus`). Used from the upload pool's threads: a
    connection of its own (never the engine's, whose transactions it must not join), opened on
    first use, one call at a time; each store is a short write transaction of its own, committed
    before any byte of the upload goes out."""

    def __init__(self, data_dir: Path) -> None:
        self.path = paths.db_path(Path(data_dir))
        self._db: sqlite_utils.Database | None = None
        self._lock = threading.Lock()

    def _conn(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = connect(self.path)
        return self._db

    def get(self, key: str) -> str | None:
        with self._lock:
            return outbox.upload_url(self._conn(), key)

    def put(self, key: str, url: str | None) -> None:
        with self._lock:
            db = self._conn()
            with write_tx(db):
                outbox.set_upload_url(db, key, url)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def record_update_needed(db: sqlite_utils.Database, r: Row) -> bool:
    """True when file row ``r`` (just confirmed) is missing from every record of its dossier
    already frozen, and no unfrozen record row (which will include it) is waiting."""
    rows = outbox.record_rows(db, r.dossier_id)
    if not rows:
        return False
    if any(p is None and s != "done" for _i, p, s in rows):
        return False  # an unfrozen record row will include the file
    latest = rows[-1][1] or ""
    return not (r.ref and r.ref in latest)
