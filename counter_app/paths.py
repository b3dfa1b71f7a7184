"""Where the data lives: platformdirs by default, overridable by --data-dir or COUNTER_APP_DATA_DIR.

A portable mode keeps the data next to the executable when a file named ``portable.txt`` sits
beside it (for bundled deployments on shared counter PCs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from .errors import UserError

APP_NAME = "counter-app"
ENV_VAR = "COUNTER_APP_DATA_DIR"
DB_FILENAME = "counter.sqlite3"
PORTABLE_MARKER = "portable.txt"


def default_data_dir() -> Path:
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        if (exe_dir / PORTABLE_MARKER).exists():
            return exe_dir / "data"
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike | None) -> Path:
    return Path(explicit) if explicit else default_data_dir()


# Windows refuses paths of 260 characters or more (MAX_PATH) unless the LongPathsEnabled policy is
# set, which commune PCs do not have. The longest path the app writes inside a data folder or a
# backup folder is under this many characters (a backup's
# `.counter-backup-YYYYMMDD-HHMMSS.partial/files/ab/cd/<sha256>.tiff.tmp` is 124; checked by
# tests/core/test_windows_differences.py), so the folder itself may be 259 - 1 - this long.
WINDOWS = sys.platform == "win32"
WINDOWS_MAX_PATH = 259
LONGEST_INSIDE = 130


def check_path_room(folder: Path, what: str = "thư mục dữ liệu") -> None:
    """On Windows, refuse a folder whose path leaves too little room for what goes inside it:
    better a clear message now than a scan or a backup that fails half-way later."""
    if not WINDOWS:
        return
    n = len(str(Path(folder).absolute()))
    room = WINDOWS_MAX_PATH - 1 - LONGEST_INSIDE
    if n > room:
        raise UserError(
            f"Đường dẫn {what} quá dài ({n} ký tự): Windows chỉ cho đường dẫn tới {WINDOWS_MAX_PATH} ký tự "
            f"và chương trình cần thêm tới {LONGEST_INSIDE} ký tự bên trong. Hãy chọn thư mục có đường dẫn "
            f"không quá {room} ký tự (ví dụ C:\\MotCua).")


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "migration-backups"


def logs_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"


# --- privacy of the data folder ----------------------------------------------------------------
# The data folder holds personal data (names, ID numbers, scans of ID cards): on POSIX it and
# everything in it is private to the OS account — directories 0700, files 0600 — whether the
# database is encrypted or not. New files get it from the process umask (set before anything is
# created); folders made by an older version are fixed at open (a chmod walk, cheap: only what
# differs is changed).
# TODO(issue #15, Windows): chmod does not set Windows ACLs; the Windows issue sets the data
# folder's ACL to the user (and SYSTEM/Administrators) when it creates the folder. Until then the
# folder inherits the ACL of %LOCALAPPDATA%, which is private to the user by default.

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600


def use_private_umask() -> None:
    """Make every file and folder this process creates private to the user (POSIX)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private(data_dir: Path) -> int:
    """Set 0700 on ``data_dir`` and every folder in it and 0600 on every file (POSIX; a no-op on
    Windows, see the TODO above). Symbolic links are not followed. Returns how many modes were
    changed; errors on single entries (a file removed meanwhile, another owner) are skipped."""
    if os.name != "posix":
        return 0
    data_dir = Path(data_dir)
    changed = 0

    def fix(path: str, st_mode: int, want: int) -> None:
        nonlocal changed
        if st_mode & 0o777 != want:
            try:
                os.chmod(path, want)
                changed += 1
            except OSError:
                pass

    try:
        fix(str(data_dir), os.stat(data_dir).st_mode, DIR_MODE)
    except OSError:
        return 0
    stack = [str(data_dir)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.is_dir(follow_symlinks=False):
                fix(entry.path, st.st_mode, DIR_MODE)
                stack.append(entry.path)
            else:
                fix(entry.path, st.st_mode, FILE_MODE)
    return changed
