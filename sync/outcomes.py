"""Recording a pass: what became of each row, written through :mod:`counter_app.outbox`.

Before a network call the rows get their frozen body and ``sending`` in one fully synchronous
transaction (a body must never change once it may have left). After it each row gets its
outcome: ``done`` (the acknowledgement stored; for a file, its URL), ``waiting-retry`` (at the
time the engine's backoff policy gives), ``needs-attention`` (a readable reason), or back to
``pending`` (a stopped upload, a refused batch being split). Outcome transactions commit with
``synchronous=NORMAL``: after a power cut the worst case is sending a frozen body again under its
key, which the server acknowledges again. The pass's in-memory queue and summary follow along.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from counter_app import outbox, timeutil
from counter_app.db import write_tx

from . import uploads
from .adapters import ATTENTION, DONE, RETRY, Adapter, FileResult, ItemResult
from .bodies import canon, freeze
from .errors import LocalError
from .queue import Queue, Row
from .state import SyncState

log = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(timeutil.VN_TZ)


def stamp(dt: datetime) -> str:
    return dt.isoformat(timespec="milliseconds")


@dataclass
class PassSummary:
    sent: dict[str, int] = field(default_factory=lambda: {outbox.FILE: 0, outbox.DOSSIER: 0, outbox.PROGRESS: 0})
    retry: int = 0
    attention: int = 0
    pulled: dict[str, int] = field(default_factory=dict)
    bytes_sent: int = 0
    online: bool | None = None
    saw_offline: bool = False  # offline when the pass began, or a request failed for want of a connection
    errors: list[str] = field(default_factory=list)
    queued: dict[str, int] = field(default_factory=dict)
    next_due: float | None = None  # seconds from now until the earliest retry falls due
    reachable: bool = True  # False when the pass stopped early (offline, auth, captive portal…)

    def to_json(self) -> dict[str, Any]:
        return {
            "sent": self.sent, "retry": self.retry, "attention": self.attention, "pulled": self.pulled,
            "bytes_sent": self.bytes_sent, "online": self.online, "errors": self.errors, "queued": self.queued,
        }


class Recorder:
    """The writes of one pass. ``retry_delay(row, result)``: seconds until a failed row is due
    again (the engine's backoff policy)."""

    def __init__(self, db: sqlite_utils.Database, adapter: Adapter, state: SyncState, queue: Queue,
                 summary: PassSummary, retry_delay: Callable[[Row, ItemResult], float]) -> None:
        self.db, self.adapter, self.state, self.queue = db, adapter, state, queue
        self.summary, self.retry_delay = summary, retry_delay

    def mark_sending(self, rows: list[Row]) -> list[Row]:
        """Freeze bodies and write ``sending`` before the network call (one transaction); the
        rows that may be sent (not those set aside meanwhile or whose body cannot be built)."""
        at = stamp(now())
        out = []
        with write_tx(self.db):
            for r in rows:
                try:
                    r.payload = freeze(self.db, self.adapter, r)
                except LocalError as exc:
                    self._write(r, ItemResult(ATTENTION, exc.message, exc.kind), at)
                    continue
                if outbox.mark_sending(self.db, r.id, r.payload, at):  # not if set aside meanwhile
                    r.attempts += 1
                    r.state = outbox.SENDING
                    out.append(r)
        return out

    def back_to_pending(self, rows: list[Row]) -> None:
        """Untried after all (a batch refused as a whole, to be sent one by one)."""
        at = stamp(now())
        with write_tx(self.db):
            for r in rows:
                outbox.back_to_pending(self.db, r.id, at)
                r.state = outbox.PENDING

    def record(self, rows: list[Row], results: list[ItemResult]) -> None:
        """Each row's outcome, and the station's last success or last error."""
        at = stamp(now())
        with self._outcome_tx():
            for r, res in zip(rows, results):
                self._write(r, res, at)
            if any(res.outcome == DONE for res in results):
                # An answer refused by the shape check stays visible even when the others went.
                refused = [res.message for res in results if res.kind in ("bad-answer", "foreign-origin")]
                self.state.set(last_success_at=timeutil.iso(timeutil.now()), last_error=refused[0] if refused else None)
            else:
                errs = [res.message for res in results if res.message]
                if errs:
                    self.state.set(last_error=errs[0])

    def file_done(self, r: Row, res: FileResult) -> None:
        """A file is confirmed: its URL, the row done, a record update if the record missed it."""
        at = stamp(now())
        with self._outcome_tx():
            outbox.confirm_file(self.db, r.ref, res.url, timeutil.iso(timeutil.now()))
            self._write(r, ItemResult(DONE, ack=res.ack), at)
            if uploads.record_update_needed(self.db, r):
                outbox.enqueue(self.db, outbox.DOSSIER, r.dossier_id, "update")
            self.state.set(last_success_at=timeutil.iso(timeutil.now()), last_error=None)

    def _write(self, r: Row, res: ItemResult, at: str) -> None:
        """Call inside a write transaction."""
        summary = self.summary
        if res.outcome == DONE:
            outbox.mark_done(self.db, r.id, canon(res.ack or {}), at)
            r.state = outbox.DONE
            self.queue.remove(r)
            summary.sent[r.kind] = summary.sent.get(r.kind, 0) + 1
        elif res.outcome == RETRY:
            if res.kind == "stopped":
                outbox.back_to_pending(self.db, r.id, at)
                r.state = outbox.PENDING
                return
            due = stamp(now() + timedelta(seconds=self.retry_delay(r, res)))
            outbox.mark_retry(self.db, r.id, due, res.message, res.kind or "network", at)
            r.state, r.next_attempt_at = outbox.WAITING, due
            summary.retry += 1
        else:
            outbox.mark_attention(self.db, r.id, res.message, res.kind or "rejected", at)
            r.state = outbox.ATTENTION
            summary.attention += 1
            log.warning("outbox row %s (%s) needs attention: %s", r.id, r.kind, res.kind)

    @contextlib.contextmanager
    def _outcome_tx(self):
        """A transaction recording outcomes, committed without waiting for the disk (WAL,
        synchronous=NORMAL). Freezing a body before its first send stays fully synchronous."""
        self.db.execute("PRAGMA synchronous = NORMAL")
        try:
            with write_tx(self.db):
                yield
        finally:
            self.db.execute("PRAGMA synchronous = FULL")
