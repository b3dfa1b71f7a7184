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


# -- the tus peer runs, one line each at the end of the run (CI log: issue 19's acceptance) ------
_PEER_RUNS: list[str] = []
_PEER_FILES = ("test_tus_node_interop.py", "test_tus_interop.py")


def pytest_runtest_logreport(report) -> None:
    """Collects the outcome of each tus peer test (on the xdist controller too)."""
    if not any(f in report.nodeid for f in _PEER_FILES):
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        reason = ""
        if report.skipped and isinstance(report.longrepr, tuple):
            reason = f" ({report.longrepr[2]})"
        _PEER_RUNS.append(f"{report.outcome.upper():8}{report.duration:6.1f} s  {report.nodeid.rsplit('::', 1)[-1]}{reason}")


def pytest_terminal_summary(terminalreporter) -> None:
    if _PEER_RUNS:
        terminalreporter.section("tus peer runs")
        for line in _PEER_RUNS:
            terminalreporter.write_line(line)
