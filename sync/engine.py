"""The sync engine: takes outbox rows to the province, pulls the province's changes back.

Qt-free. It runs headless (``counter-app sync [--once]``) or inside the GUI on a thread of its
own (``ui/sync_adapter.py``). It owns its SQLite connection (WAL, busy timeout, short
transactions) and never shares the GUI writer's; one engine per data directory (a file lock).

A pass:
1. rows left ``sending`` (a crash, an interrupted pass) go back to ``pending``;
2. the unfinished rows are grouped by dossier and ordered files → record → progress entries;
   only the head of each dossier's queue is eligible, so order holds within a dossier while
   dossiers never wait for each other; a head needing attention holds back its own dossier
   only (a poison row never blocks others);
3. files go to a small upload pool (tus, resumable); meanwhile records and progress entries
   go in batches (``batch_size``) with per-item results; a batch refused as a whole is split
   into single items so that one bad record cannot sink its neighbours;
4. before any network call the rows are marked ``sending`` and their body is frozen in
   ``payload`` (retries send the same bytes under the same idempotency key);
5. outcomes: ``done`` (the acknowledgement is stored; a file's URL goes to ``files``),
   ``waiting-retry`` (capped exponential backoff with jitter, at least the server's Retry-After),
   ``needs-attention`` (the server refused the content: a readable reason);
6. each row is tried at most once per pass; a pass stops early when the server cannot be
   reached at all;
7. the pull: the change feed by cursor, stored and applied in the same transaction as the new
   cursor (:mod:`counter_app.province_changes`), then deferred status changes whose dossier
   has nothing queued any more.

``run_forever`` repeats passes: at once after "Đồng bộ ngay" (:meth:`Engine.sync_now`), when
the earliest retry falls due, every ``idle_interval`` to pull; while offline it probes the
server every ``probe_interval`` and retries everything as soon as it answers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from counter_app import outbox, province_changes, timeutil, wire
from counter_app.db import open_data_dir, write_tx
from counter_app.errors import UserError
from counter_app.scanning import store as file_store

from . import backoff, config
from .adapters import ATTENTION, DONE, RETRY, Adapter, FileJob, FileResult, Item, ItemResult, adapter_for
from .errors import LocalError, PermanentError, SyncError, TransientError
from .http import HttpClient
from .lock import EngineLock

log = logging.getLogger(__name__)

SCAN_LIMIT = 5000
BATCH_LINGER = 0.2  # seconds a partial batch may wait for uploads that are finishing
ROW_COLUMNS = "id, kind, dossier_id, ref, idem_key, payload, state, attempts, next_attempt_at"
MAX_PULL_PAGES = 20
STATE_KEYS = ("pull_cursor", "last_success_at", "last_error", "last_pass_at")


def _now() -> datetime:
    return datetime.now(timeutil.VN_TZ)


def _stamp(dt: datetime) -> str:
    return dt.isoformat(timespec="milliseconds")


def _canon(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
    def rank(self) -> tuple[int, int]:
        return (outbox.KIND_RANK.get(self.kind, 9), self.id)


class _Queue:
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


@dataclass
class PassSummary:
    sent: dict[str, int] = field(default_factory=lambda: {outbox.FILE: 0, outbox.DOSSIER: 0, outbox.PROGRESS: 0})
    retry: int = 0
    attention: int = 0
    pulled: dict[str, int] = field(default_factory=dict)
    bytes_sent: int = 0
    online: bool | None = None
    errors: list[str] = field(default_factory=list)
    queued: dict[str, int] = field(default_factory=dict)
    next_due: float | None = None  # seconds from now until the earliest retry falls due
    reachable: bool = True  # False when the pass stopped early (offline, auth, captive portal…)

    def to_json(self) -> dict[str, Any]:
        return {
            "sent": self.sent, "retry": self.retry, "attention": self.attention, "pulled": self.pulled,
            "bytes_sent": self.bytes_sent, "online": self.online, "errors": self.errors, "queued": self.queued,
        }


class EngineBusy(UserError):
    pass


class Engine:
    def __init__(self, data_dir: Path, *, cfg: config.SyncConfig | None = None, adapter: Adapter | None = None,
                 secret: Callable[[], str | None] | None = None,
                 on_event: Callable[[str, dict[str, Any]], None] | None = None,
                 rng: random.Random | None = None) -> None:
        self.data_dir = Path(data_dir)
        self._lock = EngineLock(self.data_dir)
        if not self._lock.acquire():
            raise EngineBusy("Đang có một tiến trình đồng bộ khác chạy trên thư mục dữ liệu này.")
        try:
            self.db: sqlite_utils.Database = open_data_dir(self.data_dir)
            cfg = cfg or config.load(self.db)
            if cfg is None:
                raise UserError("Chưa cấu hình đồng bộ. Hãy chạy 'counter-app sync-setup --server URL --secret-stdin'.")
        except BaseException:
            if getattr(self, "db", None) is not None:
                self.db.close()
            self._lock.release()
            raise
        self.cfg = cfg
        store = config.secret_store(self.data_dir, cfg)
        self.client = HttpClient(cfg, secret or store.get)
        self.adapter = adapter or adapter_for(cfg)
        self.on_event = on_event
        self.rng = rng or random.Random()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._force = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=cfg.upload_workers, thread_name_prefix="sync-upload")
        self.online: bool | None = None
        self.running = False
        self.bytes_sent = 0
        self._fail_streak = 0
        self._queue: _Queue | None = None
        self._bytes_lock = threading.Lock()
        self._state = self._load_state()

    # -- small helpers ------------------------------------------------------------------------
    def _load_state(self) -> dict[str, str]:
        return {k: v for k, v in self.db.execute("SELECT key, value FROM sync_state")}

    def _set_state(self, **values: str | None) -> None:
        """Call inside a write transaction."""
        for k, v in values.items():
            if v is None:
                self.db.execute("DELETE FROM sync_state WHERE key = ?", [k])
                self._state.pop(k, None)
            else:
                self.db.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [k, v],
                )
                self._state[k] = v

    def _count_bytes(self, n: int) -> None:
        with self._bytes_lock:
            self.bytes_sent += n

    def status(self) -> dict[str, Any]:
        q = outbox.summary(self.db)
        return {
            "online": self.online, "running": self.running, "queued": q["queued"],
            "attention": q[outbox.ATTENTION], "waiting": q[outbox.WAITING],
            "deferred": province_changes.count_deferred(self.db),
            "last_success_at": self._state.get("last_success_at"), "last_error": self._state.get("last_error"),
            "bytes_sent": self.bytes_sent,
        }

    def _emit(self, event: str, data: dict[str, Any] | None = None) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(event, data if data is not None else self.status())
        except Exception:  # noqa: BLE001 - a listener must not break the engine
            log.exception("sync event listener failed")

    # -- control (any thread) -----------------------------------------------------------------
    def sync_now(self) -> None:
        """"Đồng bộ ngay": rows waiting for a retry are tried at once, then a pull."""
        self._force.set()
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.client.close()
        try:
            self.db.close()
        finally:
            self._lock.release()

    # -- selection ----------------------------------------------------------------------------
    def _heads(self, attempted: set[int], now: datetime) -> tuple[list[list[Row]], float | None]:
        """The eligible run at the head of each dossier's queue, and seconds until the earliest
        blocked-by-time head falls due. With a very long queue the rows are looked at a window at
        a time; a window where nothing is eligible (all set aside, say) moves on to the next."""
        q = self._queue
        q.refresh()
        heads, next_due = self._eligible(attempted, now)
        while not heads and q.truncated and q.last_dossier is not None:
            q.load(after=q.last_dossier)
            heads, due = self._eligible(attempted, now)
            if due is not None:
                next_due = due if next_due is None else min(next_due, due)
        return heads, next_due

    def _eligible(self, attempted: set[int], now: datetime) -> tuple[list[list[Row]], float | None]:
        q = self._queue
        heads: list[list[Row]] = []
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

        for rows in q.groups.values():
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

    # -- freezing and state writes ------------------------------------------------------------
    def _freeze(self, r: Row) -> str:
        if r.payload:
            return r.payload
        if r.kind == outbox.FILE:
            f = self.db.execute("SELECT size, mime, ext FROM files WHERE sha256 = ?", [r.ref]).fetchone()
            if f is None:
                raise LocalError("Không có thông tin tệp đính kèm trong cơ sở dữ liệu.")
            a = self.db.execute(
                "SELECT filename FROM attachments WHERE sha256 = ? AND dossier_id IS ? ORDER BY id LIMIT 1",
                [r.ref, r.dossier_id],
            ).fetchone()
            body = {"sha256": r.ref, "size": f[0], "mime": f[1], "ext": f[2], "filename": a[0] if a else f"{r.ref}.{f[2]}"}
        elif r.kind == outbox.DOSSIER:
            first = int(r.ref) if r.ref and r.ref.isdigit() else self.db.execute(
                "SELECT MIN(id) FROM history WHERE dossier_id = ?", [r.dossier_id]).fetchone()[0]
            body = self.adapter.record_body(wire.build_record(self.db, r.dossier_id, first))
        elif r.kind == outbox.PROGRESS:
            entry = wire.build_progress(self.db, int(r.ref or 0))
            if entry is None:
                raise LocalError("Không tìm thấy bước xử lý tương ứng trong quá trình xử lý của hồ sơ.")
            body = self.adapter.progress_body(entry)
        else:
            raise LocalError(f"Loại mục đồng bộ không được hỗ trợ: {r.kind}.")
        return _canon(body)

    def _mark_sending(self, rows: list[Row], summary: PassSummary) -> list[Row]:
        """Freeze bodies and write ``sending`` before the network call (one transaction)."""
        now = _stamp(_now())
        out = []
        with write_tx(self.db):
            for r in rows:
                try:
                    r.payload = self._freeze(r)
                except LocalError as exc:
                    self._write_outcome(r, ItemResult(ATTENTION, exc.message, exc.kind), now, summary)
                    continue
                if outbox.mark_sending(self.db, r.id, r.payload, now):  # not if set aside meanwhile
                    r.attempts += 1
                    r.state = outbox.SENDING
                    out.append(r)
        return out

    def _write_outcome(self, r: Row, res: ItemResult, now: str, summary: PassSummary) -> None:
        """Call inside a write transaction."""
        if res.outcome == DONE:
            outbox.mark_done(self.db, r.id, _canon(res.ack or {}), now)
            r.state = outbox.DONE
            self._queue.remove(r)
            summary.sent[r.kind] = summary.sent.get(r.kind, 0) + 1
        elif res.outcome == RETRY:
            if res.kind == "stopped":
                outbox.back_to_pending(self.db, r.id, now)
                r.state = outbox.PENDING
                return
            wait_s = backoff.delay(max(1, r.attempts), self.cfg.backoff_base, self.cfg.backoff_cap, self.rng)
            if res.retry_after is not None:
                wait_s = max(wait_s, res.retry_after)
            due = _stamp(_now() + timedelta(seconds=wait_s))
            outbox.mark_retry(self.db, r.id, due, res.message, res.kind or "network", now)
            r.state, r.next_attempt_at = outbox.WAITING, due
            summary.retry += 1
        else:
            outbox.mark_attention(self.db, r.id, res.message, res.kind or "rejected", now)
            r.state = outbox.ATTENTION
            summary.attention += 1
            log.warning("outbox row %s (%s) needs attention: %s", r.id, r.kind, res.kind)

    @contextlib.contextmanager
    def _outcome_tx(self):
        """A transaction recording outcomes, committed without waiting for the disk (WAL,
        synchronous=NORMAL): after a power cut the worst case is sending a frozen body again
        under its key, which the server acknowledges again. Freezing a body before its first
        send stays fully synchronous: a body must never change once it may have left."""
        self.db.execute("PRAGMA synchronous = NORMAL")
        try:
            with write_tx(self.db):
                yield
        finally:
            self.db.execute("PRAGMA synchronous = FULL")

    def _record_outcomes(self, rows: list[Row], results: list[ItemResult], summary: PassSummary) -> None:
        now = _stamp(_now())
        with self._outcome_tx():
            for r, res in zip(rows, results):
                self._write_outcome(r, res, now, summary)
            if any(res.outcome == DONE for res in results):
                self._set_state(last_success_at=timeutil.iso(timeutil.now()), last_error=None)
            else:
                errs = [res.message for res in results if res.message]
                if errs:
                    self._set_state(last_error=errs[0])

    def _file_done(self, r: Row, res: FileResult, summary: PassSummary) -> None:
        now = _stamp(_now())
        with self._outcome_tx():
            outbox.confirm_file(self.db, r.ref, res.url, timeutil.iso(timeutil.now()))
            self._write_outcome(r, ItemResult(DONE, ack=res.ack), now, summary)
            self._maybe_update_record(r)
            self._set_state(last_success_at=timeutil.iso(timeutil.now()), last_error=None)

    def _maybe_update_record(self, r: Row) -> None:
        """A file finished after its dossier's record was frozen without it: queue a record
        update (a new row with its own key) so the province gets the file's URL."""
        rows = outbox.record_rows(self.db, r.dossier_id)
        if not rows:
            return
        if any(p is None and s != "done" for _i, p, s in rows):
            return  # an unfrozen record row will include the file
        latest = rows[-1][1] or ""
        if r.ref and r.ref in latest:
            return
        outbox.enqueue(self.db, outbox.DOSSIER, r.dossier_id, "update")

    # -- sending ------------------------------------------------------------------------------
    def _send_batch(self, kind: str, rows: list[Row], summary: PassSummary, solo: set[int],
                    attempted: set[int]) -> bool:
        """Send one batch; returns False when the server could not be reached (stop the pass)."""
        rows = self._mark_sending(rows, summary)
        if not rows:
            return True
        items = [Item(r.key, json.loads(r.payload or "{}")) for r in rows]
        push = self.adapter.push_records if kind == outbox.DOSSIER else self.adapter.push_progress
        try:
            results = push(self.client, items)
        except TransientError as exc:
            self._transient(exc, summary)
            self._record_outcomes(rows, [ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after)] * len(rows), summary)
            return not (exc.offline or exc.kind in ("auth", "tls", "captive", "redirect"))
        except PermanentError as exc:
            if len(rows) > 1:  # find the poison item: send these one by one
                solo.update(r.id for r in rows)
                attempted.difference_update(r.id for r in rows)
                now = _stamp(_now())
                with write_tx(self.db):
                    for r in rows:
                        outbox.back_to_pending(self.db, r.id, now)
                        r.state = outbox.PENDING
                return True
            results = [ItemResult(ATTENTION, exc.message, exc.kind)]
        self.online = True
        self._record_outcomes(rows, results, summary)
        return True

    def _transient(self, exc: TransientError, summary: PassSummary) -> None:
        summary.errors.append(exc.message)
        if exc.offline:
            self.online = False
            summary.online = False

    def _upload(self, r: Row) -> FileResult:
        meta = json.loads(r.payload or "{}")
        job = FileJob(path=file_store.file_path(self.data_dir, meta["sha256"], meta.get("ext", "")), size=int(meta["size"]),
                      sha256=meta["sha256"], filename=meta["filename"], mime=meta["mime"], key=r.key)
        return self.adapter.upload_file(self.client, job, self.cfg.chunk_size, self._count_bytes,
                                        lambda: self._stop.is_set())

    def _finish_upload(self, r: Row, fut: Future, summary: PassSummary) -> bool:
        try:
            res = fut.result()
        except TransientError as exc:
            self._transient(exc, summary)
            self._record_outcomes([r], [ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after)], summary)
            return not (exc.offline or exc.kind in ("auth", "tls", "captive", "redirect"))
        except SyncError as exc:
            self._record_outcomes([r], [ItemResult(ATTENTION, exc.message, exc.kind)], summary)
            return True
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the engine; the row waits
            log.exception("upload of outbox row %s failed unexpectedly", r.id)
            self._record_outcomes([r], [ItemResult(RETRY, f"Lỗi không mong đợi khi tải tệp: {type(exc).__name__}", "bug")], summary)
            return True
        self.online = True
        self._file_done(r, res, summary)
        return True

    # -- a pass -------------------------------------------------------------------------------
    def run_pass(self, *, force: bool = False) -> PassSummary:
        """One pass (see module docstring). ``force``: rows waiting for a retry are due now."""
        summary = PassSummary()
        self.running = True
        self._emit("status")
        try:
            outbox.recover_sending(self.db)
            if force:
                outbox.retry_now(self.db)
            self._queue = _Queue(self.db)
            reachable = summary.reachable = self._push(summary)
            if reachable and not self._stop.is_set():
                self._pull(summary)
            if not self._stop.is_set():
                with write_tx(self.db):
                    deferred = province_changes.apply_deferred(self.db)
                if deferred[province_changes.APPLIED] or deferred[province_changes.NOT_APPLIED]:
                    summary.pulled["deferred_applied"] = deferred[province_changes.APPLIED]
                    self._emit("remote-changes", {"applied": deferred[province_changes.APPLIED]})
            with write_tx(self.db):
                self._set_state(last_pass_at=timeutil.iso(timeutil.now()))
        finally:
            self.running = False
        summary.online = self.online
        summary.bytes_sent = self.bytes_sent
        summary.queued = outbox.summary(self.db)
        self._queue = _Queue(self.db)
        heads, due = self._heads(set(), _now())
        summary.next_due = 0.0 if heads else due
        if summary.reachable:
            self._fail_streak = 0
        else:
            self._fail_streak += 1
            if summary.online is not False:  # reachable but refusing (auth, captive portal, TLS…)
                summary.next_due = backoff.delay(self._fail_streak, self.cfg.backoff_base, self.cfg.backoff_cap, self.rng)
        self._emit("status")
        return summary

    def _batch(self, kind: str, heads: list[list[Row]], solo: set[int]) -> list[Row]:
        """Up to ``batch_size`` rows of ``kind`` from the dossiers' heads (whole progress runs keep
        their order); a row under suspicion (``solo``) goes alone."""
        batch: list[Row] = []
        for h in heads:
            if h[0].kind != kind:
                continue
            if h[0].id in solo:
                if not batch:
                    return h[:1]
                continue
            batch.extend(h[: self.cfg.batch_size - len(batch)])
            if len(batch) >= self.cfg.batch_size:
                break
        return batch

    def _push(self, summary: PassSummary) -> bool:
        attempted: set[int] = set()
        solo: set[int] = set()
        in_flight: dict[Future, Row] = {}
        busy: set[Any] = set()  # dossiers with an upload in flight
        reachable = True
        last_emit = 0.0
        lingering: dict[str, float] = {}
        try:
            while not self._stop.is_set():
                progressed = False
                if reachable:
                    heads, _due = self._heads(attempted, _now())
                    heads = [h for h in heads if h[0].dossier_id not in busy]
                    # Files: to the upload pool, as far as there are free workers.
                    free = self.cfg.upload_workers - len(in_flight)
                    files = [r for h in heads if h[0].kind == outbox.FILE for r in h][:max(0, free)]
                    if files:
                        attempted.update(r.id for r in files)
                        for r in self._mark_sending(files, summary):
                            in_flight[self._pool.submit(self._upload, r)] = r
                            busy.add(r.dossier_id)
                        progressed = True
                    for kind in (outbox.DOSSIER, outbox.PROGRESS):
                        batch = self._batch(kind, heads, solo)
                        if not batch:
                            continue
                        # While uploads are finishing, more records become ready: let a batch
                        # fill up for a moment rather than send many tiny ones.
                        if len(batch) < self.cfg.batch_size and in_flight and batch[0].id not in solo:
                            started = lingering.setdefault(kind, time.monotonic())
                            if time.monotonic() - started < BATCH_LINGER:
                                continue
                        lingering.pop(kind, None)
                        attempted.update(r.id for r in batch)
                        progressed = True
                        if not self._send_batch(kind, batch, summary, solo, attempted):
                            reachable = False
                            break
                # Collect finished uploads (block only when nothing else could be done).
                if in_flight:
                    done, _pending = wait(list(in_flight), timeout=0 if progressed else 0.05 if lingering else 0.5,
                                          return_when=FIRST_COMPLETED)
                    for fut in done:
                        r = in_flight.pop(fut)
                        busy.discard(r.dossier_id)
                        if not self._finish_upload(r, fut, summary):
                            reachable = False
                        progressed = True
                if not progressed and not in_flight:
                    break
                if time.monotonic() - last_emit > 0.25:
                    last_emit = time.monotonic()
                    self._emit("status")
        finally:
            for fut, r in list(in_flight.items()):  # stopping: uploads end at a chunk boundary
                try:
                    self._finish_upload(r, fut, summary)
                except sqlite3.Error:
                    log.exception("could not record the upload of row %s", r.id)
        return reachable

    def _pull(self, summary: PassSummary) -> None:
        cursor = self._state.get("pull_cursor")
        totals = {"applied": 0, "deferred": 0, "not-applied": 0}
        try:
            for _ in range(MAX_PULL_PAGES):
                page = self.adapter.pull(self.client, cursor, self.cfg.pull_limit)
                with write_tx(self.db):
                    counts = province_changes.receive(self.db, page.changes)
                    self._set_state(pull_cursor=page.cursor, last_success_at=timeutil.iso(timeutil.now()))
                for k in totals:
                    totals[k] += counts.get(k, 0)
                cursor = page.cursor
                self.online = True
                if not page.more or self._stop.is_set():
                    break
        except TransientError as exc:
            self._transient(exc, summary)
        except PermanentError as exc:
            summary.errors.append(exc.message)
        summary.pulled.update(totals)
        if totals["applied"]:
            self._emit("remote-changes", {"applied": totals["applied"]})

    # -- running until stopped ----------------------------------------------------------------
    def probe(self) -> bool:
        try:
            self.adapter.ping(self.client)
        except SyncError:
            return False
        return True

    def run_forever(self) -> None:
        force = True
        while not self._stop.is_set():
            self._wake.clear()
            try:
                summary = self.run_pass(force=force or self._force.is_set())
                self._force.clear()
            except sqlite3.OperationalError:
                log.exception("database busy during a sync pass; trying again shortly")
                self._wake.wait(min(5.0, self.cfg.probe_interval))
                force = False
                continue
            force = False
            if self._stop.is_set():
                break
            if self.online is False:
                # Offline: look for the server now and then; retry everything when it answers.
                while not self._stop.is_set():
                    if self._wake.wait(self.cfg.probe_interval) and (self._stop.is_set() or self._force.is_set()):
                        break
                    self._wake.clear()
                    if self.probe():
                        log.info("connectivity is back; retrying the queue")
                        self.online = True
                        force = True
                        break
                continue
            timeout = self.cfg.idle_interval
            if summary.next_due is not None:
                timeout = min(timeout, summary.next_due)
            if timeout > 0:
                self._wake.wait(timeout)
