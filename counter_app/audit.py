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


def verify(db: sqlite_utils.Database) -> int | None:
    """Return the id of the first broken entry, or None when the chain is intact."""
    prev = GENESIS
    for row in db.execute("SELECT id, at, actor, action, object, details, prev_hash, hash FROM audit ORDER BY id"):
        rid, at, actor, action, obj, details, prev_hash, h = row
        if prev_hash != prev or _digest(prev, at, actor, action, obj, details) != h:
            return rid
        prev = h
    return None


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
    n = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return {"count": n, "hash": row[0] if row else GENESIS, "at": timeutil.iso(timeutil.now())}


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
    have = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    if have < want:
        return (f"Nhật ký kiểm tra đã bị cắt bớt: hiện có {have} mục, nhưng mốc neo trong {source} "
                f"(lúc {when}) ghi nhận {want} mục.")
    if want == 0:
        return None
    row = db.execute("SELECT id, hash FROM audit ORDER BY id LIMIT 1 OFFSET ?", [want - 1]).fetchone()
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
