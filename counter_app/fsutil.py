"""Writing a user-chosen file safely (Qt-free): the one atomic write of the codebase."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UserError


def write_atomically(path: Path, data: bytes, *, what: str = "tệp") -> None:
    """Write a temp file beside ``path``, fsync, rename: never a half-written file.

    ``what`` names the file in the message when ``path`` is a folder ("tệp PDF").
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} là một thư mục; hãy chỉ ra tên {what}.")
    if not path.parent.exists():
        raise UserError(f"Không có thư mục {path.parent}.")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp {path}: {exc.strerror}") from None


def fsync_file(path: Path) -> None:
    """Flush a file already written (by another writer, e.g. ``shutil.copyfile``) to the disk.

    Opened for writing: Windows refuses to flush a handle opened read-only (``os.fsync`` on a
    file opened ``"rb"`` raises PermissionError there), while POSIX accepts either."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
