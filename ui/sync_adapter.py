"""The sync engine inside the GUI: its own thread, its own database connection, its callbacks
turned into Qt signals (delivered on the GUI thread). Widgets never call the engine's database
or network code; they call :meth:`sync_now` / :meth:`wake` and listen to the signals.

"Đồng bộ ngay" always answers: :meth:`sync_now` emits :attr:`SyncAdapter.answered` at once
("Đang đồng bộ…") and again with what the pass did, or why sync could not run (not set up,
another engine on this data directory, an error at start). After the settings change
(ui/sync_setup_dialog.py) :meth:`restart` stops the engine and starts it again with them, off
the GUI thread.

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


NOT_CONFIGURED = tr('Chưa thiết lập đồng bộ với hệ thống tỉnh. Giám sát hoặc quản trị viên mở menu '
                    'Đồng bộ → "Thiết lập đồng bộ…" để nhập địa chỉ máy chủ và khóa bí mật của trạm.')


def pass_answer(summary: dict[str, Any]) -> tuple[str, bool]:
    """What a pass did, in one short paragraph; whether it went without errors."""
    sent = summary.get("sent") or {}
    pulled = summary.get("pulled") or {}
    queued = (summary.get("queued") or {}).get("queued", 0)
    errors = list(dict.fromkeys(summary.get("errors") or []))
    if summary.get("busy"):
        return tr('Không đồng bộ được: {0}').format("; ".join(errors)), False
    received = int(pulled.get("applied", 0)) + int(pulled.get("deferred_applied", 0) or 0)
    text = tr('Đồng bộ xong: đã gửi {0} hồ sơ, {1} tệp, {2} bước xử lý; nhận {3} thay đổi từ tỉnh; '
              'còn chờ gửi {4}.').format(sent.get("dossier", 0), sent.get("file", 0), sent.get("progress", 0),
                                        received, queued)
    if summary.get("online") is False:
        text += " " + tr('Không kết nối được tới hệ thống tỉnh.')
    if errors:
        text += " " + tr('Lỗi: {0}').format("; ".join(errors[:3]))
    return text, not errors and summary.get("online") is not False


class SyncAdapter(QObject):
    status_changed = Signal(dict)  # online, queued, attention, waiting, deferred, last_success_at, last_error
    remote_changes = Signal(int)  # statuses applied from the province
    changed = Signal(object)  # the same as a counter_app.changes.Change (fed into Backend.changed)
    unavailable = Signal(str)  # the engine could not start (not configured, another engine runs)
    pass_finished = Signal(dict)  # a pass ended: sent, pulled, errors, queued, forced (sync.outcomes.PassSummary)
    answered = Signal(str, str)  # the answer to "Đồng bộ ngay": (text, "info" | "ok" | "error")
    # On the GUI thread, after last_status / unavailable_reason changed: what widgets listen to.
    # (status_changed and unavailable are emitted on the sync thread; a lambda connected to them
    # runs there, touching widgets off the GUI thread and before the adapter has kept the value.)
    state_changed = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self._engine = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self._alive = False  # the sync thread runs (set and cleared under the lock)
        self._restart = False  # the thread starts a new engine when the current one has stopped
        self._again = False  # "Đồng bộ ngay" while the thread was ending without an engine: try once more
        self._awaiting_answer = 0  # the "Đồng bộ ngay" asked and not answered yet (its number), or 0
        self._requested = 0  # "Đồng bộ ngay" asked so far: a pass answers only a request it served
        self.last_status: dict[str, Any] = {}
        self.unavailable_reason = ""
        self.status_changed.connect(self._remember)
        self.unavailable.connect(self._remember_unavailable)
        self.pass_finished.connect(self._pass_finished)

    def _remember(self, status: dict) -> None:
        self.last_status = status
        self.unavailable_reason = ""  # an engine reports: it runs
        self.state_changed.emit()

    def _remember_unavailable(self, reason: str) -> None:
        self.unavailable_reason = reason
        self.state_changed.emit()
        if self._awaiting_answer:
            self._awaiting_answer = 0
            self.answered.emit(tr('Không đồng bộ được: {0}').format(reason), "error")

    def _pass_finished(self, summary: dict) -> None:
        served = summary.get("request") or 0
        if self._awaiting_answer and summary.get("forced") and served >= self._awaiting_answer:
            self._awaiting_answer = 0
            text, ok = pass_answer(summary)
            self.answered.emit(text, "ok" if ok else "error")

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        with self._lock:
            if self._alive:
                return
            self._alive = True
            self._stopping = False
            self._restart = self._again = False
            self._thread = threading.Thread(target=self._run, name="sync-engine", daemon=True)
            thread = self._thread
        thread.start()

    def restart(self) -> None:
        """The sync settings changed: the running engine stops (its uploads end at a chunk
        boundary) and a new one starts with the new settings; all on the sync thread."""
        with self._lock:
            alive = self._alive
            if alive:
                self._restart = True
                engine = self._engine
        if not alive:
            self.start()
        elif engine is not None:
            engine.stop()

    def _run(self) -> None:  # the sync thread
        while True:
            self._run_engine()
            with self._lock:
                if (self._restart or self._again) and not self._stopping:
                    self._restart = self._again = False
                    continue
                self._alive = False
                return

    def _run_engine(self) -> None:  # the sync thread
        from sync.config import NotConfigured
        from sync.engine import Engine

        try:
            engine = Engine(self.data_dir, on_event=self._on_event)
        except NotConfigured:
            self.unavailable.emit(NOT_CONFIGURED)
            return
        except UserError as exc:
            self.unavailable.emit(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - shown in the status bar, logged in full
            log.exception("the sync engine could not start")
            self.unavailable.emit(tr('Không khởi động được đồng bộ: {0}').format(exc))
            return
        with self._lock:
            engine.request = self._requested  # what was asked before it existed: its first pass serves it
            self._engine = engine
            self._again = False  # an engine's first pass has every waiting row due: it answers
            if self._stopping or self._restart:
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
        elif kind == "pass":
            self.pass_finished.emit(dict(data))
        elif kind == "remote-changes":
            applied = int(data.get("applied", 0))
            self.remote_changes.emit(applied)
            if applied:
                self.changed.emit(changes.PULLED)
        elif kind == "online-files":  # files of online dossiers fetched: the worklist's counts
            if data.get("fetched"):
                self.changed.emit(changes.ONLINE_FILES)

    def sync_now(self) -> None:
        """"Đồng bộ ngay": retry waiting rows at once (starts the engine if it is not running).
        Answered on :attr:`answered`: now that it started, later what the pass did or why
        sync could not run."""
        self.answered.emit(tr('Đang đồng bộ với hệ thống tỉnh…'), "info")
        with self._lock:
            self._requested += 1
            self._awaiting_answer = request = self._requested
            engine = self._engine
            alive = self._alive
            if engine is None and alive:
                # Starting (its first pass answers) or ending after it could not start (then
                # the thread tries once more, and that attempt answers).
                self._again = True
        if engine is not None:
            engine.sync_now(request)
        elif not alive:
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
