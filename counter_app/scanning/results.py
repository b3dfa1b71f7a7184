"""Result documents: the scan of the result the clerk hands over (issue 20, scope 5).

When the result comes back from the resolving unit ("result received", status 9) or when it is
handed to the citizen (status 10), the clerk scans it — from the scanner or from files (PDF,
JPEG, PNG, TIFF), through the same page machinery as the submitted papers — and it is kept as
one PDF per result document: an ``attachments`` row of ``kind`` 'result' (migration
m020_result_documents), numbered 1, 2, … among the dossier's results, with the result's name
(``title``: the catalogue's result, or "Kết quả giải quyết hồ sơ") and, when the clerk gives
it, the number printed on it (``doc_number``).

It goes up like any file: an outbox ``file`` row (ref = sha256) in the same transaction, the
tus upload, and then the dossier's record lists it in ``DanhSachGiayToKetQua`` — only once the
province has given its URL (``files.remote_url``), like ``TaiLieuNop`` (``counter_app.wire``).
A record already sent without it is followed by a record update when the upload is confirmed
(``sync.uploads.record_update_needed``). The scorecard's 4.1 and 4.2 count it.

Order of work as for components (``attachments.py``): the PDF is stored first (no database
work), then one write transaction records the file, the attachment, the outbox row and the
audit entry (``attach-result``, no personal data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from counter_app import audit, outbox, statuses, timeutil
from counter_app.audit import Actor
from counter_app.db import write_tx
from counter_app.errors import UserError
from counter_app.i18n import _

from . import profile as prof
from . import store
from .attachments import MIME_PDF, dossier_id_by_code, pdf_filename
from .errors import StorageError
from .pages import Page
from .pdfbuild import build_pdf

KIND = "result"
# The statuses at which a result can be attached: the result is at the counter, or handed over.
STATUSES = (statuses.RESOLVED, statuses.RETURNED)
DEFAULT_TITLE = "Kết quả giải quyết hồ sơ"  # data (the synced TenGiayTo): Vietnamese, never translated
MAX_NUMBER_LEN = 100


@dataclass(frozen=True)
class ResultPdf:
    """A result document's PDF already in the store, ready to be recorded."""

    sha256: str
    size: int
    pages: int


def title_of(db: sqlite_utils.Database, dossier_id: int) -> str:
    """The result's name: the result of the dossier's procedure (catalogue ``result``), else the
    default."""
    row = db.execute(  # the rules as they were at intake (the dossier's copy), else the catalogue's
        "SELECT COALESCE(json_extract(d.procedure_rules, '$.result'), json_extract(p.rules, '$.result')) "
        "FROM dossiers d LEFT JOIN procedures p ON p.id = d.procedure_id WHERE d.id = ?", [dossier_id]).fetchone()
    text = (row[0] if row and isinstance(row[0], str) else "").strip()
    return text or DEFAULT_TITLE


def store_result(data_dir: Path, pages: Sequence[Page], label: str = "") -> ResultPdf:
    """Build and store the result's PDF (no database work: run it before :func:`record`)."""
    pdf = build_pdf(pages, f"\"{label or DEFAULT_TITLE}\"")
    stored = store.put(data_dir, pdf, "pdf")
    return ResultPdf(stored.sha256, stored.size, len(pages))


def results(db: sqlite_utils.Database, dossier_id: int) -> list[dict[str, Any]]:
    """The dossier's result documents (not removed), in order, with their upload state."""
    rows = db.execute(
        "SELECT a.id, a.component_position, a.sha256, a.filename, a.pages, a.title, a.doc_number, a.created_at, "
        "a.created_by, f.size, f.remote_url FROM attachments a JOIN files f ON f.sha256 = a.sha256 "
        "WHERE a.dossier_id = ? AND a.kind = 'result' AND a.removed_at IS NULL ORDER BY a.component_position, a.id",
        [dossier_id]).fetchall()
    return [{"id": r[0], "number": r[1], "sha256": r[2], "filename": r[3], "pages": r[4], "title": r[5] or "",
             "doc_number": r[6] or "", "created_at": r[7], "created_by": r[8], "size": r[9],
             "uploaded": r[10] is not None} for r in rows]


