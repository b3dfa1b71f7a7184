"""Writing a user-chosen file safely (Qt-free): the one atomic write of the codebase."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import time
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
        replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp {path}: {os_error_text(exc)}") from None
    except UserError:
        Path(tmp).unlink(missing_ok=True)
        raise


# How long a rename waits for another program to let go of the target on Windows: an antivirus
# or the search indexer holds a new file for milliseconds; Excel or a PDF reader holds it until
# the clerk closes it, which no wait covers.
REPLACE_PATIENCE_S = 2.0
WINDOWS = sys.platform == "win32"
_sleep = time.sleep


class FileInUseError(UserError):
    """Windows refused to replace a file another program holds open."""


def replace(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """``os.replace``, patient with Windows.

    On Windows a file that another program has open (without sharing deletion: Excel, most PDF
    readers, an antivirus scan) cannot be replaced: the rename fails with ``PermissionError``
    (WinError 5 or 32). POSIX replaces it whatever readers hold. Retries for up to
    :data:`REPLACE_PATIENCE_S`, then raises :class:`FileInUseError` with a Vietnamese message;
    ``src`` is left in place for the caller to remove and ``dst`` is untouched.
    """
    deadline = time.monotonic() + REPLACE_PATIENCE_S
    delay = 0.02
    while True:
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if not WINDOWS:
                raise
            if time.monotonic() >= deadline:
                raise FileInUseError(
                    f"Không thay được tệp {dst}: tệp đang được một chương trình khác mở (ví dụ Excel "
                    "hoặc trình đọc PDF). Hãy đóng tệp đó rồi làm lại; tệp cũ vẫn còn nguyên.") from None
            _sleep(delay)
            delay = min(delay * 2, 0.25)


_ERRNO_TEXT = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOENT: "không tìm thấy thư mục hoặc tệp",
    errno.EIO: "lỗi đọc ghi của ổ đĩa (ổ USB bị rút ra?)",
    errno.ENAMETOOLONG: "tên hoặc đường dẫn quá dài",
}


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Vietnamese (the system's ``strerror`` is English on most PCs)."""
    return _ERRNO_TEXT.get(exc.errno or 0, exc.strerror or str(exc))


def fsync_file(path: Path) -> None:
    """Flush a file already written (by another writer, e.g. ``shutil.copyfile``) to the disk.

    Opened for writing: Windows refuses to flush a handle opened read-only (``os.fsync`` on a
    file opened ``"rb"`` raises PermissionError there), while POSIX accepts either."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
