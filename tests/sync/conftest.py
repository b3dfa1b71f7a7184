"""The sync tests use the shared reference-server fixtures (tests/sync_fixtures.py)."""

from sync_fixtures import _sync_env, maker, server, station  # noqa: F401  (fixtures)
