"""The engine's own bookkeeping in ``sync_state``: the pull cursor, the last success, the last
error and the last pass (read by ``counter-app sync --status`` and the sync panel)."""

from __future__ import annotations

import sqlite_utils

from counter_app import timeutil
from counter_app.db import write_tx

KEYS = ("pull_cursor", "last_success_at", "last_error", "last_pass_at")


class SyncState:
    """The ``sync_state`` key-values, read once and kept in step with every write."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.values: dict[str, str] = {k: v for k, v in db.execute("SELECT key, value FROM sync_state")}

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    def set(self, **values: str | None) -> None:
        """Call inside a write transaction; None deletes a key."""
        for k, v in values.items():
            if v is None:
                self.db.execute("DELETE FROM sync_state WHERE key = ?", [k])
                self.values.pop(k, None)
            else:
                self.db.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [k, v],
                )
                self.values[k] = v

    def mark_pass(self) -> None:
        """A pass ended (its own transaction)."""
        with write_tx(self.db):
            self.set(last_pass_at=timeutil.iso(timeutil.now()))
