"""The pull: the province's change feed, read by cursor.

Each page is stored and applied in the same transaction as the new cursor
(:func:`counter_app.province_changes.receive`), so a cut never loses or repeats a change. A
status change for a dossier with a local change still queued is kept as deferred and applied
once that dossier's queue has drained (:func:`apply_deferred`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from counter_app import province_changes, timeutil
from counter_app.db import write_tx

from .adapters import Adapter
from .errors import PermanentError, SyncError, TransientError
from .http import HttpClient
from .state import SyncState

MAX_PULL_PAGES = 20


@dataclass
class PullResult:
    totals: dict[str, int] = field(default_factory=lambda: {"applied": 0, "deferred": 0, "not-applied": 0})
    answered: bool = False  # the server answered at least one page
    error: SyncError | None = None  # the failure that ended the pull, if any


def pull_changes(db: sqlite_utils.Database, adapter: Adapter, client: HttpClient, state: SyncState, limit: int,
                 should_stop: Callable[[], bool]) -> PullResult:
    """Read the feed from the stored cursor, up to :data:`MAX_PULL_PAGES` pages of ``limit``."""
    res = PullResult()
    cursor = state.get("pull_cursor")
    try:
        for _ in range(MAX_PULL_PAGES):
            page = adapter.pull(client, cursor, limit)
            with write_tx(db):
                counts = province_changes.receive(db, page.changes)
                state.set(pull_cursor=page.cursor, last_success_at=timeutil.iso(timeutil.now()))
            for k in res.totals:
                res.totals[k] += counts.get(k, 0)
            cursor = page.cursor
            res.answered = True
            if not page.more or should_stop():
                break
    except (TransientError, PermanentError) as exc:
        res.error = exc
    return res


def apply_deferred(db: sqlite_utils.Database) -> int | None:
    """Apply the deferred changes whose dossier has nothing queued any more; the number applied,
    or None when there was nothing to decide."""
    with write_tx(db):
        deferred = province_changes.apply_deferred(db)
    if deferred[province_changes.APPLIED] or deferred[province_changes.NOT_APPLIED]:
        return deferred[province_changes.APPLIED]
    return None
