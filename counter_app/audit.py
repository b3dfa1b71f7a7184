"""Append-only, hash-chained audit trail. Entries never hold personal data (no names of
citizens, ID numbers, addresses or phones): they name the object by dossier code or id."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import (~230 ms)
    import sqlite_utils

from . import timeutil

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who does something: a signed-in account, or the command line as its own actor."""

    user_id: int | None
    username: str
    full_name: str
    role: str  # clerk | supervisor | admin | cli

    @property
    def label(self) -> str:
        return f"{self.role}:{self.username}"


def _digest(prev_hash: str, at: str, actor: str, action: str, obj: str, details: str) -> str:
    canon = json.dumps([prev_hash, at, actor, action, obj, details], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


# What ``json.dumps`` does to each string of the list above (ensure_ascii=False), without
# building an encoder per entry: verifying a million entries spends its time here.
_quote = json.encoder.encode_basestring


def _digest_fast(prev_hash: str, at: str, actor: str, action: str, obj: str, details: str,
                 _sha=hashlib.sha256, _q=_quote) -> str:
    canon = f"[{_q(prev_hash)},{_q(at)},{_q(actor)},{_q(action)},{_q(obj)},{_q(details)}]"
    return _sha(canon.encode("utf-8")).hexdigest()


def record(db: sqlite_utils.Database, actor: Actor | str, action: str, obj: str = "", details: dict[str, Any] | None = None) -> int:
    """Append one entry. Call inside the write transaction of the change it records."""
    actor_label = actor.label if isinstance(actor, Actor) else actor
    at = timeutil.iso(timeutil.now())
    details_json = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    h = _digest(prev, at, actor_label, action, obj, details_json)
    cur = db.execute(
        "INSERT INTO audit (at, actor, action, object, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [at, actor_label, action, obj, details_json, prev, h],
    )
    return cur.lastrowid


def verify(db: sqlite_utils.Database, since: dict[str, Any] | None = None) -> int | None:
    """Return the id of the first broken entry, or None when the chain is intact. ``since``: a
    checkpoint (``{"id", "hash"}`` of an entry verified before): only the entries after it are
    checked, chained from its hash (that the entry still carries it is
    :func:`check_checkpoint`'s part)."""
    return _verify(db, since)[0]


def _verify(db, since: dict[str, Any] | None) -> tuple[int | None, int, dict[str, Any] | None]:
    """(first broken id or None, entries checked, ``{"id", "hash"}`` of the last one checked)."""
    prev, start = (since["hash"], since["id"]) if since else (GENESIS, 0)
    last: dict[str, Any] | None = dict(id=start, hash=prev) if since else None
    n = 0
    cur = db.conn.execute("SELECT id, at, actor, action, object, details, prev_hash, hash FROM audit "
                          "WHERE id > ? ORDER BY id", [start])
    digest = _digest_fast
    while True:
        rows = cur.fetchmany(4096)
        if not rows:
            break
        for rid, at, actor, action, obj, details, prev_hash, h in rows:
            if prev_hash != prev or digest(prev, at, actor, action, obj, details) != h:
                return rid, n, last
            prev = h
            n += 1
        last = {"id": rows[-1][0], "hash": prev}
    return None, n, last


# --- checkpoint: where the last verification stopped ------------------------------------------
# ``audit verify`` checks the entries added since the last verified one (a day's work: well
# under a second) and moves the checkpoint; ``--full`` checks the whole chain. The checkpoint is
# kept in the database (a restored backup brings its own); an edit made before it is found by a
# full verification, a rewrite of the chain through it by :func:`check_checkpoint` and by the
# anchors kept outside the database.

CHECKPOINT_SETTING = "audit_checkpoint"


@dataclass(frozen=True)
class Verification:
    broken: int | None  # the first entry that does not chain, or None
    checked: int  # entries hashed
    since: dict[str, Any] | None  # the checkpoint the check started from; None: the first entry
    problem: str | None  # the checkpoint's entry is gone or no longer carries its hash (Vietnamese)
    last: dict[str, Any] | None  # ``{"id", "hash"}`` of the last entry checked: the next checkpoint


def is_checkpoint(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("id"), int) and not isinstance(value["id"], bool)
            and value["id"] > 0 and isinstance(value.get("hash"), str) and len(value["hash"]) == 64)


def checkpoint(db) -> dict[str, Any] | None:
    """The last verified entry (``{"id", "hash", "at"}``), or None when never verified."""
    from . import settings

    value = settings.get(db, CHECKPOINT_SETTING)
    return value if is_checkpoint(value) else None


def save_checkpoint(db, last: dict[str, Any] | None) -> None:
    """Remember ``last`` as verified; call inside a write transaction."""
    from . import settings

    if last is not None and last["id"] > 0:
        settings.put_many(db, {CHECKPOINT_SETTING: {"id": last["id"], "hash": last["hash"],
                                                    "at": timeutil.iso(timeutil.now())}})


def check_checkpoint(db, cp: dict[str, Any]) -> str | None:
    """Why the chain no longer passes through the checkpoint ``cp`` (Vietnamese), or None."""
    row = db.execute("SELECT hash FROM audit WHERE id = ?", [cp["id"]]).fetchone()
    when = cp.get("at") or "?"
    if row is None:
        return (f"Nhật ký kiểm tra đã bị cắt bớt: mục #{cp['id']}, đã được kiểm tra lúc {when}, không còn "
                "trong cơ sở dữ liệu.")
    if row[0] != cp["hash"]:
        return (f"Nhật ký kiểm tra đã bị viết lại: mục #{cp['id']} không còn khớp mã băm ghi nhận khi kiểm tra "
                f"lúc {when}.")
    return None


