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
7. the audit chain's head goes to the province after a day-close and once a day
   (:mod:`sync.anchors`); once a day, confirmed files the province has not proved it holds are asked again
   (:mod:`sync.proofs`; scan retention deletes only proven files);
8. the pull: the change feed by cursor, stored and applied in the same transaction as the new
   cursor (:mod:`counter_app.province_changes`), then deferred status changes whose dossier
   has nothing queued any more;
9. the files of online dossiers pulled are fetched, checked and stored (:mod:`sync.online_files`).

``run_forever`` repeats passes: at once after "Đồng bộ ngay" (:meth:`Engine.sync_now`), when
the earliest retry falls due, every ``idle_interval`` to pull; while offline it probes the
server every ``probe_interval`` and retries everything as soon as it answers.

This module is the policy (the pass, batching, backoff, splitting a refused batch). Which rows
are due is :mod:`sync.queue`; bodies :mod:`sync.bodies`; the writes of a pass
:mod:`sync.outcomes` (through :mod:`counter_app.outbox`); the pull :mod:`sync.pull`; the file
step :mod:`sync.uploads`; the province's API :mod:`sync.adapters`.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from counter_app import outbox, province_changes, timeutil
from counter_app.db import open_data_dir, write_tx
from counter_app.errors import UserError
from counter_app.i18n import _

from . import anchors, backoff, config, online_files, proofs, pull, tus, uploads
from .adapters import ATTENTION, RETRY, Adapter, FileResult, Item, ItemResult, adapter_for
from .errors import PermanentError, SyncError, TransientError
from .http import HttpClient
from .lock import EngineLock
from .outcomes import PassSummary, Recorder
from .outcomes import now as _now
from .queue import Heads, Queue, Row
from .state import SyncState

__all__ = ["Engine", "EngineBusy", "PassSummary"]

log = logging.getLogger(__name__)

