"""The outbox: what the province must learn, written in the same transaction as the change.

Row life (architecture §6): ``pending`` → ``sending`` → ``done``, or → ``waiting-retry``
(transient failure; ``next_attempt_at`` says when), or → ``needs-attention`` (the server refused
the content, or a supervisor set the row aside). The state is written before each network call;
rows left ``sending`` by a crash go back to ``pending`` when the engine starts.

The idempotency key is made once, here, and never regenerated. The body sent for a row is
frozen in ``payload`` before its first send, so every retry carries the same bytes (same key
with another body is a 409 at the server). A later change of the dossier is a new row.

Kinds: ``file`` (ref = sha256; uploaded first), ``dossier`` (the record; ref = first history
id, or ``update``), ``progress`` (ref = history id). Within a dossier rows go in the order
files → record → progress entries (then by id); different dossiers never wait for each other.

This module is the Qt-free core API used by the sync engine, the GUI's sync panel and the CLI,
and the only place that writes the ``outbox`` table: every row is added by :func:`enqueue` and
every state change is one of the named functions below (``tests/sync/test_outbox_home.py``
keeps it so). Which rows are due, and in what order, is the engine's business
(:mod:`sync.queue`). No personal data is ever logged: rows are named by id and dossier code.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from . import accounts, audit, timeutil
from .audit import Actor
from .db import write_tx
from .errors import NotFound, PermissionDenied, UserError
from .i18n import N_

PENDING = "pending"
SENDING = "sending"
DONE = "done"
WAITING = "waiting-retry"
ATTENTION = "needs-attention"
STATES = (PENDING, SENDING, DONE, WAITING, ATTENTION)
OPEN_STATES = (PENDING, SENDING, WAITING, ATTENTION)

STATE_NAMES = {
    PENDING: N_("Chờ gửi"),
    SENDING: N_("Đang gửi"),
    DONE: N_("Đã gửi"),
    WAITING: N_("Chờ thử lại"),
    ATTENTION: N_("Cần xử lý"),
}

FILE = "file"
DOSSIER = "dossier"
PROGRESS = "progress"
KIND_NAMES = {FILE: N_("Tệp đính kèm"), DOSSIER: N_("Hồ sơ"), PROGRESS: N_("Tiến trình xử lý")}
# Order within one dossier: files, then the record, then progress entries.
KIND_RANK = {FILE: 0, DOSSIER: 1, PROGRESS: 2}



def _now() -> str:
    return timeutil.iso(timeutil.now())


def enqueue(db: sqlite_utils.Database, kind: str, dossier_id: int | None, ref: str | None, *,
            now: str | None = None) -> int:
    """Add a ``pending`` row with a new idempotency key (the only place a key is made); call
    inside the write transaction of the change it carries. ``now``: the change's own time stamp
    (default: the current time)."""
    if kind not in KIND_RANK:
        raise ValueError(kind)
    now = now or _now()
    cur = db.execute(
        "INSERT INTO outbox (kind, dossier_id, ref, idem_key, state, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'pending', ?, ?)",
        [kind, dossier_id, ref, str(uuid.uuid4()), now, now],
    )
    return cur.lastrowid


# -- the engine's state changes (call inside a write transaction; ``now``: the engine's stamp) ---

def insert_history(db: sqlite_utils.Database, rows: Iterable[tuple]) -> None:
    """Rows of a sync history as given — (kind, dossier_id, ref, idem_key, state, attempts,
    created_at, updated_at, sent_at, done_at, ack) — for the benchmarks' synthetic data only
    (``synthetic.bulk_fill(realistic=True)``, inside its own transaction). The app's changes go
    through :func:`enqueue` and the state functions below."""
    db.conn.executemany(
        "INSERT INTO outbox (kind, dossier_id, ref, idem_key, state, attempts, created_at, updated_at, "
        "sent_at, done_at, ack) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def mark_sending(db: sqlite_utils.Database, row_id: int, payload: str, now: str) -> bool:
    """Freeze ``payload`` and mark the row ``sending`` (one more attempt) before the network
    call. False when the row is no longer ``pending``/``waiting-retry`` (a supervisor set it
    aside meanwhile): it must not be sent."""
    cur = db.execute(
        "UPDATE outbox SET payload = ?, state = 'sending', attempts = attempts + 1, sent_at = ?, "
        "updated_at = ? WHERE id = ? AND state IN ('pending', 'waiting-retry')",
        [payload, now, now, row_id],
    )
    return bool(cur.rowcount)


def mark_done(db: sqlite_utils.Database, row_id: int, ack: str, now: str) -> None:
    """The province acknowledged the row; ``ack``: its answer as canonical JSON text."""
    db.execute(
        "UPDATE outbox SET state = 'done', ack = ?, done_at = ?, updated_at = ?, last_error = NULL, "
        "error_kind = NULL, next_attempt_at = NULL WHERE id = ?",
        [ack, now, now, row_id],
    )


def back_to_pending(db: sqlite_utils.Database, row_id: int, now: str) -> None:
    """The row goes back to ``pending`` untried (a stopped upload; a refused batch split up);
    its key and frozen body stay."""
    db.execute("UPDATE outbox SET state = 'pending', updated_at = ? WHERE id = ?", [now, row_id])


def mark_retry(db: sqlite_utils.Database, row_id: int, next_at: str, error: str, kind: str, now: str) -> None:
    """A transient failure: ``waiting-retry`` until ``next_at``, with a readable ``error``."""
    db.execute(
        "UPDATE outbox SET state = 'waiting-retry', next_attempt_at = ?, last_error = ?, error_kind = ?, "
        "updated_at = ? WHERE id = ?",
        [next_at, error, kind, now, row_id],
    )


def mark_attention(db: sqlite_utils.Database, row_id: int, error: str, kind: str, now: str) -> None:
    """The server refused the content (or it cannot be built): ``needs-attention``, with a
    readable ``error``; it stays until a supervisor requeues it."""
    db.execute(
        "UPDATE outbox SET state = 'needs-attention', next_attempt_at = NULL, last_error = ?, error_kind = ?, "
        "updated_at = ? WHERE id = ?",
        [error, kind, now, row_id],
    )


def upload_url(db: sqlite_utils.Database, idem_key: str) -> str | None:
    """The tus upload URL stored for the ``file`` row with key ``idem_key`` (None: none yet)."""
    row = db.execute("SELECT upload_url FROM outbox WHERE idem_key = ?", [idem_key]).fetchone()
    return row[0] if row else None


def set_upload_url(db: sqlite_utils.Database, idem_key: str, url: str | None) -> None:
    """Store (or, with None, forget) the tus upload URL of the ``file`` row with key ``idem_key``;
    call inside a write transaction (the engine's upload workers: one of their own, at once)."""
    db.execute("UPDATE outbox SET upload_url = ? WHERE idem_key = ? AND kind = 'file'", [url, idem_key])


def confirm_file(db: sqlite_utils.Database, sha256: str, url: str, at: str) -> None:
    """A ``file`` row's upload is confirmed: the stored file records where the province keeps
    it (retention may purge the local copy later)."""
    db.execute("UPDATE files SET remote_url = ?, remote_confirmed_at = ? WHERE sha256 = ?", [url, at, sha256])


def proven_file_sql(sha_expr: str) -> str:
    """An SQL condition: the province proved it holds the file ``sha_expr`` (a column or
    parameter): a ``file`` row for it is ``done`` with ``"proven": true`` in its acknowledgement
    (the sync engine checked the size and sha256 the province serves at the file's URL). Scan
    retention deletes a local copy only when this holds."""
    return (f"EXISTS (SELECT 1 FROM outbox po WHERE po.kind = 'file' AND po.ref = {sha_expr} "
            "AND po.state = 'done' AND json_valid(po.ack) AND json_extract(po.ack, '$.proven') = 1)")


def is_file_proven(db: sqlite_utils.Database, sha256: str) -> bool:
    return db.execute(f"SELECT {proven_file_sql('?')}", [sha256]).fetchone()[0] == 1


def unproven_files(db: sqlite_utils.Database, limit: int = 50, after: str | None = None) -> list[tuple[str, int, str]]:
    """(sha256, size, remote_url) of files confirmed by the province and still on this PC whose
    holding the province has not proved yet (confirmed before proofs existed, or by a server
    that gave no digest then), oldest confirmation first (then by sha256); ``after``: only those
    after this file in that order (the daily proofs go on from where the last run stopped)."""
    cond, args = "", []
    if after is not None:
        cond = ("AND (f.remote_confirmed_at, f.sha256) > (SELECT a.remote_confirmed_at, a.sha256 FROM files a "
                "WHERE a.sha256 = ?) ")
        args.append(after)
    return [tuple(r) for r in db.execute(
        "SELECT f.sha256, f.size, f.remote_url FROM files f WHERE f.purged_at IS NULL AND f.remote_url IS NOT NULL "
        "AND f.remote_confirmed_at IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'file' AND o.ref = f.sha256 AND o.state = 'done') "
        f"AND NOT {proven_file_sql('f.sha256')} {cond}ORDER BY f.remote_confirmed_at, f.sha256 LIMIT ?",
        [*args, limit],
    )]


def mark_file_proven(db: sqlite_utils.Database, sha256: str, now: str) -> None:
    """The province proved it holds ``sha256`` (size and digest at its URL, checked by the sync
    engine after the upload was done): its ``done`` file rows' acknowledgement says so. Call
    inside a write transaction."""
    db.execute(
        "UPDATE outbox SET ack = json_set(CASE WHEN json_valid(ack) THEN ack ELSE '{}' END, '$.proven', json('true')), "
        "updated_at = ? WHERE kind = 'file' AND ref = ? AND state = 'done'",
        [now, sha256],
    )


def record_rows(db: sqlite_utils.Database, dossier_id: int | None) -> list[tuple[int, str | None, str]]:
    """(id, frozen payload or None, state) of a dossier's ``dossier`` rows, oldest first."""
    return db.execute(
        "SELECT id, payload, state FROM outbox WHERE dossier_id = ? AND kind = 'dossier' ORDER BY id", [dossier_id]
    ).fetchall()


def recover_sending(db: sqlite_utils.Database) -> int:
    """Rows left ``sending`` by a crash go back to ``pending`` (their key and frozen body stay)."""
    with write_tx(db):
        cur = db.execute("UPDATE outbox SET state = 'pending', updated_at = ? WHERE state = 'sending'", [_now()])
    return cur.rowcount


def summary(db: sqlite_utils.Database) -> dict[str, int]:
    """Counts of unfinished rows by state, plus ``queued`` (everything not done)."""
    counts = {s: 0 for s in OPEN_STATES}
    for state, n in db.execute("SELECT state, COUNT(*) FROM outbox WHERE state != 'done' GROUP BY state"):
        counts[state] = n
    counts["queued"] = sum(counts[s] for s in OPEN_STATES)
    return counts


ENTRY_COLUMNS = ("id", "kind", "code", "state", "attempts", "next_attempt_at", "last_error", "created_at",
                 "updated_at", "ref")


def list_entries(db: sqlite_utils.Database, *, include_done: bool = False, limit: int = 1000,
                 after: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Rows for the sync panel and ``sync-status``: unfinished first, oldest first; then, with
    ``include_done``, the sent ones, newest first. ``limit`` rows after the key ``after``
    (:func:`entry_key` of the last row shown; None: from the start). Each part is read in its
    order from an index and stops at the limit (``outbox_unfinished``, m018; the table's own
    order for sent rows), so a page costs the same with 100,000 queued or millions sent."""
    # an online dossier's guidance or refusal has no dossier: its code is the online dossier's
    code = ("COALESCE(d.code, CASE WHEN o.ref LIKE 'online:%' THEN (SELECT od.code FROM online_outcomes oo "
            "JOIN online_dossiers od ON od.id = oo.online_id WHERE oo.id = CAST(substr(o.ref, 8) AS INTEGER)) END)")
    cols = ("SELECT o.id, o.kind, " + code + ", o.state, o.attempts, o.next_attempt_at, o.last_error, o.created_at, "
            "o.updated_at, o.ref FROM outbox o {index} LEFT JOIN dossiers d ON d.id = o.dossier_id ")
    out: list[tuple] = []
    if after is None or after[0] == 0:
        rows = db.execute(cols.format(index="INDEXED BY outbox_unfinished")
                          + "WHERE o.state != 'done' AND o.id > ? ORDER BY o.id LIMIT ?",
                          [after[1] if after else 0, limit]).fetchall()
        out += rows
    if include_done and len(out) < limit:
        below = after[1] if after is not None and after[0] == 1 else None
        sql = cols.format(index="NOT INDEXED") + "WHERE o.state = 'done'" + (" AND o.id < ?" if below is not None else "")
        out += db.execute(sql + " ORDER BY o.id DESC LIMIT ?",
                          [*([below] if below is not None else []), limit - len(out)]).fetchall()
    return [dict(zip(ENTRY_COLUMNS, r)) for r in out]


def entry_key(entry: dict[str, Any]) -> tuple[int, int]:
    """Where the page after ``entry`` starts (see :func:`list_entries`)."""
    return (1 if entry["state"] == DONE else 0, entry["id"])


def _check_supervisor(actor: Actor) -> None:
    if not accounts.is_supervisor(actor):
        raise PermissionDenied("Chỉ giám sát hoặc quản trị mới được tạm gác hoặc đưa lại mục đồng bộ vào hàng đợi.")


def _row_state(db: sqlite_utils.Database, row_id: int) -> str:
    row = db.execute("SELECT state FROM outbox WHERE id = ?", [row_id]).fetchone()
    if row is None:
        raise NotFound(f"Không tìm thấy mục đồng bộ số {row_id}.")
    return row[0]


def retry_now(db: sqlite_utils.Database, ids: Iterable[int] | None = None) -> int:
    """Make waiting rows due now ("Đồng bộ ngay" / "Thử lại"). Rows needing attention stay."""
    now = _now()
    with write_tx(db):
        if ids is None:
            cur = db.execute(
                "UPDATE outbox SET next_attempt_at = NULL, updated_at = ? WHERE state = 'waiting-retry'", [now]
            )
            return cur.rowcount
        n = 0
        for row_id in ids:
            n += db.execute(
                "UPDATE outbox SET next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state IN ('waiting-retry', 'pending')",
                [now, row_id],
            ).rowcount
        return n


def set_aside(db: sqlite_utils.Database, row_id: int, actor: Actor, reason: str = "") -> None:
    """A supervisor takes a row out of the flow (it keeps its key and body). Later rows of the
    same dossier wait behind it; other dossiers are not affected."""
    _check_supervisor(actor)
    with write_tx(db):
        state = _row_state(db, row_id)
        if state in (DONE, SENDING):
            raise UserError(f"Mục đồng bộ số {row_id} đang ở trạng thái \"{STATE_NAMES[state]}\"; không thể tạm gác.")
        text = "Giám sát tạm gác lại" + (f": {reason.strip()}" if reason.strip() else ".")
        db.execute(
            "UPDATE outbox SET state = 'needs-attention', last_error = ?, error_kind = 'set-aside', "
            "next_attempt_at = NULL, updated_at = ? WHERE id = ?",
            [text, _now(), row_id],
        )
        audit.record(db, actor, "sync-set-aside", f"outbox:{row_id}", {"from": state})


def requeue(db: sqlite_utils.Database, row_id: int, actor: Actor) -> None:
    """A supervisor puts a row needing attention back in the queue (same key, same body)."""
    _check_supervisor(actor)
    with write_tx(db):
        state = _row_state(db, row_id)
        if state != ATTENTION:
            raise UserError(f"Mục đồng bộ số {row_id} không ở trạng thái \"Cần xử lý\".")
        db.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = NULL, error_kind = NULL, updated_at = ? WHERE id = ?",
            [_now(), row_id],
        )
        audit.record(db, actor, "sync-requeue", f"outbox:{row_id}", {})
