"""Queue selection: which outbox rows are due, and in what order (read-only; the state changes
are :mod:`counter_app.outbox`'s).

The unfinished rows are grouped by dossier, each group in sending order: files, then the record,
then progress entries (then by id). Only the head of each dossier's queue is eligible, so order
holds within a dossier while dossiers never wait for each other; a head needing attention holds
back its own dossier only. A very long queue is read a window of :data:`SCAN_LIMIT` rows at a
time, whole dossiers per window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from counter_app import online, outbox

SCAN_LIMIT = 5000
ROW_COLUMNS = "id, kind, dossier_id, ref, idem_key, payload, state, attempts, next_attempt_at"


@dataclass
class Row:
    id: int
    kind: str
    dossier_id: int | None
    ref: str | None
    key: str
    payload: str | None
    state: str
    attempts: int
    next_attempt_at: str | None

    @property
    def rank(self) -> tuple[float, int]:
        if self.kind == outbox.PROGRESS and (self.ref or "").startswith(online.OUTBOX_REF):
            # an online dossier's outcome (counter_app/online.py): the receipt's progress entry
            # claims the dossier at the province, so it goes before the dossier's record
            return (outbox.KIND_RANK[outbox.DOSSIER] - 0.5, self.id)
        return (outbox.KIND_RANK.get(self.kind, 9), self.id)


Heads = list[list[Row]]


class Queue:
    """The unfinished rows of one pass, in memory: grouped by dossier, each group in sending
    order (files, record, progress; then id). The engine's own writes update it in place;
    rows written meanwhile by others (a new dossier, a status change) are picked up by id."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.load()

    def load(self, after: int | None = None) -> None:
        """Load a window of at most SCAN_LIMIT rows, by dossier; ``after``: the next window."""
        self.groups: dict[Any, list[Row]] = {}
        self.max_id = 0
        where = "state != 'done'" + (" AND dossier_id > ?" if after is not None else "")
        args = ([after] if after is not None else []) + [SCAN_LIMIT]
        rows = [Row(*r) for r in self.db.execute(
            f"SELECT {ROW_COLUMNS} FROM outbox WHERE {where} ORDER BY dossier_id, id LIMIT ?", args)]
        self.truncated = len(rows) == SCAN_LIMIT
        if self.truncated:  # the last dossier may be cut: leave it to a later window
            last = rows[-1].dossier_id
            rows = [r for r in rows if r.dossier_id != last] or rows
        self.last_dossier = rows[-1].dossier_id if rows else None
        for r in rows:
            self._add(r)
        self.max_id = max([self.max_id] + [r.id for r in rows])

    @staticmethod
    def _key(r: Row) -> Any:
        return r.dossier_id if r.dossier_id is not None else f"row{r.id}"

    def _add(self, r: Row) -> None:
        group = self.groups.setdefault(self._key(r), [])
        group.append(r)
        group.sort(key=lambda x: x.rank)

    def refresh(self) -> None:
        rows = [Row(*r) for r in self.db.execute(
            f"SELECT {ROW_COLUMNS} FROM outbox WHERE id > ? AND state != 'done' ORDER BY id", [self.max_id])]
        for r in rows:
            self.max_id = max(self.max_id, r.id)
            if self.truncated and self._key(r) not in self.groups:
                continue  # its dossier's earlier rows are not loaded: wait for a full load
            self._add(r)

    def remove(self, r: Row) -> None:
        key = self._key(r)
        group = self.groups.get(key)
        if group is None:
            return
        group[:] = [x for x in group if x.id != r.id]
        if not group:
            del self.groups[key]

    def heads(self, attempted: set[int], now: datetime) -> tuple[Heads, float | None]:
        """The eligible run at the head of each dossier's queue, and seconds until the earliest
        blocked-by-time head falls due. With a very long queue the rows are looked at a window at
        a time; a window where nothing is eligible (all set aside, say) moves on to the next.
        ``attempted``: rows already tried in this pass (never twice)."""
        self.refresh()
        heads, next_due = self._eligible(attempted, now)
        while not heads and self.truncated and self.last_dossier is not None:
            self.load(after=self.last_dossier)
            heads, due = self._eligible(attempted, now)
            if due is not None:
                next_due = due if next_due is None else min(next_due, due)
        return heads, next_due

    def _eligible(self, attempted: set[int], now: datetime) -> tuple[Heads, float | None]:
        heads: Heads = []
        next_due: float | None = None

        def ready(r: Row) -> bool:
            nonlocal next_due
            if r.id in attempted:
                next_due = 0.0
                return False
            if r.state == outbox.PENDING:
                return True
            if r.state == outbox.WAITING:
                if not r.next_attempt_at:
                    return True
                due = datetime.fromisoformat(r.next_attempt_at)
                if due <= now:
                    return True
                wait_s = (due - now).total_seconds()
                next_due = wait_s if next_due is None else min(next_due, wait_s)
            return False

        for rows in self.groups.values():
            first = rows[0]
            if not ready(first):
                continue
            run = [first]
            if first.kind != outbox.DOSSIER:
                for r in rows[1:]:
                    if r.kind != first.kind or not ready(r):
                        break
                    run.append(r)
            heads.append(run)
        return heads, next_due