BATCH_LINGER = 0.2  # seconds a partial batch may wait for uploads that are finishing
STOPS_PASS = ("auth", "tls", "captive", "redirect")  # refusals about the station, not a row


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
                raise config.NotConfigured(
                    "Chưa cấu hình đồng bộ. Hãy chạy 'counter-app sync-setup --server URL --secret-stdin'.")
        except BaseException:
            if getattr(self, "db", None) is not None:
                self.db.close()
            self._lock.release()
            raise
        self.cfg = cfg
        store = config.secret_store(self.data_dir, cfg)
        self.client = HttpClient(cfg, secret or store.get)
        self.adapter = adapter or adapter_for(cfg, self.data_dir)
        self.on_event = on_event
        self.rng = rng or random.Random()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._force = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=cfg.upload_workers, thread_name_prefix="sync-upload")
        self._upload_urls = uploads.OutboxUploadUrls(self.data_dir)
        self.online: bool | None = None
        self.running = False
        self.bytes_sent = 0
        self._fail_streak = 0
        self._queue: Queue | None = None
        self._rec: Recorder | None = None
        self._bytes_lock = threading.Lock()
        self._state = SyncState(self.db)
        self.request = 0  # the last "Đồng bộ ngay" asked (a forced pass reports what it served)

    # -- small helpers ------------------------------------------------------------------------
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
    def sync_now(self, request: int = 0) -> None:
        """"Đồng bộ ngay": rows waiting for a retry are tried at once, then a pull. ``request``
        (increasing) comes back in the "pass" event of the pass that serves it."""
        self.request = max(self.request, request)
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
        self._upload_urls.close()
        try:
            self.db.close()
        finally:
            self._lock.release()

    # -- selection ----------------------------------------------------------------------------
    def _heads(self, attempted: set[int], now: datetime) -> tuple[Heads, float | None]:
        return self._queue.heads(attempted, now)

    def _retry_delay(self, r: Row, res: ItemResult) -> float:
        """Backoff: capped exponential with jitter by attempts, at least the server's Retry-After."""
        wait_s = backoff.delay(max(1, r.attempts), self.cfg.backoff_base, self.cfg.backoff_cap, self.rng)
        return wait_s if res.retry_after is None else max(wait_s, res.retry_after)

    # -- sending ------------------------------------------------------------------------------
    def _send_batch(self, kind: str, rows: list[Row], summary: PassSummary, solo: set[int],
                    attempted: set[int]) -> bool:
        """Send one batch; returns False when the server could not be reached (stop the pass)."""
        rows = self._rec.mark_sending(rows)
        if not rows:
            return True
        items = [Item(r.key, json.loads(r.payload or "{}"), r.attempts) for r in rows]
        push = self.adapter.push_records if kind == outbox.DOSSIER else self.adapter.push_progress
        try:
            results = push(self.client, items)
        except TransientError as exc:
            self._transient(exc, summary)
            self._rec.record(rows, [ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after)] * len(rows))
            return not (exc.offline or exc.kind in STOPS_PASS)
        except PermanentError as exc:
            if len(rows) > 1:  # find the poison item: send these one by one
                solo.update(r.id for r in rows)
                attempted.difference_update(r.id for r in rows)
                self._rec.back_to_pending(rows)
                return True
            results = [ItemResult(ATTENTION, exc.message, exc.kind)]
        except Exception as exc:  # noqa: BLE001 - a bug (or an answer nobody foresaw) must not kill the engine
            log.exception("sending a batch of %d %s row(s) failed unexpectedly", len(rows), kind)
            msg = _("Lỗi không mong đợi khi gửi: {error}; sẽ gửi lại sau.").format(error=type(exc).__name__)
            summary.errors.append(msg)
            self._rec.record(rows, [ItemResult(RETRY, msg, "bug")] * len(rows))
            return True
        self.online = True
        self._rec.record(rows, results)
        return True

    def _transient(self, exc: TransientError, summary: PassSummary) -> None:
        summary.errors.append(exc.message)
        if exc.offline:
            self.online = False
            summary.online = False
            summary.saw_offline = True

    def _upload(self, r: Row) -> FileResult:
        with tus.upload_urls(self._upload_urls):  # the upload URL is kept with the row (resume by HEAD)
            return self.adapter.upload_file(self.client, uploads.file_job(self.data_dir, r), self.cfg.chunk_size,
                                            self._count_bytes, lambda: self._stop.is_set())

    def _finish_upload(self, r: Row, fut: Future, summary: PassSummary) -> bool:
        try:
            res = fut.result()
        except TransientError as exc:
            self._transient(exc, summary)
            self._rec.record([r], [ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after)])
            return not (exc.offline or exc.kind in STOPS_PASS)
        except SyncError as exc:
            self._rec.record([r], [ItemResult(ATTENTION, exc.message, exc.kind)])
            return True
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the engine; the row waits
            log.exception("upload of outbox row %s failed unexpectedly", r.id)
            self._rec.record([r], [ItemResult(RETRY, _("Lỗi không mong đợi khi tải tệp: {error}").format(error=type(exc).__name__), "bug")])
            return True
        self.online = True
        self._rec.file_done(r, res)
        return True

    # -- a pass -------------------------------------------------------------------------------
    def run_pass(self, *, force: bool = False, request: int = 0) -> PassSummary:
        """One pass (see module docstring). ``force``: rows waiting for a retry are due now;
        ``request``: the "Đồng bộ ngay" it serves (reported in its "pass" event)."""
        summary = PassSummary(saw_offline=self.online is False)
        self.running = True
        self._emit("status")
        try:
            outbox.recover_sending(self.db)
            if force:
                outbox.retry_now(self.db)
            self._queue = Queue(self.db)
            self._rec = Recorder(self.db, self.adapter, self._state, self._queue, summary, self._retry_delay)
            reachable = summary.reachable = self._push(summary)
            if reachable and not self._stop.is_set():
                self._pull(summary)
            if reachable and not self._stop.is_set() and self.online is not False:
                self._fetch_online_files(summary)
            if reachable and not self._stop.is_set() and proofs.due(self._state):
                n = proofs.prove_confirmed(self.db, self.adapter, self.client, state=self._state)
                if n:
                    log.info("the province proved it holds %d confirmed file(s)", n)
                with write_tx(self.db):
                    self._state.set(proofs_checked_at=timeutil.iso(timeutil.now()))
            anchor = anchors.due(self.db, self._state) if reachable and not self._stop.is_set() else None
            if anchor is not None and (refused := anchors.send(self.db, self.adapter, self.client, self._state, anchor)):
                summary.errors.append(refused)
            if not self._stop.is_set():
                applied = pull.apply_deferred(self.db)
                if applied is not None:
                    summary.pulled["deferred_applied"] = applied
                    self._emit("remote-changes", {"applied": applied})
            self._state.mark_pass()
        finally:
            self.running = False
        summary.online = self.online
        if summary.saw_offline and self.online:
            # The server answers again after the link dropped (in an earlier pass or this one): what
            # failed for want of a connection is due now, as when the probe finds the server.
            outbox.retry_now(self.db)
        summary.bytes_sent = self.bytes_sent
        summary.queued = outbox.summary(self.db)
        self._queue = Queue(self.db)
        heads, due = self._heads(set(), _now())
        summary.next_due = 0.0 if heads else due
        if summary.reachable:
            self._fail_streak = 0
        else:
            self._fail_streak += 1
            # Reachable but refusing (auth, captive portal, TLS…): back off. Not when a request
            # could not connect while another got through (the link came back, or a kept-alive
            # connection outlived the server): the rows made due above go at once.
            if summary.online is not False and not summary.saw_offline:
                summary.next_due = backoff.delay(self._fail_streak, self.cfg.backoff_base, self.cfg.backoff_cap, self.rng)
        self._emit("status")
        self._emit("pass", {**summary.to_json(), "forced": force, "request": request})
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
                        for r in self._rec.mark_sending(files):
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
        res = pull.pull_changes(self.db, self.adapter, self.client, self._state, self.cfg.pull_limit,
                                self._stop.is_set)
        if res.answered:
            self.online = True
        if isinstance(res.error, TransientError):
            self._transient(res.error, summary)
        elif res.error is not None:
            summary.errors.append(res.error.message)
        summary.errors.extend(res.refused)
        summary.pulled.update(res.totals)
        if res.totals["applied"]:
            self._emit("remote-changes", {"applied": res.totals["applied"]})

    def _fetch_online_files(self, summary: PassSummary) -> None:
        """The files of online dossiers pulled (:mod:`sync.online_files`)."""
        try:
            res = online_files.fetch_due(self.db, self.data_dir, self.adapter, self.client, self.cfg.base_url,
                                         self._stop.is_set)
        except Exception:  # noqa: BLE001 - a bug here must not stop the pass
            log.exception("fetching the files of online dossiers failed unexpectedly")
            return
        if res.offline:
            self.online = False
            summary.online = False
            summary.saw_offline = True
        if res.error:
            summary.errors.append(res.error)
        if res.more:  # the time budget ran out with files still due: pass again soon
            self._wake.set()
        if res.fetched or res.failed:
            summary.pulled["online_files"] = res.fetched
            self._emit("online-files", {"fetched": res.fetched, "failed": res.failed})

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
            forced, request = force or self._force.is_set(), self.request
            self._force.clear()  # a click during this pass forces the next one
            try:
                summary = self.run_pass(force=forced, request=request)
            except sqlite3.OperationalError:
                log.exception("database busy during a sync pass; trying again shortly")
                self._emit("pass", {"forced": True, "busy": True, "request": request,
                                    "errors": ["Cơ sở dữ liệu đang bận; sẽ thử lại sau ít giây."]})
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