def record(db: sqlite_utils.Database, code: str, pdf: ResultPdf, actor: Actor, data_dir: Path | None = None, *,
           title: str | None = None, doc_number: str = "") -> dict[str, Any]:
    """Record a stored result PDF as a result document of dossier ``code`` (status 9 or 10), in
    one transaction with its outbox row and audit entry. Returns the new result's summary.
    Raises UserError (Vietnamese) for an unknown dossier, a dossier without its result yet, a
    number too long, or a file missing from the store; nothing is written then."""
    doc_number = (doc_number or "").strip()
    if len(doc_number) > MAX_NUMBER_LEN:
        raise UserError(_("Số của giấy tờ kết quả quá dài (tối đa {n} ký tự).").format(n=MAX_NUMBER_LEN))
    now = timeutil.iso(timeutil.now())
    with write_tx(db):
        did = dossier_id_by_code(db, code)
        code = db.execute("SELECT code FROM dossiers WHERE id = ?", [did]).fetchone()[0]
        status = db.execute("SELECT status FROM dossiers WHERE id = ?", [did]).fetchone()[0]
        if status not in STATUSES:
            raise UserError(_("Hồ sơ {code} đang ở trạng thái \"{status}\": chỉ đính kèm bản quét kết quả khi đã có "
                              "kết quả (\"{ready}\") hoặc khi trả kết quả.").format(
                code=code, status=statuses.label(status), ready=statuses.label(statuses.RESOLVED)))
        if data_dir is not None and not store.file_path(data_dir, pdf.sha256, "pdf").exists():
            raise StorageError(_("Tệp bản quét chưa được ghi vào thư mục dữ liệu; hãy lưu lại."))
        current = results(db, did)
        if any(r["sha256"] == pdf.sha256 for r in current):
            raise UserError(_("Bản quét kết quả này đã được đính kèm vào hồ sơ {code}.").format(code=code))
        used = db.execute("SELECT COALESCE(SUM(f.size), 0) FROM attachments a JOIN files f ON f.sha256 = a.sha256 "
                          "WHERE a.dossier_id = ? AND a.removed_at IS NULL", [did]).fetchone()[0]
        if used + pdf.size > prof.MAX_DOSSIER_BYTES:
            raise UserError(
                _("Tổng dung lượng bản quét của hồ sơ {code} sẽ là {size}, vượt giới hạn "
                  "{limit}. Hãy quét ở độ phân giải thấp hơn hoặc chế độ ảnh xám.").format(
                    code=code, size=prof.mb(used + pdf.size), limit=prof.mb(prof.MAX_DOSSIER_BYTES)))
        number = 1 + db.execute("SELECT COALESCE(MAX(component_position), 0) FROM attachments "
                                "WHERE dossier_id = ? AND kind = 'result'", [did]).fetchone()[0]
        name = (title or "").strip() or title_of(db, did)
        filename = "kq-" + pdf_filename(number, name)
        db.execute(
            "INSERT INTO files (sha256, size, mime, ext, pages, stored_at) VALUES (?, ?, ?, 'pdf', ?, ?) "
            "ON CONFLICT (sha256) DO UPDATE SET purged_at = NULL",
            [pdf.sha256, pdf.size, MIME_PDF, pdf.pages, now])
        cur = db.execute(
            "INSERT INTO attachments (dossier_id, component_position, sha256, filename, pages, created_at, created_by, "
            "kind, title, doc_number) VALUES (?, ?, ?, ?, ?, ?, ?, 'result', ?, ?)",
            [did, number, pdf.sha256, filename, pdf.pages, now, actor.label, name[:300], doc_number or None])
        outbox.enqueue(db, outbox.FILE, did, pdf.sha256, now=now)
        audit.record(db, actor, "attach-result", code, {
            "result": number, "status": status, "pages": pdf.pages, "bytes": pdf.size, "sha256": pdf.sha256})
    return {"id": cur.lastrowid, "code": code, "number": number, "title": name, "filename": filename,
            "sha256": pdf.sha256, "pages": pdf.pages, "size": pdf.size}


def attach(db: sqlite_utils.Database, data_dir: Path, code: str, pages: Sequence[Page], actor: Actor, *,
           title: str | None = None, doc_number: str = "") -> dict[str, Any]:
    """Store the pages as one result PDF and record it (:func:`store_result` then :func:`record`).
    The status is checked first, so that a refused attach stores nothing new."""
    did = dossier_id_by_code(db, code)
    status = db.execute("SELECT status FROM dossiers WHERE id = ?", [did]).fetchone()[0]
    if status not in STATUSES:
        real = db.execute("SELECT code FROM dossiers WHERE id = ?", [did]).fetchone()[0]
        raise UserError(_("Hồ sơ {code} đang ở trạng thái \"{status}\": chỉ đính kèm bản quét kết quả khi đã có "
                          "kết quả (\"{ready}\") hoặc khi trả kết quả.").format(
            code=real, status=statuses.label(status), ready=statuses.label(statuses.RESOLVED)))
    pdf = store_result(data_dir, pages, title or "")
    return record(db, code, pdf, actor, data_dir, title=title, doc_number=doc_number)