def verify_chain(db, full: bool = False) -> Verification:
    """Verify the chain from the checkpoint (``full``: from the first entry). A checkpoint whose
    entry is gone or changed is a problem, and the whole chain is then verified."""
    cp = None if full else checkpoint(db)
    problem = check_checkpoint(db, cp) if cp else None
    since = None if problem else cp
    broken, n, last = _verify(db, since)
    return Verification(broken, n, since, problem, last)


def search(db: "sqlite_utils.Database", *, actor: str = "", action: str = "", date_from: str = "", date_to: str = "",
           limit: int = 2000) -> list[dict]:
    """Audit entries for the viewer, newest first. Dates are YYYY-MM-DD (inclusive)."""
    where, args = [], []
    if actor.strip():
        where.append("actor LIKE ?")
        args.append(f"%{actor.strip()}%")
    if action.strip():
        where.append("action = ?")
        args.append(action.strip())
    if date_from:
        where.append("at >= ?")
        args.append(date_from)
    if date_to:
        where.append("at < date(?, '+1 day')")
        args.append(date_to)
    sql = "SELECT id, at, actor, action, object, details FROM audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    args.append(limit)
    return [
        {"id": r[0], "at": r[1], "actor": r[2], "action": r[3], "object": r[4], "details": r[5]}
        for r in db.execute(sql, args)
    ]


def actions(db: "sqlite_utils.Database") -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT action FROM audit ORDER BY action")]


# --- anchoring: the chain head kept outside the database -------------------------------------
# A hash chain alone does not detect deleting its last entries (or all of them), nor an edit
# followed by recomputing every later hash. An *anchor* — the number of entries and the hash of
# the last one at some moment — kept where the database's attacker cannot rewrite it, does: the
# chain must still have at least that many entries and its entry number ``count`` must still
# carry that hash. Anchors are kept in the OS keyring (file fallback, see dbkey), in every
# backup's manifest, in the day-close entry, and are meant to go to the province with the day's
# sync (:func:`anchor_payload`).


def head(db) -> dict[str, Any]:
    """The chain head now: ``{"count", "hash", "at"}`` (hash GENESIS for an empty chain)."""
    row = db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    # Entries are numbered 1, 2, … and never deleted: the last id is the count (one lookup; a
    # COUNT(*) reads the whole table, ~0.3 s at a million entries). An entry deleted from the
    # middle breaks the chain at the next one, which a full verification finds.
    return {"count": row[0] if row else 0, "hash": row[1] if row else GENESIS, "at": timeutil.iso(timeutil.now())}


def is_anchor(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("count"), int) and not isinstance(value["count"], bool)
            and value["count"] >= 0 and isinstance(value.get("hash"), str) and len(value["hash"]) == 64)


def check_anchor(db, anchor: dict[str, Any], source: str) -> str | None:
    """Why the chain in ``db`` does not extend ``anchor`` (a Vietnamese sentence naming
    ``source``, e.g. "kho khóa của hệ điều hành"), or None when it does."""
    if not is_anchor(anchor):
        return f"Mốc neo trong {source} không đúng định dạng."
    when = anchor.get("at") or "?"
    want = anchor["count"]
    have = db.execute("SELECT max(id) FROM audit").fetchone()[0] or 0  # entry k has id k (see head)
    if have < want:
        return (f"Nhật ký kiểm tra đã bị cắt bớt: hiện có {have} mục, nhưng mốc neo trong {source} "
                f"(lúc {when}) ghi nhận {want} mục.")
    if want == 0:
        return None
    row = db.execute("SELECT id, hash FROM audit WHERE id = ?", [want]).fetchone() or (want, "")
    if row[1] != anchor["hash"]:
        return (f"Nhật ký kiểm tra đã bị viết lại: mục thứ {want} (#{row[0]}) không còn khớp mã băm của mốc neo "
                f"trong {source} (lúc {when}); chuỗi băm đã bị tính lại hoặc các mục đã bị thay.")
    return None


def anchor_payload(db) -> dict[str, Any]:
    """What the day's sync sends to the province so the station's chain is anchored there too:
    the head now with the station's identity. (Sending it is the sync engine's part.)"""
    from . import settings

    s = settings.get_all(db)
    return {"kind": "audit-anchor", "agency_code": s.get("agency_code"), "station": s.get("station"), **head(db)}


def data_dir_of(db):
    """The data folder of a connection to ``<data dir>/counter.sqlite3`` (None for memory)."""
    from pathlib import Path

    for row in db.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2]).parent
    return None


def save_anchor(data_dir, anchor: dict[str, Any]) -> str | None:
    """Keep ``anchor`` outside the database (OS keyring, else a file). Never fails the caller:
    returns where it went, or None when it could not be kept."""
    from . import dbkey

    if data_dir is None:
        return None
    try:
        return dbkey.store_anchor(data_dir, anchor)
    except Exception:  # noqa: BLE001 - an anchor that cannot be kept is logged, not fatal
        import logging

        logging.getLogger(__name__).warning("could not keep the audit anchor", exc_info=True)
        return None


def anchor_now(db) -> str | None:
    """Anchor the current head of ``db``'s chain outside the database."""
    return save_anchor(data_dir_of(db), head(db))
