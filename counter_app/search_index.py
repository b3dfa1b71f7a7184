"""Full-text search over a folded copy of codes, names, ID numbers and phone numbers.

Folding (đ→d first, then NFD minus combining marks, lowercase) is done in Python for both the
indexed text and the query, because FTS5's remove_diacritics does not fold đ. Type-ahead uses
prefix queries with an unranked LIMIT.
"""

from __future__ import annotations

import sqlite_utils

from .folding import fold, fold_phone, fts_query


def body_for(code: str, parties: list[tuple[str, str, str]]) -> str:
    """Folded text indexed for one dossier: the code (whole, and its date-sequence tail and
    sequence alone, so '261123-1001' or '1001' also find it), names, ID numbers, phones."""
    parts = [code]
    tail = code.split("-", 1)[1] if "-" in code else ""
    if tail:
        parts += [tail, tail.rsplit("-", 1)[-1]]
    for name, id_number, phone in parties:
        parts += [name, id_number]
        if phone:
            parts.append(fold_phone(phone))
    return fold(" ".join(p for p in parts if p))


def index_dossier(db: sqlite_utils.Database, dossier_id: int) -> None:
    """(Re)index one dossier; call inside the write transaction that changed it."""
    code = db.execute("SELECT code FROM dossiers WHERE id = ?", [dossier_id]).fetchone()[0]
    parties = db.execute(
        "SELECT full_name, id_number, phone FROM parties WHERE dossier_id = ? ORDER BY role", [dossier_id]
    ).fetchall()
    db.execute("DELETE FROM dossier_fts WHERE rowid = ?", [dossier_id])
    db.execute(
        "INSERT INTO dossier_fts (rowid, body) VALUES (?, ?)",
        [dossier_id, body_for(code, [tuple(p) for p in parties])],
    )


def matching_ids(db: sqlite_utils.Database, text: str, limit: int | None = 200) -> list[int] | None:
    """Dossier ids matching ``text`` (unranked), or None when the text has nothing searchable."""
    q = fts_query(text)
    if q is None:
        return None
    sql = "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?"
    args: list = [q]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [r[0] for r in db.execute(sql, args)]
