"""Full-text search over a folded copy of codes, names, ID numbers and phone numbers.

Folding (đ→d first, then NFD minus combining marks, lowercase) is done in Python for both the
indexed text and the query, because FTS5's remove_diacritics does not fold đ. Type-ahead uses
prefix queries with an unranked LIMIT.
"""

from __future__ import annotations

import logging

import sqlite_utils

from .db import write_tx
from .errors import UserError
from .folding import fold, fold_phone, fts_query

# Merging the index's segments is not done inside a save (m023_syncp sets FTS5's ``automerge``
# to 0: at a million dossiers a save that hit a merge wrote ~650 pages and took 15-50 ms instead
# of 2). The writers run :func:`merge_step` after their transaction instead: the GUI's writer
# thread after each write task (ui/backend.py), the CLI after an intake. FTS5's own safety valve
# stays: 16 segments on one level are merged at once by the save that adds the 16th.
MERGE_PAGES = 64

log = logging.getLogger(__name__)


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


def merge_step(db: sqlite_utils.Database, pages: int = MERGE_PAGES) -> bool:
    """Up to ``pages`` pages of the index's pending merge work (FTS5 ``'merge'``: only levels
    holding ``usermerge`` (4) segments or more, or a merge already begun), in a write
    transaction of its own; call between transactions. False when there was nothing to merge
    (then it writes nothing: ~0.02 ms), and when another writer holds the database or the disk
    is full: the work is optional and waits for the next call (it never waits on a lock, never
    fails the caller's command)."""
    before = db.conn.total_changes
    timeout = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    try:
        with write_tx(db):
            db.execute("INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('merge', ?)", [pages])
    except UserError:  # the disk is full (write_tx's message): nothing written, nothing lost
        log.warning("search index merge skipped: the disk is full")
        return False
    except Exception as exc:  # sqlite3 or sqlcipher3 OperationalError: busy (another writer)
        if type(exc).__name__ != "OperationalError":
            raise
        log.info("search index merge skipped for now (%s)", exc)
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return db.conn.total_changes - before >= 2  # FTS5's documented test for "work was done"


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
