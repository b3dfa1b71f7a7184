"""Proofs for files confirmed without one (docs/sync-protocol.md, "Hostile servers").

A file's upload is proven when it is confirmed if the province serves a digest then
(:meth:`sync.adapters.base.Adapter.prove_file`). Files confirmed before proofs existed, or by a
server that gave no digest at the time, are asked again here — at most :data:`LIMIT` per run,
at most once every :data:`EVERY` seconds — so that scan retention may free their space once
the province proves it holds them. A failure only leaves the file unproven (it stays on the PC).
"""

from __future__ import annotations

import logging
import time

import sqlite_utils

from counter_app import outbox, timeutil
from counter_app.db import write_tx

from .adapters import Adapter
from .errors import SyncError
from .http import HttpClient
from .state import SyncState

log = logging.getLogger(__name__)

LIMIT = 50
EVERY = 23 * 3600


def due(state: SyncState) -> bool:
    last = state.get("proofs_checked_at")
    if not last:
        return True
    try:
        return (timeutil.now() - timeutil.parse_iso(last)).total_seconds() >= EVERY
    except ValueError:
        return True


def prove_confirmed(db: sqlite_utils.Database, adapter: Adapter, client: HttpClient, *, limit: int = LIMIT,
                    deadline_s: float = 30.0, state: SyncState | None = None) -> int:
    """Ask the province for the proof of up to ``limit`` confirmed, unproven files; the number
    proven. With ``state`` a run goes on after the last file the previous run asked
    (``proofs_after``), from the oldest again once past the newest: files that are never proven
    (an address of a former server, no digest) do not hold back the others day after day."""
    proven = 0
    started = time.monotonic()
    after = state.get("proofs_after") if state is not None else None
    rows = outbox.unproven_files(db, limit, after)
    if not rows and after is not None:
        rows = outbox.unproven_files(db, limit)  # past the newest: from the oldest again
    asked = None
    for sha, size, url in rows:
        if time.monotonic() - started > deadline_s:
            break
        asked = sha
        try:
            ok = adapter.prove_file(client, url, int(size), sha)
        except SyncError as exc:
            log.info("no proof for a confirmed file (%s)", exc.kind)
            continue
        if ok:
            with write_tx(db):
                outbox.mark_file_proven(db, sha, timeutil.iso(timeutil.now()))
            proven += 1
    if state is not None and asked is not None:
        with write_tx(db):
            state.set(proofs_after=asked)
    return proven
