"""An OS-level exclusive lock on a file in the data directory. The OS releases it when the
process dies, so a crash or SIGKILL never leaves a stale lock."""

from __future__ import annotations

import os
from pathlib import Path


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another process holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def held_elsewhere(self) -> bool:
        """True when another process holds the lock right now."""
        if not self.path.exists():
            return False
        if self.acquire():
            self.release()
            return False
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None


def app_lock(data_dir: Path) -> FileLock:
    """Held by a running GUI for its data directory (restore refuses while it is held)."""
    return FileLock(Path(data_dir) / "app.lock")
