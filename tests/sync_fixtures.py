"""Fixtures for tests that sync with the real reference provincial server (a thread of the test
process on 127.0.0.1, an ephemeral port): loaded as a plugin by the sync, ui and cli test
folders' conftest files. Helpers are in ``sync_support.py``."""

from __future__ import annotations

import pytest

from helpers import STATION
from sync_support import Maker, configure


@pytest.fixture(autouse=True)
def _sync_env(monkeypatch):
    """Secrets in a file (no desktop keyring in tests), no proxy for the local server."""
    monkeypatch.setenv("COUNTER_APP_SECRET_STORE", "file")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server(tmp_path):
    from sync.provincial.server import ReferenceServer

    srv = ReferenceServer(tmp_path / "provincial").start()
    yield srv
    srv.stop()


@pytest.fixture
def station(data_dir, server):
    """The data directory, registered at the server and configured to sync with it."""
    _sid, secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    configure(data_dir, server.url, secret)
    return data_dir


@pytest.fixture
def maker(db, data_dir):
    return Maker(db, data_dir)
