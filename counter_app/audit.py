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
