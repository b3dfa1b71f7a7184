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
