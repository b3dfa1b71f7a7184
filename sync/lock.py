"""One sync engine per data directory: an OS file lock (released by the OS if the process
dies, so a SIGKILL never leaves a stale lock)."""

from __future__ import annotations

from pathlib import Path

from counter_app.filelock import FileLock

LOCK_NAME = "sync.lock"


class EngineLock(FileLock):
    def __init__(self, data_dir: Path) -> None:
        super().__init__(Path(data_dir) / LOCK_NAME)
