"""Attaching component PDFs to dossiers (the database side).

Order of work, so that a power cut or a full disk never leaves a row pointing at nothing:

1. :func:`store_component` builds the component's PDF and stores it (temp file, fsync,
   rename) — no database work; on failure nothing is recorded and the pages stay in memory;
2. :func:`save_scans` records, in ONE write transaction, for every changed component: the
   ``files`` row, the new ``attachments`` row (the previous one of that component gets
   ``removed_at``), the ``outbox`` row (kind ``file``, ref = sha256) for the sync engine, and
   an audit row without personal data.

Each component has at most one active attachment (one PDF); adding pages to a component
replaces its PDF by a new one holding the old pages and the new ones.

The intake form saves the dossier first (``counter_app.intake.save``, its own transaction)
and then the attachments for the new dossier id (:func:`save_intake_with_scans`): two
transactions back to back on the writer thread, with the files already on disk before either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from counter_app import audit, outbox, timeutil
from counter_app.audit import Actor
from counter_app.db import write_tx
from counter_app.errors import NotFound, UserError
from counter_app.folding import fold
from counter_app.i18n import _

from . import profile as prof
from . import store
from .errors import FileNotOnThisPC, StorageError
from .pages import Page, pages_of_stored_pdf
from .pdfbuild import build_pdf

MIME_PDF = "application/pdf"


@dataclass(frozen=True)
class ComponentPdf:
    """A component PDF already in the store, ready to be attached."""

    position: int
    sha256: str
    size: int
    pages: int
    filename: str


@dataclass(frozen=True)
class Removal:
    """All scans of a component deleted by the clerk."""

    position: int


def pdf_filename(position: int, name: str) -> str:
    slug = "-".join(fold(name).replace("/", " ").split())
    slug = "".join(c for c in slug if c.isalnum() or c == "-")[:60].strip("-") or "thanh-phan"
    return f"{position:02d}-{slug}.pdf"


def store_component(data_dir: Path, position: int, name: str, pages: Sequence[Page]) -> ComponentPdf:
    """Build and store one component's PDF (no database work: run it before the transaction)."""
    pdf = build_pdf(pages, f"\"{name}\"")
    stored = store.put(data_dir, pdf, "pdf")
    return ComponentPdf(position, stored.sha256, stored.size, len(pages), pdf_filename(position, name))


def _dossier(db: sqlite_utils.Database, dossier_id: int) -> tuple[int, str]:
    row = db.execute("SELECT id, code FROM dossiers WHERE id = ?", [dossier_id]).fetchone()
    if row is None:
        raise NotFound(_("Không tìm thấy hồ sơ để đính kèm bản quét."))
    return row[0], row[1]


def dossier_id_by_code(db: sqlite_utils.Database, code: str) -> int:
    row = db.execute("SELECT id FROM dossiers WHERE code = ?", [(code or "").strip()]).fetchone()
    if row is None:
        raise NotFound(_("Không tìm thấy hồ sơ có mã \"{code}\".").format(code=code))
    return row[0]


def active(db: sqlite_utils.Database, dossier_id: int) -> list[dict[str, Any]]:
    """Active attachments of a dossier's components (not its result documents: ``results.py``),
    by component position."""
    rows = db.execute(
        "SELECT a.id, a.component_position, a.sha256, a.filename, a.pages, a.created_at, a.created_by, "
        "f.size, f.ext, f.purged_at, c.name FROM attachments a JOIN files f ON f.sha256 = a.sha256 "
        "LEFT JOIN components c ON c.dossier_id = a.dossier_id AND c.position = a.component_position "
        "WHERE a.dossier_id = ? AND a.kind = 'component' AND a.removed_at IS NULL ORDER BY a.component_position, a.id",
        [dossier_id],
    ).fetchall()
    return [
        {"id": r[0], "position": r[1], "sha256": r[2], "filename": r[3], "pages": r[4], "created_at": r[5],
         "created_by": r[6], "size": r[7], "ext": r[8], "purged": bool(r[9]), "component": r[10] or ""}
        for r in rows
    ]


