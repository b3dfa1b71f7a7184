"""The pull: the province's change feed, read by cursor.

Each page is stored and applied in the same transaction as the new cursor
(:func:`counter_app.province_changes.receive`), so a cut never loses or repeats a change. A
status change for a dossier with a local change still queued is kept as deferred and applied
once that dossier's queue has drained (:func:`apply_deferred`).

Every page passed the adapter's shape check (:func:`sync.answers.feed_page`): a change without
an id, of the wrong shape or too big is refused — not stored, not applied — and its reason
becomes the sync panel's last error; the page's other changes and the cursor go on. A page that
cannot be read at all (too big, too deep, not a page) ends the pull with its reason; the cursor
stays, so nothing is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from counter_app import province_changes, timeutil
from counter_app.db import write_tx

from .adapters import Adapter
from .errors import PermanentError, SyncError, TransientError
from .http import HttpClient
from .state import SyncState

log = logging.getLogger(__name__)

MAX_PULL_PAGES = 20


@dataclass
class PullResult:
    totals: dict[str, int] = field(default_factory=lambda: {"applied": 0, "deferred": 0, "not-applied": 0})
    answered: bool = False  # the server answered at least one page
    error: SyncError | None = None  # the failure that ended the pull, if any
    refused: list[str] = field(default_factory=list)  # reasons of the changes refused by the shape check


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
                if page.refused:
                    res.refused.extend(page.refused)
                    state.set(last_error=page.refused[0])
                    log.warning("%d change(s) of the feed refused by the shape check", len(page.refused))
            for k in res.totals:
                res.totals[k] += counts.get(k, 0)
            cursor = page.cursor
            res.answered = True
            if not page.more or should_stop():
                break
    except (TransientError, PermanentError) as exc:
        res.error = exc
        if exc.kind in ("bad-answer", "foreign-origin"):
            _note(db, state, exc.message)
    except Exception as exc:  # noqa: BLE001 - a page the core cannot take must not stop the engine
        log.exception("the pull failed unexpectedly")
        res.error = TransientError(f"Không áp dụng được thay đổi từ hệ thống tỉnh: lỗi không mong đợi "
                                   f"({type(exc).__name__}); sẽ thử lại sau.", kind="bug")
        _note(db, state, res.error.message)
    return res


def _note(db: sqlite_utils.Database, state: SyncState, message: str) -> None:
    """The reason the pull stopped, for the sync panel (its own short transaction)."""
    with write_tx(db):
        state.set(last_error=message)


def apply_deferred(db: sqlite_utils.Database) -> int | None:
    """Apply the deferred changes whose dossier has nothing queued any more; the number applied,
    or None when there was nothing to decide."""
    with write_tx(db):
        deferred = province_changes.apply_deferred(db)
    if deferred[province_changes.APPLIED] or deferred[province_changes.NOT_APPLIED]:
        return deferred[province_changes.APPLIED]
    return None
