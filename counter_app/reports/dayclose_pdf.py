"""The day-close sheet (Biên bản chốt số liệu ngày) of a stored close, as a PDF.

Laid out as a report table (``table.Table``) and rendered by ``pdf.render_pdf`` with the
printed forms' fonts: the agency heading, the title with the day, the station, who closed the
day and when, the note, the figures' SHA-256 and whether the stored figures still match it,
the audit anchor kept with the close, the per-clerk table with its total row, and the
signature blocks (Người lập, Giám sát viên). The figures are the stored ones, never a recount.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from .. import accounts, audit, timeutil
from ..audit import Actor
from ..db import write_tx
from ..errors import UserError
from . import dayclose, service
from .table import Block, Column, HeaderCell, Table

COUNTS = ("received", "resolved", "early", "on_time", "late", "returned", "refused", "withdrawn", "supplements")
FEES = ("fee_cash", "fee_transfer", "fee_online", "fees")
TITLE = "BIÊN BẢN CHỐT SỐ LIỆU NGÀY"


def sheet_data(db: sqlite_utils.Database, actor: Actor, day: date) -> dict[str, Any]:
    """What the sheet prints: the stored close of ``day`` at this station, its audit anchor and
    the report headings. Refused (UserError) when the day is not closed."""
    accounts.require_supervisor(actor)
    stored = dayclose.closed(db, day)
    if stored is None:
        raise UserError(f"Ngày {timeutil.vn_date(day)} chưa được chốt số liệu ở quầy này: chưa có biên bản để in.")
    return {"day": day.isoformat(), "close": stored, "anchor": dayclose.close_anchor(db, day),
            "meta": service.report_meta(db)}


def sheet_lines(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The sheet's lines above the table: (text, style, align)."""
    day = date.fromisoformat(data["day"])
    close = data["close"]
    fig = close["figures"]
    when = timeutil.vn_datetime(timeutil.parse_iso(close["closed_at"]))
    lines = [
        (f"{TITLE} {timeutil.vn_date(day)}", "B", "center"),
        (f"Quầy số {fig['station']} – mã đơn vị {fig['agency_code']}", "I", "center"),
        (f"Chốt lúc: {when}. Người chốt: {close['closed_by']}.", "R", "left"),
        (f"Ghi chú: {close['note'] or '(không có)'}", "R", "left"),
        (f"Mã kiểm tra số liệu đã chốt (SHA-256): {close['sha256']}", "R", "left"),
    ]
    if close["intact"]:
        lines.append(("Tình trạng: số liệu đã lưu còn nguyên vẹn (khớp mã kiểm tra).", "R", "left"))
    else:
        lines.append(("Tình trạng: SỐ LIỆU ĐÃ LƯU KHÔNG CÒN KHỚP MÃ KIỂM TRA (có thể đã bị sửa sau khi chốt).",
                      "B", "left"))
    anchor = data.get("anchor")
    lines.append((dayclose.audit_anchor_line(anchor) if anchor else "Nhật ký kiểm tra: không tìm thấy mục chốt ngày.",
                  "R", "left"))
    return lines


def sheet_table(data: dict[str, Any]) -> Table:
    meta = data["meta"]
    day = date.fromisoformat(data["day"])
    close = data["close"]
    fig = close["figures"]
    columns = [Column(6, "int", "center"), Column(28, "text")]
    columns += [Column(10, "int") for _m in COUNTS] + [Column(13, "money") for _m in FEES]
    header = [HeaderCell(0, 0, "STT", rowspan=2), HeaderCell(0, 1, "Người tiếp nhận", rowspan=2),
              HeaderCell(0, 2, "Số hồ sơ", colspan=len(COUNTS)),
              HeaderCell(0, 2 + len(COUNTS), "Phí, lệ phí (đồng)", colspan=len(FEES))]
    for i, m in enumerate(COUNTS + FEES):
        header.append(HeaderCell(1, 2 + i, dayclose.LABELS[m]))
    rows = [[i, c["clerk"] or "(không rõ)", *(c.get(m, 0) for m in COUNTS + FEES)]
            for i, c in enumerate(fig["clerks"], start=1)]
    total = ["", "Tổng cộng", *(fig["totals"].get(m, 0) for m in COUNTS + FEES)]
    ncol = len(columns)
    blocks = [
        Block(0, 4, [((meta.get("parent_name") or "").upper(), "R"), ((meta.get("agency_name") or "").upper(), "B")]),
        Block(ncol - 6, ncol - 1, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B"), ("Độc lập - Tự do - Hạnh phúc", "B")]),
    ]
    notes = ["Số liệu của các hồ sơ do quầy này tiếp nhận, tính theo sự kiện trong ngày; phí, lệ phí tính theo "
             "ngày biên lai. Số liệu in ra là số liệu đã lưu khi chốt, không đếm lại."]
    signed = timeutil.parse_iso(close["closed_at"])
    place = (meta.get("place_name") or "").strip() or "……"
    signatures = [
        [("", "R"), ("NGƯỜI LẬP", "B"), ("(Ký, ghi rõ họ tên)", "I"), *([("", "R")] * 3), (meta.get("preparer") or "", "B")],
        [(f"{place}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}", "I"),
         ("GIÁM SÁT VIÊN", "B"), ("(Ký, ghi rõ họ tên)", "I"), *([("", "R")] * 3), (close["closed_by"] or "", "B")],
    ]
    return Table("Chốt ngày", columns, header, 2, rows, total, blocks, sheet_lines(data), notes=notes,
                 signatures=signatures, title=f"Biên bản chốt số liệu ngày {timeutil.vn_date(day)}")


def render_sheet(data: dict[str, Any]) -> bytes:
    """Pure rendering (no database): the GUI runs it on its render pool."""
    from .pdf import render_pdf

    t = sheet_table(data)
    return render_pdf([t], title=t.title, author=data["meta"].get("agency_name", ""))


def sheet_details(data: dict[str, Any], how: str) -> dict[str, Any]:
    """What the audit keeps of a printed or saved sheet (no personal data)."""
    return {"format": how, "day": data["day"], "figures_sha256": data["close"]["sha256"],
            "intact": data["close"]["intact"]}


def export_sheet(db: sqlite_utils.Database, actor: Actor, day: date, out: Path) -> dict[str, Any]:
    """Render the sheet of ``day`` and write it to ``out`` (atomically, audited)."""
    data = sheet_data(db, actor, day)
    pdf = render_sheet(data)
    return service.save_export(db, actor, Path(out), pdf, "day-sheet", sheet_details(data, "pdf"))


def record_print(db: sqlite_utils.Database, actor: Actor, details: dict[str, Any]) -> None:
    """Audit a sheet sent to a printer."""
    accounts.require_supervisor(actor)
    with write_tx(db):
        audit.record(db, actor, "report-export", "day-sheet", details)
