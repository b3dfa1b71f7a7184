"""Fetching the files of online dossiers (issue 20, scope 1), a step of the sync pass after the
pull, on the engine's own thread (never the GUI's).

Each file the feed listed (``online_dossier_files``, :mod:`counter_app.online`) is downloaded
from its URL at the province (``GET /files/<sha256>`` with the station's bearer token; a path
is taken against the configured server, an address on another server is refused: the credential
goes only to the configured one), checked against the size and sha256 the feed gave, and only
then written to the data folder's file store (``counter_app.scanning.store``: temp file, fsync,
rename) and marked ready. A file that fails waits 1, 2, 4 … minutes (at most a day) and is
tried again; the others go on. Resuming is per file: what was fetched stays, an interrupted file
starts again (the reference contract has no byte ranges for ``/files``). A pass fetches for at
most :data:`MAX_SECONDS_PER_PASS` seconds; when files remain due it says so (``more``) and the
engine passes again at once, pushing what the clerk decided meanwhile first.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from counter_app import audit, online
from counter_app.db import write_tx
from counter_app.i18n import _
from counter_app.scanning import store
from counter_app.scanning.errors import StorageError

from .adapters import Adapter
from .errors import PermanentError, SyncError, TransientError
from .http import HttpClient, origin

log = logging.getLogger(__name__)

BATCH = 50  # files read from the database at a time
MAX_SECONDS_PER_PASS = 60.0
PREFIX = "Không tải được tệp của hồ sơ trực tuyến: "


@dataclass
class FetchResult:
    fetched: int = 0
    bytes: int = 0
    failed: int = 0
    offline: bool = False
    more: bool = False  # stopped by the time budget with files still due
    halted: bool = False  # offline, or the disk is full: no use trying the others now
    error: str | None = None  # the last failure's reason (Vietnamese)


def fetch_due(db: sqlite_utils.Database, data_dir: Path, adapter: Adapter, client: HttpClient, base_url: str,
              should_stop: Callable[[], bool], *, max_seconds: float = MAX_SECONDS_PER_PASS) -> FetchResult:
    """Fetch the online dossiers' files that are due (see the module docstring)."""
    res = FetchResult()
    started = time.monotonic()
    tried: set[int] = set()
    while not (should_stop() or res.halted):
        todo = [i for i in online.files_to_fetch(db, limit=BATCH + len(tried)) if i["id"] not in tried][:BATCH]
        if not todo:
            break
        if time.monotonic() - started > max_seconds:
            res.more = True
            break
        _fetch_batch(db, data_dir, adapter, client, base_url, should_stop, todo, tried, res, started, max_seconds)
    if res.fetched:
        with write_tx(db):
            audit.record(db, "sync", "online-files", "online", {"files": res.fetched, "bytes": res.bytes})
        log.info("%d file(s) of online dossiers fetched (%d bytes)", res.fetched, res.bytes)
    return res


def _fetch_batch(db, data_dir, adapter, client, base_url, should_stop, todo, tried, res, started, max_seconds) -> None:
    for item in todo:
        if should_stop() or time.monotonic() - started > max_seconds:
            res.more = not should_stop()
            return
        tried.add(item["id"])
        row = db.execute("SELECT state FROM online_dossier_files WHERE id = ?", [item["id"]]).fetchone()
        if row is None or row[0] == online.FILE_READY:
            continue  # the same bytes came with another dossier's file (or the file list changed)
        try:
            data = _download(db, adapter, client, base_url, item)
            store.put(data_dir, data, item["ext"])
        except TransientError as exc:
            res.error = PREFIX + exc.message
            if exc.offline:
                res.offline = res.halted = True
                return  # the others would fail the same way; the next pass tries again
            _failed(db, item, res.error, permanent=False)
            res.failed += 1
            continue
        except (PermanentError, _Mismatch) as exc:
            res.error = PREFIX + exc.message
            _failed(db, item, res.error, permanent=True)
            res.failed += 1
            continue
        except StorageError as exc:
            res.error = PREFIX + exc.message
            _failed(db, item, res.error, permanent=False)
            res.failed += 1
            res.halted = True  # a full disk: nothing else fits either
            return
        except SyncError as exc:  # pragma: no cover - every SyncError is one of the two above
            res.error = PREFIX + exc.message
            _failed(db, item, res.error, permanent=False)
            res.failed += 1
            continue
        with write_tx(db):
            online.file_fetched(db, item["sha256"])
        res.fetched += 1
        res.bytes += len(data)


class _Mismatch(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _download(db: sqlite_utils.Database, adapter: Adapter, client: HttpClient, base_url: str, item: dict) -> bytes:
    url = online.absolute_url(db, item["url"])
    if origin(url) != origin(base_url):
        raise _Mismatch(_("địa chỉ tệp không thuộc máy chủ tỉnh đã thiết lập, nên không gửi thông tin xác thực của "
                          "trạm đến đó."))
    data = adapter.download_file(client, url, item["size"])
    if len(data) != item["size"] or hashlib.sha256(data).hexdigest() != item["sha256"]:
        log.warning("a file of an online dossier did not match (%d bytes received, %d expected)", len(data), item["size"])
        raise _Mismatch(_("tệp nhận về không khớp kích thước hoặc mã băm mà hệ thống tỉnh công bố, nên không được "
                          "lưu."))
    return data


def _failed(db: sqlite_utils.Database, item: dict, message: str, *, permanent: bool) -> None:
    log.info("a file of online dossier %s could not be fetched", item["code"])
    with write_tx(db):
        online.file_failed(db, item["id"], message, permanent=permanent)
