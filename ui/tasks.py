"""The one way the GUI runs work off its thread and gets results back.

``TaskRunner.submit(fn, *args, on_done=..., on_error=..., owner=...)`` runs ``fn`` on the
runner's executor; ``on_done(result)`` or ``on_error(exc)`` then runs on the GUI thread (a
queued signal). Widgets are never touched from a worker. Separate runners keep database writes
(one thread: the single writer), reads and rendering (pools) from waiting on each other.

Two defaults make the callbacks safe to forget about:

- **Errors are shown.** A task without ``on_error`` that fails shows its message to the clerk
  in one non-modal message box (:func:`show_error`): a ``UserError``'s own message, any other
  exception a generic Vietnamese message, with the details in the log (never the message of a
  ``UserError``, which may name a citizen).
- **Callbacks of widgets that are gone are dropped.** When ``owner`` (a QObject) has been
  deleted by the time the result arrives, or the callback is a method of a deleted QObject, the
  callback is not called; a callback that runs into a deleted C++ object is stopped there.

Rule for contributors: never call ``processEvents()`` to "unfreeze" the UI and never block the
GUI thread on a future; start work here and react in the callbacks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from counter_app.errors import UserError

from .i18n import tr

log = logging.getLogger(__name__)

_error_box: QMessageBox | None = None


def error_text(exc: BaseException) -> str:
    """What the clerk reads for ``exc``."""
    if isinstance(exc, UserError):
        return exc.message
    return tr('Đã xảy ra lỗi khi xử lý, thao tác chưa hoàn tất. Hãy thử lại; nếu lỗi lặp lại, '
              'báo cho người quản trị (chi tiết đã được ghi vào nhật ký).')


def show_error(exc: BaseException, where: str = "") -> QMessageBox | None:
    """Show a background failure nobody handled: one non-modal box (a newer message replaces
    the text of one still open, so a burst of failures does not stack windows)."""
    global _error_box
    if isinstance(exc, UserError):
        log.info("background task in %s refused: %s", where or "?", type(exc).__name__)
    else:
        log.error("background task failed in %s", where or "?", exc_info=exc)
    if QApplication.instance() is None:
        return None
    box = _error_box if _error_box is not None and isValid(_error_box) else None
    if box is None:
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, tr('Có lỗi'), "", QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("background-error")
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _error_box = box
    box.setText(error_text(exc))
    box.show()
    box.raise_()
    return box


def error_box() -> QMessageBox | None:
    """The background-error box, when one is open."""
    box = _error_box
    return box if box is not None and isValid(box) and box.isVisible() else None


def _gone(obj: Any) -> bool:
    return isinstance(obj, QObject) and not isValid(obj)


def _call(callback: Callable[[Any], None], value: Any, where: str) -> None:
    """Call ``callback(value)`` unless it belongs to a QObject that has been deleted."""
    if _gone(getattr(callback, "__self__", None)):
        log.debug("callback of a deleted widget dropped (%s)", where)
        return
    try:
        callback(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
        log.debug("callback ran into a deleted widget and was stopped (%s)", where)


class _Bridge(QObject):
    finished = Signal(object)  # a zero-argument callable to run on the GUI thread

    def __init__(self) -> None:
        super().__init__()
        # Queued even when emitted on the GUI thread (a task done before its done-callback was
        # attached): callbacks never run inside submit(), always from the event loop.
        self.finished.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def _run(self, call: Callable[[], None]) -> None:
        call()


class TaskRunner(QObject):
    """A named executor whose results come back on the GUI thread."""

    busy_changed = Signal(int)  # tasks in flight

    def __init__(self, name: str, max_workers: int = 1, initializer: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.name = name
        self._executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=name, initializer=initializer)
        self._bridge = _Bridge()
        self._in_flight = 0
        self._closed = False

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        on_settled: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> Future | None:
        """``owner``: the widget the callbacks belong to; they are dropped once it is deleted
        (a failure then still shows by default). ``on_settled()``: runs on the GUI thread first,
        whatever the outcome (the backend's change hook)."""
        if self._closed:
            return None
        self._in_flight += 1
        self.busy_changed.emit(self._in_flight)
        future = self._executor.submit(fn, *args, **kwargs)

        def deliver(f: Future) -> None:  # worker thread: only emit
            def on_gui() -> None:
                self._in_flight -= 1
                self.busy_changed.emit(self._in_flight)
                if on_settled is not None:
                    on_settled()
                exc = f.exception()
                owner_gone = owner is not None and not isValid(owner)
                if exc is not None:
                    if on_error is not None and not owner_gone:
                        _call(on_error, exc, self.name)
                    else:
                        show_error(exc, self.name)
                elif on_done is not None:
                    if owner_gone:
                        log.debug("result for a deleted widget dropped (%s)", self.name)
                    else:
                        _call(on_done, f.result(), self.name)

            if not self._closed:
                self._bridge.finished.emit(on_gui)

        future.add_done_callback(deliver)
        return future

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=True)
