"""Drafts: what a clerk has typed into a form and not saved yet, kept so that a crash, a power cut
or a killed process loses nothing (issue 14). One draft per user and kind (``intake``); the GUI
writes it a moment after each change and removes it when the dossier is saved or the clerk
discards the form; at the next login it is offered back.

A draft is not a record: it is not audited, not synced, never logged (it holds personal data),
and it lives in the database so that it is protected exactly like the data it will become.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from . import timeutil
from .db import write_tx
from .errors import UserError

KINDS = ("intake",)
MAX_BYTES = 256 * 1024  # a form's fields with the core's limits stay far below this


def _check(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(kind)


def save(db: sqlite_utils.Database, owner: str, kind: str, data: dict[str, Any]) -> str:
    """Keep ``data`` as ``owner``'s draft of ``kind`` (replacing the last); returns its time."""
    _check(kind)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise UserError("Bản nháp quá lớn; không lưu được.")
    at = timeutil.iso(timeutil.now())
    with write_tx(db):
        db.execute(
            "INSERT INTO drafts (owner, kind, data, saved_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (owner, kind) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
            [owner, kind, text, at],
        )
    return at


def load(db: sqlite_utils.Database, owner: str, kind: str) -> dict[str, Any] | None:
    """``{"data", "saved_at"}`` of ``owner``'s draft, or None (also for an unreadable one)."""
    _check(kind)
    row = db.execute("SELECT data, saved_at FROM drafts WHERE owner = ? AND kind = ?", [owner, kind]).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
    except ValueError:
        return None
    return {"data": data, "saved_at": row[1]} if isinstance(data, dict) else None


def clear(db: sqlite_utils.Database, owner: str, kind: str) -> None:
    _check(kind)
    with write_tx(db):
        db.execute("DELETE FROM drafts WHERE owner = ? AND kind = ?", [owner, kind])
