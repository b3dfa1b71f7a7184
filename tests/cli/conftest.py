"""Fixtures for the command-line tests: the shared ones (``data_dir``, ``db``, ``admin``) are in
tests/conftest.py; the reference-server ones in tests/sync_fixtures.py."""

from sync_fixtures import _sync_env, maker, server, station  # noqa: F401  (fixtures)
