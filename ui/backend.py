"""The GUI's access to the core: one writer thread owning the writer connection, a small pool
of readers with their own connections. No SQL here: only calls into counter_app services."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import (~230 ms)
    import sqlite_utils

from counter_app import paths
from counter_app.audit import Actor

from .tasks import TaskRunner


class Backend:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.actor: Actor | None = None
        self._writer_db: sqlite_utils.Database | None = None
        self._local = threading.local()
        self._reader_dbs: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()
        self.writer = TaskRunner("db-writer", 1)
        self.reader = TaskRunner("db-reader", 2)
        self.render = TaskRunner("render", 2)
        self.network = TaskRunner("network", 2)
        self.scanner = TaskRunner("scanner", 1)

    # -- runs on the writer thread -----------------------------------------------------------
    def _open_writer(self) -> sqlite_utils.Database:
        from counter_app import db as dbmod  # imported on the writer thread, off the GUI's path

        if self._writer_db is None:
            self._writer_db = dbmod.open_data_dir(self.data_dir, create=True)
            dbmod.defer_checkpoints(self._writer_db)
        return self._writer_db

    def _checkpoint(self) -> None:
        from counter_app import db as dbmod

        if self._writer_db is not None:
            dbmod.checkpoint_if_large(self._writer_db, paths.db_path(self.data_dir))

    def _reader_db(self) -> sqlite_utils.Database:
        from counter_app import db as dbmod

        db = getattr(self._local, "db", None)
        if db is None:
            db = dbmod.connect(paths.db_path(self.data_dir), readonly=True)
            self._local.db = db
            with self._lock:
                self._reader_dbs.append(db)
        return db

    # -- API for widgets ---------------------------------------------------------------------
    def open(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        """Open (creating/migrating) the database on the writer thread."""
        self.writer.submit(lambda: (self._open_writer(), None)[1], on_done=on_done, on_error=on_error)

    def write(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, **kwargs: Any) -> None:
        """Run ``fn(db, *args, **kwargs)`` on the single writer connection. A WAL checkpoint, when
        due, runs afterwards as a task of its own, after the result has been handed back."""
        self.writer.submit(lambda: fn(self._open_writer(), *args, **kwargs), on_done=on_done, on_error=on_error)
        self.writer.submit(self._checkpoint)

    def read(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, **kwargs: Any) -> None:
        """Run ``fn(db, *args, **kwargs)`` on a read-only connection of the reader pool."""
        self.reader.submit(lambda: fn(self._reader_db(), *args, **kwargs), on_done=on_done, on_error=on_error)

    def run(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, **kwargs: Any) -> None:
        """CPU work without the database (PDF rendering, image processing)."""
        self.render.submit(fn, *args, on_done=on_done, on_error=on_error, **kwargs)

    def fetch(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, **kwargs: Any) -> None:
        """Network work without the database (fetching a scan back from the province): its own
        runner, so a slow server holds neither rendering nor the database threads."""
        self.network.submit(fn, *args, on_done=on_done, on_error=on_error, **kwargs)

    def scan(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, **kwargs: Any) -> None:
        """Scanner device work (looking for scanners, acquiring a batch): its own runner, one
        device job at a time, so a long feeder batch never holds print-preview rendering."""
        self.scanner.submit(fn, *args, on_done=on_done, on_error=on_error, **kwargs)

    def close(self) -> None:
        """Stop background work, wait for it, then close the connections."""
        for runner in (self.scanner, self.network, self.render, self.reader, self.writer):
            runner.shutdown(wait=True)
        with self._lock:
            for db in self._reader_dbs:
                db.close()
            self._reader_dbs.clear()
        if self._writer_db is not None:
            self._writer_db.close()
            self._writer_db = None