def save_scans(
    db: sqlite_utils.Database, dossier_id: int, items: Sequence[ComponentPdf | Removal], actor: Actor,
    data_dir: Path | None = None,
) -> int:
    """Record new component PDFs (and removals) in one transaction. Returns the number of
    attachments written. Files must already be in the store (``data_dir`` checks it)."""
    now = timeutil.iso(timeutil.now())
    written = 0
    with write_tx(db):
        did, code = _dossier(db, dossier_id)
        components = {r[0]: r[1] for r in db.execute(
            "SELECT position, name FROM components WHERE dossier_id = ?", [did])}
        everything = active(db, did)
        current = {a["position"]: a for a in everything}
        # a component may hold several files (an online dossier's, counter_app/online.py): a
        # new PDF or a removal replaces them all
        same_place = {pos: [a for a in everything if a["position"] == pos] for pos in current}
        total = sum(a["size"] for a in everything)
        for item in items:
            if item.position not in components:
                raise UserError(_("Hồ sơ {code} không có thành phần số {n}.").format(code=code, n=item.position))
            total -= sum(a["size"] for a in same_place.get(item.position, []))
            if isinstance(item, ComponentPdf):
                total += item.size
        if total > prof.MAX_DOSSIER_BYTES:
            raise UserError(
                _("Tổng dung lượng bản quét của hồ sơ {code} sẽ là {size}, vượt giới hạn "
                  "{limit}. Hãy quét ở độ phân giải thấp hơn hoặc chế độ ảnh xám.").format(
                    code=code, size=prof.mb(total), limit=prof.mb(prof.MAX_DOSSIER_BYTES))
            )
        for item in items:
            old = current.get(item.position)
            if isinstance(item, Removal):
                if old is None:
                    continue
                for a in same_place[item.position]:
                    db.execute("UPDATE attachments SET removed_at = ? WHERE id = ?", [now, a["id"]])
                audit.record(db, actor, "detach", code, {"component": item.position, "sha256": old["sha256"]})
                continue
            if old is not None and old["sha256"] == item.sha256 and len(same_place[item.position]) == 1:
                continue  # unchanged
            if data_dir is not None and not store.file_path(data_dir, item.sha256, "pdf").exists():
                raise StorageError(_("Tệp bản quét chưa được ghi vào thư mục dữ liệu; hãy lưu lại."))
            db.execute(
                "INSERT INTO files (sha256, size, mime, ext, pages, stored_at) VALUES (?, ?, ?, 'pdf', ?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET purged_at = NULL",
                [item.sha256, item.size, MIME_PDF, item.pages, now],
            )
            for a in same_place.get(item.position, []):
                db.execute("UPDATE attachments SET removed_at = ? WHERE id = ?", [now, a["id"]])
            db.execute(
                "INSERT INTO attachments (dossier_id, component_position, sha256, filename, pages, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [did, item.position, item.sha256, item.filename, item.pages, now, actor.label],
            )
            outbox.enqueue(db, outbox.FILE, did, item.sha256, now=now)
            audit.record(db, actor, "attach", code, {
                "component": item.position, "pages": item.pages, "bytes": item.size, "sha256": item.sha256,
                "replaces": old["sha256"] if old else None,
            })
            written += 1
    return written


def save_intake_with_scans(db: sqlite_utils.Database, req, actor: Actor, items: Sequence[ComponentPdf],
                           data_dir: Path) -> tuple[Any, str | None]:
    """The intake form's save: the dossier (its own transaction), then its attachments. Returns
    (saved dossier, None) or (saved dossier, Vietnamese message) when only the attachments
    failed — the dossier is on disk either way and the clerk keeps the pages to retry."""
    from counter_app import intake

    saved = intake.save(db, req, actor)
    if not items:
        return saved, None
    try:
        save_scans(db, saved.id, items, actor, data_dir)
    except UserError as exc:
        return saved, exc.message
    except Exception as exc:  # noqa: BLE001 - a database error must not hide the saved code
        return saved, _("Lỗi không mong đợi khi ghi bản quét: {error}").format(error=exc)
    return saved, None


def load_pages(db: sqlite_utils.Database, data_dir: Path, dossier_id: int, positions: Iterable[int] | None = None,
               *, allow_purged: bool = False) -> dict[int, list[Page]]:
    """Pages of the active attachments of a dossier (or of the components at ``positions``), by
    component position (for editing). A scan removed from this PC after the retention period
    raises :class:`FileNotOnThisPC` (fetch it back first, ``counter_app.scanning.retention``);
    with ``allow_purged`` such components are left out instead."""
    wanted = None if positions is None else set(positions)
    rows = [a for a in active(db, dossier_id) if wanted is None or a["position"] in wanted]
    purged = [a["sha256"] for a in rows if a["purged"]]
    if purged and not allow_purged:
        code = db.execute("SELECT code FROM dossiers WHERE id = ?", [dossier_id]).fetchone()
        raise FileNotOnThisPC(purged, code[0] if code else "")
    out: dict[int, list[Page]] = {}
    for a in rows:
        if a["purged"]:
            continue
        try:
            data = store.read(data_dir, a["sha256"], a["ext"])
        except StorageError:
            # removed by the retention run between the query above and the read?
            again = db.execute("SELECT purged_at FROM files WHERE sha256 = ?", [a["sha256"]]).fetchone()
            if again and again[0] and not allow_purged:
                code = db.execute("SELECT code FROM dossiers WHERE id = ?", [dossier_id]).fetchone()
                raise FileNotOnThisPC([a["sha256"]], code[0] if code else "") from None
            if again and again[0]:
                continue
            raise
        out.setdefault(a["position"], []).extend(_stored_pages(data, a))
    return out


def _stored_pages(data: bytes, a: dict[str, Any]) -> list[Page]:
    """A stored attachment's pages: a component PDF made here; or a file of an online dossier
    received from the portal (counter_app/online.py), which may be an image (several files may
    belong to one component: their pages follow each other)."""
    if a["ext"] == "pdf":
        return pages_of_stored_pdf(data, a["filename"])
    from .pages import pages_from_bytes

    return pages_from_bytes(data, a["filename"], prof.ScanProfile(color_mode="color"))


def load_for_editing(db: sqlite_utils.Database, data_dir: Path, code: str, *,
                     allow_purged: bool = False) -> dict[str, Any]:
    """What the dossier detail's scan tab needs: components and their stored pages. Scans kept
    at the province only raise :class:`FileNotOnThisPC`, unless ``allow_purged`` (then their
    positions are listed in ``purged`` and they have no pages here)."""
    did = dossier_id_by_code(db, code)
    comps = [(r[0], r[1]) for r in db.execute(
        "SELECT position, name FROM components WHERE dossier_id = ? ORDER BY position", [did])]
    attachments = active(db, did)
    return {
        "dossier_id": did, "code": code, "components": comps,
        "pages": load_pages(db, data_dir, did, allow_purged=allow_purged),
        "purged": [a["position"] for a in attachments if a["purged"]],
    }
