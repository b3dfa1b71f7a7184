"""The GUI's access to the core: one writer thread owning the writer connection, a small pool
of readers with their own connections. No SQL here: only calls into counter_app services.

**The change hook.** Every write goes through :meth:`Backend.write`, which reads back what the
write changed (counter_app/changes.py: the audit and outbox rows it added, plus an optional
``change=`` for writes that leave no audit row) and emits it on :attr:`Backend.changed` on the
GUI thread, before the caller's callback. Screens reload from that one signal and the sync
engine wakes on it; nobody wires a save to a reload. :meth:`publish` feeds it changes made
elsewhere (the sync engine's pulls)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import (~230 ms)
    import sqlite_utils

from PySide6.QtCore import QObject, Signal

from counter_app import changes, paths
from counter_app.audit import Actor
from counter_app.changes import Change

from .tasks import TaskRunner

log = logging.getLogger(__name__)


class Backend(QObject):
    changed = Signal(object)  # a counter_app.changes.Change, after a write that changed something

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.actor: Actor | None = None
        self._writer_db: sqlite_utils.Database | None = None
        self._local = threading.local()
        self._reader_dbs: list[sqlite_utils.Database] = []
        self._generation = 0  # bumped by reopen(): reader threads then open new connections
        self._lock = threading.Lock()
        self.writer = TaskRunner("db-writer", 1)
        self.reader = TaskRunner("db-reader", 2)
        self.render = TaskRunner("render", 2)
        self.network = TaskRunner("network", 2)
        self.scanner = TaskRunner("scanner", 1)
        # Long reads nobody waits for (the integrity check after login): their own thread and
        # connection at the lowest CPU priority, so they never hold a reader the screens need.
        self.background = TaskRunner("db-background", 1, initializer=_lower_priority)
        self._closing = False

    # -- runs on the writer thread -----------------------------------------------------------
    def _open_writer(self) -> sqlite_utils.Database:
        from counter_app import db as dbmod  # imported on the writer thread, off the GUI's path

        if self._writer_db is None:
            self._writer_db = dbmod.open_data_dir(self.data_dir, create=True)
            dbmod.defer_checkpoints(self._writer_db)
        return self._writer_db

    def _checkpoint(self) -> None:
        """After each write task, on the writer thread: the search index's pending merge work
        (never inside a save, m023_syncp) and a WAL checkpoint when the WAL is large."""
        from counter_app import db as dbmod
        from counter_app import search_index

        if self._writer_db is not None:
            search_index.merge_step(self._writer_db)
            dbmod.checkpoint_if_large(self._writer_db, paths.db_path(self.data_dir))

    def _reader_db(self) -> sqlite_utils.Database:
        from counter_app import db as dbmod

        db = getattr(self._local, "db", None)
        if db is None or getattr(self._local, "generation", None) != self._generation:
            db = dbmod.connect(paths.db_path(self.data_dir), readonly=True)
            self._local.db = db
            self._local.generation = self._generation
            with self._lock:
                self._reader_dbs.append(db)
        return db

    # -- API for widgets ---------------------------------------------------------------------
    def open(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        """Open (creating/migrating) the database on the writer thread."""
        self.writer.submit(lambda: (self._open_writer(), None)[1], on_done=on_done, on_error=on_error)

    def reopen(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None) -> None:
        """Run ``fn(data_dir, *args)`` on the writer thread with every connection to the database
        closed (it may remove or replace the file: encryption chosen at set-up), then open it
        again. Only while nothing else uses the database (the set-up dialog)."""
        def task():
            with self._lock:
                for db in self._reader_dbs:
                    db.close()
                self._reader_dbs.clear()
                self._generation += 1
            if self._writer_db is not None:
                self._writer_db.close()
                self._writer_db = None
            try:
                return fn(self.data_dir, *args)
            finally:
                self._open_writer()

        self.writer.submit(task, on_done=on_done, on_error=on_error)

    def write(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, change: Change | None = None,
              owner=None, **kwargs: Any) -> None:
        """Run ``fn(db, *args, **kwargs)`` on the single writer connection. What it changed is
        emitted on :attr:`changed` (before ``on_done``/``on_error``; also when it failed after
        committing part of its work); ``change`` adds what the rows cannot tell (a write that
        records no audit row). A WAL checkpoint, when due, runs afterwards as a task of its own,
        after the result has been handed back."""
        outcome: dict[str, Change] = {}

        def task():
            db = self._open_writer()
            before = changes.mark(db)
            ok = False
            try:
                result = fn(db, *args, **kwargs)
                ok = True
                return result
            finally:
                found = changes.since(db, before)
                outcome["change"] = found | change if ok else found

        self.writer.submit(task, on_done=on_done, on_error=on_error, owner=owner,
                           on_settled=lambda: self.publish(outcome.get("change")))
        self.writer.submit(self._checkpoint,
                           on_error=lambda exc: log.warning("index merge or WAL checkpoint failed: %s", exc))

    def publish(self, change: Change | None) -> None:
        """Tell the screens and the sync engine that ``change`` happened (GUI thread)."""
        if change:
            self.changed.emit(change)

    def read(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, owner=None, **kwargs: Any) -> None:
        """Run ``fn(db, *args, **kwargs)`` on a read-only connection of the reader pool."""
        self.reader.submit(lambda: fn(self._reader_db(), *args, **kwargs), on_done=on_done, on_error=on_error,
                           owner=owner)

    def read_in_background(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None,
                           **kwargs: Any) -> None:
        """Run ``fn(db, *args, **kwargs)`` on the background thread's own read-only connection
        (low priority; stopped when the backend closes)."""
        def task():
            db = self._reader_db()
            # SQLite asks this every 10,000 steps: a close stops the read wherever it is.
            db.conn.set_progress_handler(lambda: self._closing, 10_000)
            return fn(db, *args, **kwargs)

        self.background.submit(task, on_done=on_done, on_error=on_error)

    def run(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, owner=None, **kwargs: Any) -> None:
        """CPU work without the database (PDF rendering, image processing)."""
        self.render.submit(fn, *args, on_done=on_done, on_error=on_error, owner=owner, **kwargs)

    def fetch(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, owner=None, **kwargs: Any) -> None:
        """Network work without the database (fetching a scan back from the province): its own
        runner, so a slow server holds neither rendering nor the database threads."""
        self.network.submit(fn, *args, on_done=on_done, on_error=on_error, owner=owner, **kwargs)

    def scan(self, fn: Callable[..., Any], *args: Any, on_done=None, on_error=None, **kwargs: Any) -> None:
        """Scanner device work (looking for scanners, acquiring a batch): its own runner, one
        device job at a time, so a long feeder batch never holds print-preview rendering."""
        self.scanner.submit(fn, *args, on_done=on_done, on_error=on_error, **kwargs)

    def close(self) -> None:
        """Stop background work, wait for it, then close the connections."""
        self._closing = True  # a long background read need not finish before quitting
        for runner in (self.background, self.scanner, self.network, self.render, self.reader, self.writer):
            runner.shutdown(wait=True)
        with self._lock:
            for db in self._reader_dbs:
                db.close()
            self._reader_dbs.clear()
        if self._writer_db is not None:
            self._writer_db.close()
            self._writer_db = None


def _lower_priority() -> None:
    """Lower the calling thread's CPU priority where the OS allows it per thread (Linux: a
    thread's nice value); elsewhere nothing."""
    import os

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass
