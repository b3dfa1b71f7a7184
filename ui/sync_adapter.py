"""The sync engine inside the GUI: its own thread, its own database connection, its callbacks
turned into Qt signals (delivered on the GUI thread). Widgets never call the engine's database
or network code; they call :meth:`sync_now` / :meth:`wake` and listen to the signals.

On quit: :meth:`stop` asks the engine to finish (an upload ends at a chunk boundary, rows in
flight get their outcome written) and waits for the thread, before the database is closed.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from ui.i18n import tr
from PySide6.QtCore import QObject, Signal

from counter_app import changes
from counter_app.changes import Change
from counter_app.errors import UserError

log = logging.getLogger(__name__)


class SyncAdapter(QObject):
    status_changed = Signal(dict)  # online, queued, attention, waiting, deferred, last_success_at, last_error
    remote_changes = Signal(int)  # statuses applied from the province
    changed = Signal(object)  # the same as a counter_app.changes.Change (fed into Backend.changed)
    unavailable = Signal(str)  # the engine could not start (not configured, another engine runs)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self._engine = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self.last_status: dict[str, Any] = {}
        self.unavailable_reason = ""
        self.status_changed.connect(self._remember)
        self.unavailable.connect(self._remember_unavailable)

    def _remember(self, status: dict) -> None:
        self.last_status = status

    def _remember_unavailable(self, reason: str) -> None:
        self.unavailable_reason = reason

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sync-engine", daemon=True)
        self._thread.start()

    def _run(self) -> None:  # the sync thread
        from sync.engine import Engine

        try:
            engine = Engine(self.data_dir, on_event=self._on_event)
        except UserError as exc:
            self.unavailable.emit(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - shown in the status bar, logged in full
            log.exception("the sync engine could not start")
            self.unavailable.emit(tr('Không khởi động được đồng bộ: {0}').format(exc))
            return
        with self._lock:
            self._engine = engine
            if self._stopping:
                engine.stop()
        try:
            engine.run_forever()
        except Exception:  # noqa: BLE001
            log.exception("the sync engine stopped on an error")
            self.unavailable.emit(tr('Đồng bộ dừng do lỗi không mong đợi; hãy khởi động lại ứng dụng.'))
        finally:
            with self._lock:
                self._engine = None
            engine.close()

    def _on_event(self, kind: str, data: dict[str, Any]) -> None:  # the sync thread: only emit
        if kind == "status":
            self.status_changed.emit(dict(data))
        elif kind == "remote-changes":
            applied = int(data.get("applied", 0))
            self.remote_changes.emit(applied)
            if applied:
                self.changed.emit(changes.PULLED)

    def sync_now(self) -> None:
        """"Đồng bộ ngay": retry waiting rows at once (starts the engine if it is not running)."""
        with self._lock:
            engine = self._engine
        if engine is not None:
            engine.sync_now()
        elif not self.running:
            self.start()

    def wake(self) -> None:
        """Something new was queued (a saved dossier): look at the queue now."""
        with self._lock:
            engine = self._engine
        if engine is not None:
            engine.wake()

    def on_change(self, change: Change) -> None:
        """The change hook's subscriber: a write that queued rows for the province wakes the
        engine at once instead of at its next idle look."""
        if change.touches(changes.OUTBOX):
            self.wake()

    def stop(self, timeout: float = 60.0) -> None:
        with self._lock:
            self._stopping = True
            engine = self._engine
        if engine is not None:
            engine.stop()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():  # pragma: no cover - a network call beyond its timeout
                log.warning("the sync thread did not stop in %.0f s", timeout)
            self._thread = None
