"""Frozen bodies: what an outbox row sends, built once before its first send.

A body is built from the national model (:mod:`counter_app.wire`), reshaped by the station's
adapter (``record_body``/``progress_body``) and stored as canonical JSON in the row's
``payload`` (:func:`counter_app.outbox.mark_sending`); every retry sends those bytes under the
same idempotency key.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from counter_app import online, outbox, wire

from .adapters import Adapter
from .errors import LocalError
from .queue import Row


def canon(body: dict[str, Any]) -> str:
    """Canonical JSON: the same content always gives the same bytes."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def freeze(db: sqlite_utils.Database, adapter: Adapter, r: Row) -> str:
    """The row's body: its frozen payload if it has one, else built now. Raises
    :class:`LocalError` when what it carries is not in the database any more."""
    if r.payload:
        return r.payload
    if r.kind == outbox.FILE:
        f = db.execute("SELECT size, mime, ext FROM files WHERE sha256 = ?", [r.ref]).fetchone()
        if f is None:
            raise LocalError("Không có thông tin tệp đính kèm trong cơ sở dữ liệu.")
        a = db.execute(
            "SELECT filename FROM attachments WHERE sha256 = ? AND dossier_id IS ? ORDER BY id LIMIT 1",
            [r.ref, r.dossier_id],
        ).fetchone()
        body = {"sha256": r.ref, "size": f[0], "mime": f[1], "ext": f[2], "filename": a[0] if a else f"{r.ref}.{f[2]}"}
    elif r.kind == outbox.DOSSIER:
        first = int(r.ref) if r.ref and r.ref.isdigit() else db.execute(
            "SELECT MIN(id) FROM history WHERE dossier_id = ?", [r.dossier_id]).fetchone()[0]
        body = adapter.record_body(wire.build_record(db, r.dossier_id, first))
    elif r.kind == outbox.PROGRESS and online.is_outbox_ref(r.ref):
        entry = online.progress_body_entry(db, r.ref)
        if entry is None:
            raise LocalError("Không tìm thấy kết quả xử lý hồ sơ trực tuyến tương ứng trong cơ sở dữ liệu.")
        body = adapter.progress_body(entry)
    elif r.kind == outbox.PROGRESS:
        entry = wire.build_progress(db, int(r.ref or 0))
        if entry is None:
            raise LocalError("Không tìm thấy bước xử lý tương ứng trong quá trình xử lý của hồ sơ.")
        body = adapter.progress_body(entry)
    else:
        raise LocalError(f"Loại mục đồng bộ không được hỗ trợ: {r.kind}.")
    return canon(body)
