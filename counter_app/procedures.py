"""The procedure catalogue in the database: versioned rows, import, look-up, type-ahead.

A catalogue import never edits a row a dossier points at: a changed procedure gets a new row
(new rules hash) and the old one is marked inactive, so each dossier keeps the rules in force
when it was received (it also stores a JSON snapshot of them).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlite_utils

from . import audit, timeutil
from .catalogue import Catalogue, Procedure
from .errors import NotFound
from .folding import fold


@dataclass(frozen=True)
class StoredProcedure:
    id: int
    procedure: Procedure


def _rules_json(p: Procedure) -> str:
    return json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def import_catalogue(db: sqlite_utils.Database, catalogue: Catalogue, actor: audit.Actor | str) -> dict[str, int]:
    """Make ``catalogue`` the procedures in force. Call inside a write transaction.
    Returns counts: added, changed, unchanged, retired. Supervisors and administrators only
    (a plain string actor is the system itself: first setup, or the province's pull)."""
    if isinstance(actor, audit.Actor):
        from .accounts import require_supervisor

        require_supervisor(actor)
    now = timeutil.iso(timeutil.now())
    active = {
        row[0]: (row[1], row[2])
        for row in db.execute("SELECT code, id, rules_hash FROM procedures WHERE active = 1")
    }
    counts = {"added": 0, "changed": 0, "unchanged": 0, "retired": 0}
    seen = set()
    for p in catalogue.procedures:
        seen.add(p.code)
        rules = _rules_json(p)
        h = hashlib.sha256(rules.encode("utf-8")).hexdigest()
        current = active.get(p.code)
        if current and current[1] == h:
            counts["unchanged"] += 1
            continue
        if current:
            db.execute("UPDATE procedures SET active = 0 WHERE id = ?", [current[0]])
            counts["changed"] += 1
        else:
            counts["added"] += 1
        existing = db.execute("SELECT id FROM procedures WHERE code = ? AND rules_hash = ?", [p.code, h]).fetchone()
        if existing:  # an older version comes back into force
            db.execute("UPDATE procedures SET active = 1, imported_at = ? WHERE id = ?", [now, existing[0]])
        else:
            db.execute(
                "INSERT INTO procedures (code, name, field, name_folded, rules, rules_hash, active, catalogue_title, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                [p.code, p.name, p.field, fold(f"{p.code} {p.name} {p.field}"), rules, h, catalogue.title, now],
            )
    for code, (pid, _h) in active.items():
        if code not in seen:
            db.execute("UPDATE procedures SET active = 0 WHERE id = ?", [pid])
            counts["retired"] += 1
    audit.record(db, actor, "catalogue-import", "procedures", {"title": catalogue.title, **counts})
    return counts


def _row_to_stored(row) -> StoredProcedure:
    return StoredProcedure(row[0], Procedure.from_dict(json.loads(row[1])))


def active_procedures(db: sqlite_utils.Database) -> list[StoredProcedure]:
    rows = db.execute("SELECT id, rules FROM procedures WHERE active = 1 ORDER BY field, name").fetchall()
    return [_row_to_stored(r) for r in rows]


def get_active(db: sqlite_utils.Database, code: str) -> StoredProcedure:
    row = db.execute("SELECT id, rules FROM procedures WHERE active = 1 AND code = ?", [(code or "").strip()]).fetchone()
    if row is None:
        raise NotFound(f"Không tìm thấy thủ tục có mã \"{code}\" trong danh mục đang áp dụng.", field="procedure_code")
    return _row_to_stored(row)


def search(db: sqlite_utils.Database, text: str, limit: int = 50) -> list[StoredProcedure]:
    """Accent-insensitive type-ahead: every folded word of ``text`` must appear."""
    words = fold(text).split()
    sql = "SELECT id, rules FROM procedures WHERE active = 1"
    args: list = []
    for w in words:
        sql += " AND name_folded LIKE ? ESCAPE '\\'"
        args.append("%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    sql += " ORDER BY field, name LIMIT ?"
    args.append(limit)
    return [_row_to_stored(r) for r in db.execute(sql, args).fetchall()]
