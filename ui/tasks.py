"""The one way the GUI runs work off its thread and gets results back.

``TaskRunner.submit(fn, *args, on_done=..., on_error=...)`` runs ``fn`` on the runner's executor;
``on_done(result)`` or ``on_error(exc)`` then runs on the GUI thread (a queued signal). Widgets
are never touched from a worker. Separate runners keep database writes (one thread: the single
writer), reads and rendering (pools) from waiting on each other.

Rule for contributors: never call ``processEvents()`` to "unfreeze" the UI and never block the
GUI thread on a future; start work here and react in the callbacks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class _Bridge(QObject):
    finished = Signal(object)  # a zero-argument callable to run on the GUI thread

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._run)

    @staticmethod
    def _run(call: Callable[[], None]) -> None:
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
        **kwargs: Any,
    ) -> Future | None:
        if self._closed:
            return None
        self._in_flight += 1
        self.busy_changed.emit(self._in_flight)
        future = self._executor.submit(fn, *args, **kwargs)

        def deliver(f: Future) -> None:  # worker thread: only emit
            def on_gui() -> None:
                self._in_flight -= 1
                self.busy_changed.emit(self._in_flight)
                exc = f.exception()
                if exc is not None:
                    if on_error is not None:
                        on_error(exc)
                    else:
                        log.error("background task failed in %s", self.name, exc_info=exc)
                elif on_done is not None:
                    on_done(f.result())

            if not self._closed:
                self._bridge.finished.emit(on_gui)

        future.add_done_callback(deliver)
        return future

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=True)
