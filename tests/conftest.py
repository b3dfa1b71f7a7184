"""Shared fixtures: a real SQLite data directory per test, set up as a commune station."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helpers import STATION  # noqa: E402



@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data directory with an initialised station (seed catalogue and calendar)."""
    from counter_app import setup
    from counter_app.db import open_data_dir

    d = tmp_path / "data"
    db = open_data_dir(d, create=True)
    try:
        setup.initialize(db, dict(STATION))
    finally:
        db.close()
    return d


@pytest.fixture
def db(data_dir: Path):
    from counter_app.db import open_data_dir

    conn = open_data_dir(data_dir)
    yield conn
    conn.close()


@pytest.fixture
def admin(db):
    from counter_app import accounts

    return accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
