"""Fixtures for the command-line tests. The shared ones (``data_dir``, ``db``, ``admin``) are in
tests/conftest.py; ``maker`` comes from the sync tests' helpers (tests/sync/sync_support.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from sync_support import Maker  # noqa: E402


@pytest.fixture
def maker(db, data_dir):
    return Maker(db, data_dir)
