"""Where the data lives: platformdirs by default, overridable by --data-dir or COUNTER_APP_DATA_DIR.

A portable mode keeps the data next to the executable when a file named ``portable.txt`` sits
beside it (for bundled deployments on shared counter PCs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

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


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "migration-backups"


def logs_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"
